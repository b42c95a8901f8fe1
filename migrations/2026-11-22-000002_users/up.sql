-- Users of a network (investors, fundraisers, brokers, admins) and what hangs off them
-- directly: addresses, bank accounts, and the audit log of blocks.
-- Source: seeds/001_d17389470978c889.txt (User, Address, BankAccount) and the /self and
-- /users routes of seeds/002_338b46960d33f2b9.txt (blocking, onboarding flags).
--
-- Tenancy pattern used by every table from here on: `network_id` + UNIQUE (network_id, id),
-- and every reference to another domain row is the pair (network_id, x_id), so a row of
-- network A can never point at a row of network B. Inter-table FKs are NO ACTION (not
-- RESTRICT): when a network is deleted the cascade removes both sides in one statement
-- and NO ACTION only checks at the end of that statement.

CREATE TABLE users (
    id                        UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id                UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,

    -- Login identity. Stored as entered (for display and mail); uniqueness is on
    -- lower(email) per network, see the index below.
    email                     TEXT NOT NULL
                              CONSTRAINT users_email_format
                              CHECK (length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+$'),
    -- argon2id PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash). NULL = no
    -- password login possible (e.g. account created by an admin and never activated).
    -- The CHECK makes storing a clear-text password impossible by mistake.
    password_hash             TEXT
                              CONSTRAINT users_password_hash_argon2id
                              CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    password_expired          BOOLEAN NOT NULL DEFAULT false,

    -- Roles and onboarding gates (seed 000 "User Onboarding", seed 001).
    is_admin                  BOOLEAN NOT NULL DEFAULT false,
    is_vip                    BOOLEAN NOT NULL DEFAULT false,
    email_verified            BOOLEAN NOT NULL DEFAULT false,
    phone_verified            BOOLEAN NOT NULL DEFAULT false,
    term_service_accepted     BOOLEAN NOT NULL DEFAULT false,
    term_service_accepted_at  TIMESTAMPTZ,
    registration_complete     BOOLEAN NOT NULL DEFAULT false,
    has_been_approved         BOOLEAN NOT NULL DEFAULT false,

    -- Current block (POST /self/blockUser: user_message, description, expiration_date).
    -- A block is in force while has_been_blocked AND (block_expiration_date IS NULL OR
    -- block_expiration_date > current_date); the history of blocks is in
    -- user_access_denied_logs. Kept on the row because every authenticated call checks it.
    has_been_blocked          BOOLEAN NOT NULL DEFAULT false,
    block_user_message        TEXT,
    block_description         TEXT,
    block_expiration_date     DATE,
    blocked_at                TIMESTAMPTZ,
    -- DELETE /self: the account is blocked and flagged, never physically deleted (audit).
    deletion_requested_at     TIMESTAMPTZ,

    -- Affiliates (seed 000 "Affiliates"): a new user A was referred by B when
    -- A.referral_code = B.affiliate_code. referred_by_user_id records the match resolved
    -- at sign-up, so later changes of B's code do not rewrite history.
    affiliate_code            TEXT,
    referral_code             TEXT,
    referred_by_user_id       UUID,

    visibility                SMALLINT NOT NULL DEFAULT 0
                              CONSTRAINT users_visibility_range CHECK (visibility BETWEEN 0 AND 2),

    -- Profile (seed 001, User).
    honorific_prefix          TEXT,
    given_name                TEXT,
    additional_name           TEXT,
    family_name               TEXT,
    honorific_suffix          TEXT,
    additional_type           TEXT,
    biography                 TEXT,
    tagline                   TEXT,
    job_title                 TEXT,
    sector                    TEXT,
    location                  TEXT,
    web_site                  TEXT,
    time_zone                 TEXT,
    gender                    TEXT,
    income_range              TEXT,
    -- Profile picture: a document attached to this user. The FK to documents is added in
    -- migration 000008 (documents do not exist yet here).
    image_document_id         UUID,

    -- Private / KYC fields (visible to self and admins only, DESIGN §6).
    birth_date                DATE,
    birth_place               TEXT,
    birth_country             TEXT,
    nationality               TEXT
                              CONSTRAINT users_nationality_iso2 CHECK (nationality ~ '^[A-Z]{2}$'),
    passport_number           TEXT,
    passport_country          TEXT
                              CONSTRAINT users_passport_country_iso2 CHECK (passport_country ~ '^[A-Z]{2}$'),
    passport_expiry           DATE,
    driving_license_number    TEXT,
    tax_id                    TEXT,
    phone_1                   TEXT,
    phone_2                   TEXT,
    external_reference_id     TEXT,

    -- Identifiers set by third-party integrations (not enabled, DESIGN §4; kept so the
    -- REST shim can return the documented attributes and imports keep them).
    gbg_pass_id               TEXT,
    gcen_client_id            TEXT,
    mangopay_user_id          TEXT,
    mangopay_card_id          TEXT,
    reyker_id                 TEXT,
    fundamerica_entity_id     TEXT,

    custom                    JSONB NOT NULL DEFAULT '{}'
                              CONSTRAINT users_custom_object CHECK (jsonb_typeof(custom) = 'object'),

    last_login_at             TIMESTAMPTZ,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT users_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT users_not_referred_by_self CHECK (referred_by_user_id <> id),
    -- PG15 column list: deleting the referrer clears only referred_by_user_id (network_id
    -- is NOT NULL and part of the key).
    CONSTRAINT users_referred_by_fk FOREIGN KEY (network_id, referred_by_user_id)
        REFERENCES users (network_id, id) ON DELETE SET NULL (referred_by_user_id)
);

-- Emails are unique per network regardless of case (login looks up lower(email)).
CREATE UNIQUE INDEX users_network_email_key ON users (network_id, lower(email));
-- An affiliate code identifies one referrer.
CREATE UNIQUE INDEX users_network_affiliate_code_key ON users (network_id, affiliate_code)
    WHERE affiliate_code IS NOT NULL;
CREATE INDEX users_network_referral_code_idx ON users (network_id, referral_code)
    WHERE referral_code IS NOT NULL;
CREATE INDEX users_network_referred_by_idx ON users (network_id, referred_by_user_id);
CREATE INDEX users_network_image_document_idx ON users (network_id, image_document_id);
CREATE INDEX users_network_created_at_idx ON users (network_id, created_at DESC);
CREATE INDEX users_network_visibility_idx ON users (network_id, visibility);

SELECT diesel_manage_updated_at('users');


-- A user's addresses. "The address" of a user is the first one in
-- ORDER BY position, created_at, id (seed 001: "address ... returns the first in the list").
-- position is not unique on purpose: inserting at the end never races on a unique key,
-- and the tie-breakers keep the order total.
CREATE TABLE user_addresses (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id        UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id           UUID NOT NULL,
    position          INTEGER NOT NULL DEFAULT 0
                      CONSTRAINT user_addresses_position_nonneg CHECK (position >= 0),
    building          TEXT,
    sub_building      TEXT,
    street_address    TEXT,
    address_locality  TEXT,
    city              TEXT,
    region            TEXT,
    postal_code       TEXT,
    country           TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_addresses_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT user_addresses_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id) ON DELETE CASCADE
);
CREATE INDEX user_addresses_network_user_idx
    ON user_addresses (network_id, user_id, position, created_at, id);
SELECT diesel_manage_updated_at('user_addresses');


-- A user's bank accounts (any number), ordered like addresses.
CREATE TABLE user_bank_accounts (
    id                   UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id           UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id              UUID NOT NULL,
    position             INTEGER NOT NULL DEFAULT 0
                         CONSTRAINT user_bank_accounts_position_nonneg CHECK (position >= 0),
    bank_name            TEXT,
    bank_account_number  TEXT,
    bank_routing_number  TEXT,
    bank_swift_code      TEXT,
    bank_address         TEXT,
    bank_country         TEXT,
    bank_currency        TEXT
                         CONSTRAINT user_bank_accounts_currency_iso CHECK (bank_currency ~ '^[A-Z]{3}$'),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_bank_accounts_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT user_bank_accounts_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id) ON DELETE CASCADE
);
CREATE INDEX user_bank_accounts_network_user_idx
    ON user_bank_accounts (network_id, user_id, position, created_at, id);
SELECT diesel_manage_updated_at('user_bank_accounts');


-- Audit trail of blocks: POST /self/blockUser answers `user_access_denied_log_id`, and
-- admins block/unblock from the back office. The current block is mirrored on users.
CREATE TABLE user_access_denied_logs (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id          UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id             UUID NOT NULL,
    -- Who blocked: NULL when the user blocked themself (POST /self/blockUser) or the
    -- system did (e.g. DELETE /self).
    blocked_by_user_id  UUID,
    user_message        TEXT,
    description         TEXT,
    expiration_date     DATE,
    lifted_at           TIMESTAMPTZ,
    lifted_by_user_id   UUID,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_access_denied_logs_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT user_access_denied_logs_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id),
    CONSTRAINT user_access_denied_logs_blocked_by_fk FOREIGN KEY (network_id, blocked_by_user_id)
        REFERENCES users (network_id, id),
    CONSTRAINT user_access_denied_logs_lifted_by_fk FOREIGN KEY (network_id, lifted_by_user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX user_access_denied_logs_network_user_idx
    ON user_access_denied_logs (network_id, user_id, created_at DESC);
CREATE INDEX user_access_denied_logs_network_blocked_by_idx
    ON user_access_denied_logs (network_id, blocked_by_user_id);
CREATE INDEX user_access_denied_logs_network_lifted_by_idx
    ON user_access_denied_logs (network_id, lifted_by_user_id);
