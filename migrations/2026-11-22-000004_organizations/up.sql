-- Organizations (the capital-raising entity: company, property, fund, SPV), their team
-- (members), their single address and single bank account.
-- Source: seeds/001_d17389470978c889.txt (Organization, Address, BankAccount),
-- seeds/000_a443c91d13a4a6ea.txt ("Organization Contact Point", "Organization Members"),
-- seeds/002_338b46960d33f2b9.txt (/organizations routes: approved_at, submitted_at,
-- canceled_at, integration ids, members' member_type/status).

CREATE TABLE organizations (
    id                     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id             UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,

    -- Seed attribute `user_id`: the creator, never changes. Named author_user_id so it is
    -- not mistaken for "a user of this organization".
    author_user_id         UUID NOT NULL,
    -- Seed attribute `contact_point`: defaults to the author; may be any member; reverts
    -- to the author when the contact leaves (service rule, seed 000). Not constrained to
    -- organization_members because the author may leave the team and still be the
    -- fallback contact point.
    contact_point_user_id  UUID NOT NULL,

    -- 0 Draft, 1 Submitted, 2 Rejected, 3 Approved, 4 Restricted, 5 Published,
    -- 6 Archived, 7 Cancelled (DESIGN §5). Forward-only moves are a service rule.
    life_cycle_stage       SMALLINT NOT NULL DEFAULT 0
                           CONSTRAINT organizations_life_cycle_stage_range
                           CHECK (life_cycle_stage BETWEEN 0 AND 7),
    visibility             SMALLINT NOT NULL DEFAULT 0
                           CONSTRAINT organizations_visibility_range CHECK (visibility BETWEEN 0 AND 2),

    display_name           TEXT NOT NULL
                           CONSTRAINT organizations_display_name_not_blank CHECK (btrim(display_name) <> ''),
    legal_name             TEXT,
    alternate_name         TEXT,
    additional_type        TEXT,
    brief_desc             TEXT,
    detail_desc            TEXT,
    sector                 TEXT,
    location               TEXT,
    founding_date          DATE,
    founding_location      TEXT,
    company_number         TEXT,
    tax_id                 TEXT,
    credit_score           TEXT,
    org_email              TEXT,
    telephone              TEXT,
    website                TEXT,
    facebook               TEXT,
    linkedin               TEXT,
    twitter                TEXT,
    youtube                TEXT,
    -- Seed attribute `logo` (a Document id); FK added in migration 000008.
    logo_document_id       UUID,

    -- Third-party integration identifiers (integrations not enabled, DESIGN §4).
    gcen_client_id         TEXT,
    mangopay_user_id       TEXT,
    mangopay_card_id       TEXT,
    mangopay_wallet_id     TEXT,
    fundamerica_entity_id  TEXT,
    reyker_isin            TEXT,

    custom                 JSONB NOT NULL DEFAULT '{}'
                           CONSTRAINT organizations_custom_object CHECK (jsonb_typeof(custom) = 'object'),

    -- Stage timestamps (seed 002 shows submitted_at, approved_at, canceled_at).
    submitted_at           TIMESTAMPTZ,
    approved_at            TIMESTAMPTZ,
    published_at           TIMESTAMPTZ,
    canceled_at            TIMESTAMPTZ,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT organizations_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT organizations_author_fk FOREIGN KEY (network_id, author_user_id)
        REFERENCES users (network_id, id),
    CONSTRAINT organizations_contact_point_fk FOREIGN KEY (network_id, contact_point_user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX organizations_network_author_idx ON organizations (network_id, author_user_id);
CREATE INDEX organizations_network_contact_point_idx ON organizations (network_id, contact_point_user_id);
CREATE INDEX organizations_network_logo_document_idx ON organizations (network_id, logo_document_id);
CREATE INDEX organizations_network_stage_idx ON organizations (network_id, life_cycle_stage, visibility);
CREATE INDEX organizations_network_created_at_idx ON organizations (network_id, created_at DESC);
CREATE INDEX organizations_network_display_name_idx ON organizations (network_id, display_name);
SELECT diesel_manage_updated_at('organizations');


-- The team of an organization. Members have the author's privileges (seed 000). The
-- creator's row has member_type 'author'; status false keeps the row of a member who
-- left (seed 002 "status": whether the membership is active).
CREATE TABLE organization_members (
    network_id       UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    organization_id  UUID NOT NULL,
    user_id          UUID NOT NULL,
    member_type      TEXT NOT NULL DEFAULT 'member'
                     CONSTRAINT organization_members_member_type_values
                     CHECK (member_type IN ('author', 'member')),
    status           BOOLEAN NOT NULL DEFAULT true,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id),
    CONSTRAINT organization_members_organization_fk FOREIGN KEY (network_id, organization_id)
        REFERENCES organizations (network_id, id) ON DELETE CASCADE,
    CONSTRAINT organization_members_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id) ON DELETE CASCADE
);
-- At most one author row per organization.
CREATE UNIQUE INDEX organization_members_one_author_key
    ON organization_members (organization_id) WHERE member_type = 'author';
CREATE INDEX organization_members_network_organization_idx
    ON organization_members (network_id, organization_id);
-- "Is the viewer a member of X" / "organizations of user U" (visibility checks everywhere).
CREATE INDEX organization_members_network_user_idx
    ON organization_members (network_id, user_id, organization_id);
SELECT diesel_manage_updated_at('organization_members');


-- "Organizations can have up to one Address" (seed 001): UNIQUE organization_id.
CREATE TABLE organization_addresses (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id        UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    organization_id   UUID NOT NULL,
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
    CONSTRAINT organization_addresses_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT organization_addresses_one_per_organization UNIQUE (network_id, organization_id),
    CONSTRAINT organization_addresses_organization_fk FOREIGN KEY (network_id, organization_id)
        REFERENCES organizations (network_id, id) ON DELETE CASCADE
);
SELECT diesel_manage_updated_at('organization_addresses');


-- "Organizations can have up to one Bank Account" (seed 001): UNIQUE organization_id.
CREATE TABLE organization_bank_accounts (
    id                   UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id           UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    organization_id      UUID NOT NULL,
    bank_name            TEXT,
    bank_account_number  TEXT,
    bank_routing_number  TEXT,
    bank_swift_code      TEXT,
    bank_address         TEXT,
    bank_country         TEXT,
    bank_currency        TEXT
                         CONSTRAINT organization_bank_accounts_currency_iso
                         CHECK (bank_currency ~ '^[A-Z]{3}$'),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT organization_bank_accounts_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT organization_bank_accounts_one_per_organization UNIQUE (network_id, organization_id),
    CONSTRAINT organization_bank_accounts_organization_fk FOREIGN KEY (network_id, organization_id)
        REFERENCES organizations (network_id, id) ON DELETE CASCADE
);
SELECT diesel_manage_updated_at('organization_bank_accounts');
