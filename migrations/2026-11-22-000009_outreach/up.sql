-- Outreach: invitations sent by users, applications (generic submissions for admin
-- review), the mail outbox, and newsletter sign-ups.
-- Source: seeds/001_d17389470978c889.txt (Invitation, Application),
-- seeds/002_338b46960d33f2b9.txt (/self/invitations, /self/applications,
-- /public/applications, /public/newsletterSignUp), DESIGN.md §5, §13.

CREATE TABLE invitations (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id          UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    -- The inviting user (seed `author_id`).
    author_id           UUID NOT NULL,
    -- The invitee.
    email               TEXT NOT NULL
                        CONSTRAINT invitations_email_format
                        CHECK (length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+$'),
    given_name          TEXT,
    family_name         TEXT,
    organization_name   TEXT,
    -- Hash of the secret in the invitation link (not a seed attribute): lets the service
    -- recognise the link when the invitee responds/registers.
    secret_hash         TEXT UNIQUE,
    expires_at          TIMESTAMPTZ,
    -- When the invitee clicked the link.
    responded_at        TIMESTAMPTZ,
    -- The user who registered through this invitation, if any.
    registered_user_id  UUID,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT invitations_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT invitations_author_fk FOREIGN KEY (network_id, author_id)
        REFERENCES users (network_id, id),
    CONSTRAINT invitations_registered_user_fk FOREIGN KEY (network_id, registered_user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX invitations_network_author_idx ON invitations (network_id, author_id, created_at DESC);
CREATE INDEX invitations_network_email_idx ON invitations (network_id, lower(email));
CREATE INDEX invitations_network_registered_user_idx ON invitations (network_id, registered_user_id);
SELECT diesel_manage_updated_at('invitations');


-- Applications: a light, mostly custom-field object for onboarding or funding requests,
-- possibly promoted later to an offering or investment. The seed's `offering` and
-- `organization` attributes are stored as offering_id / organization_id.
CREATE TABLE applications (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id         UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    -- Who created it; equals user_id unless created on behalf of someone else.
    author_id          UUID NOT NULL,
    -- Whose application it is.
    user_id            UUID NOT NULL,
    offering_id        UUID,
    organization_id    UUID,
    -- 0 Open, 1 Rejected, 2 Approved, 3 Withdrawn, 4 Completed (DESIGN §5).
    life_cycle_stage   SMALLINT NOT NULL DEFAULT 0
                       CONSTRAINT applications_life_cycle_stage_range CHECK (life_cycle_stage BETWEEN 0 AND 4),
    additional_type    TEXT,
    code               TEXT,
    description        TEXT,
    funding_goal       NUMERIC(20,4)
                       CONSTRAINT applications_funding_goal_nonneg CHECK (funding_goal >= 0),
    investment_amount  NUMERIC(20,4)
                       CONSTRAINT applications_investment_amount_nonneg CHECK (investment_amount >= 0),
    interest_rate      NUMERIC(9,4)
                       CONSTRAINT applications_interest_rate_nonneg CHECK (interest_rate >= 0),
    number_of_shares   NUMERIC(24,8)
                       CONSTRAINT applications_number_of_shares_nonneg CHECK (number_of_shares >= 0),
    price_per_share    NUMERIC(24,8)
                       CONSTRAINT applications_price_per_share_nonneg CHECK (price_per_share >= 0),
    term               INTEGER
                       CONSTRAINT applications_term_nonneg CHECK (term >= 0),
    custom             JSONB NOT NULL DEFAULT '{}'
                       CONSTRAINT applications_custom_object CHECK (jsonb_typeof(custom) = 'object'),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT applications_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT applications_author_fk FOREIGN KEY (network_id, author_id)
        REFERENCES users (network_id, id),
    CONSTRAINT applications_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id),
    CONSTRAINT applications_offering_fk FOREIGN KEY (network_id, offering_id)
        REFERENCES offerings (network_id, id),
    CONSTRAINT applications_organization_fk FOREIGN KEY (network_id, organization_id)
        REFERENCES organizations (network_id, id)
);
-- GET /public/applications lists stage 2 (Approved).
CREATE INDEX applications_network_stage_idx ON applications (network_id, life_cycle_stage, created_at DESC);
CREATE INDEX applications_network_user_idx ON applications (network_id, user_id, created_at DESC);
CREATE INDEX applications_network_author_idx ON applications (network_id, author_id);
CREATE INDEX applications_network_offering_idx ON applications (network_id, offering_id);
CREATE INDEX applications_network_organization_idx ON applications (network_id, organization_id);
CREATE INDEX applications_network_created_at_idx ON applications (network_id, created_at DESC);
SELECT diesel_manage_updated_at('applications');


-- Outbox of mails (DESIGN §13): written in the same transaction as the change that
-- causes the mail, then delivered by a sender (SMTP, or the log). status: 0 pending,
-- 1 sent, 2 failed (given up). A pending mail is due when next_attempt_at <= now();
-- the sender claims rows with FOR UPDATE SKIP LOCKED. Bodies may contain single-use
-- secrets in links: sent rows can be purged after a retention period.
CREATE TABLE mail_outbox (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id       UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    to_address       TEXT NOT NULL
                     CONSTRAINT mail_outbox_to_address_format
                     CHECK (length(to_address) <= 254 AND to_address ~ '^[^@\s]+@[^@\s]+$'),
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT,
    -- e.g. 'verify_email', 'reset_password', 'invitation', 'block_notice',
    -- 'newsletter_signup' (free text, for logs and templates).
    kind             TEXT NOT NULL
                     CONSTRAINT mail_outbox_kind_format CHECK (kind ~ '^[a-z][a-z0-9_]{0,62}$'),
    status           SMALLINT NOT NULL DEFAULT 0
                     CONSTRAINT mail_outbox_status_range CHECK (status BETWEEN 0 AND 2),
    attempts         INTEGER NOT NULL DEFAULT 0
                     CONSTRAINT mail_outbox_attempts_nonneg CHECK (attempts >= 0),
    last_error       TEXT,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at          TIMESTAMPTZ,
    CONSTRAINT mail_outbox_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT mail_outbox_sent_at_iff_sent CHECK ((status = 1) = (sent_at IS NOT NULL))
);
-- The sender's queue (across networks).
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (next_attempt_at) WHERE status = 0;
CREATE INDEX mail_outbox_network_created_at_idx ON mail_outbox (network_id, created_at DESC);


-- POST /public/newsletterSignUp: an alert for the admin team that someone wants the
-- newsletter (not a mailing list). One row per address per network; repeating the
-- sign-up is idempotent (INSERT ... ON CONFLICT DO NOTHING on the lower(email) index).
CREATE TABLE newsletter_signups (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id  UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    email       TEXT NOT NULL
                CONSTRAINT newsletter_signups_email_format
                CHECK (length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+$'),
    -- The logged-in user who signed up, when there was one.
    user_id     UUID,
    -- Set by an admin once the address was added to the real newsletter system.
    handled_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT newsletter_signups_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT newsletter_signups_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
CREATE UNIQUE INDEX newsletter_signups_network_email_key ON newsletter_signups (network_id, lower(email));
CREATE INDEX newsletter_signups_network_user_idx ON newsletter_signups (network_id, user_id);
CREATE INDEX newsletter_signups_network_created_at_idx ON newsletter_signups (network_id, created_at DESC);
