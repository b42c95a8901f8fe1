-- Offerings (a capital raise of an organization), investments (a user's commitment to an
-- offering) and bulletins (news items of an offering).
-- Source: seeds/001_d17389470978c889.txt (Offering, Investment, Bulletin),
-- seeds/002_338b46960d33f2b9.txt (offering routes: capitalization_id, primary_offering_id,
-- fundamerica/mangopay ids; investments: settled_at, fundamerica_investment_id),
-- seeds/000_a443c91d13a4a6ea.txt ("Offering Investment Rules", "Secondary Markets"),
-- DESIGN.md §5, §7, §8.
-- "Payment schedules" of the seeds (POST .../generatePaymentSchedule) are Payouts: they
-- live in the payouts table (migration 000007), not in a table of their own.

CREATE TABLE offerings (
    id                      UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id              UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    -- Fixed at creation (seed 001: an offering cannot change its organization).
    organization_id         UUID NOT NULL,
    -- The creator (seed `user_id`): the seller of a secondary offering.
    user_id                 UUID NOT NULL,
    -- The capitalization (share block) offered through this offering, if any. The FK is
    -- added in migration 000006, where capitalizations are created.
    capitalization_id       UUID,
    -- Secondary market: the original offering this one re-sells.
    primary_offering_id     UUID,

    -- 0 Draft, 1 Submitted, 2 Rejected, 3 Approved, 4 Restricted, 5 Published,
    -- 7 Closing, 8 Settled, 9 Canceled. 6 (Live) is only an input alias of Published:
    -- it is stored as 5, so the CHECK refuses 6 and a forgotten mapping fails loudly.
    life_cycle_stage        SMALLINT NOT NULL DEFAULT 0
                            CONSTRAINT offerings_life_cycle_stage_range
                            CHECK (life_cycle_stage BETWEEN 0 AND 9 AND life_cycle_stage <> 6),

    name                    TEXT,
    offering_description    TEXT,
    additional_type         TEXT,
    category                TEXT,
    credit_score            TEXT,
    currency                TEXT
                            CONSTRAINT offerings_currency_iso CHECK (currency ~ '^[A-Z]{3}$'),
    is_featured             BOOLEAN NOT NULL DEFAULT false,
    is_secondary_offering   BOOLEAN NOT NULL DEFAULT false,

    -- Money NUMERIC(20,4); shares and prices per share NUMERIC(24,8); rates NUMERIC(9,4).
    funding_goal            NUMERIC(20,4)
                            CONSTRAINT offerings_funding_goal_nonneg CHECK (funding_goal >= 0),
    -- Counted into amount_raised; 0 rather than NULL so the sum needs no COALESCE.
    external_commitments    NUMERIC(20,4) NOT NULL DEFAULT 0
                            CONSTRAINT offerings_external_commitments_nonneg CHECK (external_commitments >= 0),
    valuation               NUMERIC(20,4)
                            CONSTRAINT offerings_valuation_nonneg CHECK (valuation >= 0),
    service_charge          NUMERIC(20,4)
                            CONSTRAINT offerings_service_charge_nonneg CHECK (service_charge >= 0),
    equity_offered          NUMERIC(9,4)
                            CONSTRAINT offerings_equity_offered_percent CHECK (equity_offered BETWEEN 0 AND 100),
    interest_rate           NUMERIC(9,4)
                            CONSTRAINT offerings_interest_rate_nonneg CHECK (interest_rate >= 0),
    term                    INTEGER
                            CONSTRAINT offerings_term_nonneg CHECK (term >= 0),
    num_of_shares           NUMERIC(24,8)
                            CONSTRAINT offerings_num_of_shares_nonneg CHECK (num_of_shares >= 0),
    price_per_share         NUMERIC(24,8)
                            CONSTRAINT offerings_price_per_share_nonneg CHECK (price_per_share >= 0),

    -- Investment rules (seed 000): each one is enabled when set (NULL = no rule).
    open_date               DATE,
    close_date              DATE,
    min_commitment          NUMERIC(20,4)
                            CONSTRAINT offerings_min_commitment_nonneg CHECK (min_commitment >= 0),
    max_commitment          NUMERIC(20,4)
                            CONSTRAINT offerings_max_commitment_nonneg CHECK (max_commitment >= 0),
    max_overfunding_amount  NUMERIC(20,4)
                            CONSTRAINT offerings_max_overfunding_nonneg CHECK (max_overfunding_amount >= 0),

    -- Third-party integration identifiers (integrations not enabled, DESIGN §4).
    gcen_client_id          TEXT,
    mangopay_wallet_id      TEXT,
    fundamerica_offering_id TEXT,

    custom                  JSONB NOT NULL DEFAULT '{}'
                            CONSTRAINT offerings_custom_object CHECK (jsonb_typeof(custom) = 'object'),

    -- Stamped on entry into the stage (DESIGN §7).
    submitted_at            TIMESTAMPTZ,
    published_at            TIMESTAMPTZ,
    settled_at              TIMESTAMPTZ,
    canceled_at             TIMESTAMPTZ,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT offerings_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT offerings_dates_ordered CHECK (open_date <= close_date),
    CONSTRAINT offerings_commitments_ordered CHECK (min_commitment <= max_commitment),
    CONSTRAINT offerings_not_own_primary CHECK (primary_offering_id <> id),
    CONSTRAINT offerings_organization_fk FOREIGN KEY (network_id, organization_id)
        REFERENCES organizations (network_id, id),
    CONSTRAINT offerings_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id),
    CONSTRAINT offerings_primary_offering_fk FOREIGN KEY (network_id, primary_offering_id)
        REFERENCES offerings (network_id, id)
);
CREATE INDEX offerings_network_stage_idx ON offerings (network_id, life_cycle_stage, created_at DESC);
CREATE INDEX offerings_network_created_at_idx ON offerings (network_id, created_at DESC);
CREATE INDEX offerings_network_organization_idx ON offerings (network_id, organization_id, life_cycle_stage);
CREATE INDEX offerings_network_user_idx ON offerings (network_id, user_id);
CREATE INDEX offerings_network_primary_offering_idx ON offerings (network_id, primary_offering_id);
CREATE INDEX offerings_network_capitalization_idx ON offerings (network_id, capitalization_id);
-- GET /public/featuredOfferings.
CREATE INDEX offerings_network_featured_idx ON offerings (network_id, life_cycle_stage)
    WHERE is_featured;
SELECT diesel_manage_updated_at('offerings');


CREATE TABLE investments (
    id                        UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id                UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    offering_id               UUID NOT NULL,
    -- The investor.
    user_id                   UUID NOT NULL,

    -- 0 Open, 1 Rejected, 2 Approved, 3 Withdrawn, 4 Settled (DESIGN §5).
    life_cycle_stage          SMALLINT NOT NULL DEFAULT 0
                              CONSTRAINT investments_life_cycle_stage_range
                              CHECK (life_cycle_stage BETWEEN 0 AND 4),
    visibility                SMALLINT NOT NULL DEFAULT 0
                              CONSTRAINT investments_visibility_range CHECK (visibility BETWEEN 0 AND 2),

    -- 0 = an expression of interest (seed 002, POST /offerings/{id}/investments).
    investment_amount         NUMERIC(20,4) NOT NULL DEFAULT 0
                              CONSTRAINT investments_amount_nonneg CHECK (investment_amount >= 0),
    -- Drives capitalization distribution (seed 000, "Share Registries").
    number_of_shares          NUMERIC(24,8)
                              CONSTRAINT investments_number_of_shares_nonneg CHECK (number_of_shares >= 0),
    currency                  TEXT
                              CONSTRAINT investments_currency_iso CHECK (currency ~ '^[A-Z]{3}$'),
    interest_rate             NUMERIC(9,4)
                              CONSTRAINT investments_interest_rate_nonneg CHECK (interest_rate >= 0),
    term                      INTEGER
                              CONSTRAINT investments_term_nonneg CHECK (term >= 0),
    service_charge            NUMERIC(20,4)
                              CONSTRAINT investments_service_charge_nonneg CHECK (service_charge >= 0),
    is_loanbook               BOOLEAN NOT NULL DEFAULT false,
    fundamerica_investment_id TEXT,

    custom                    JSONB NOT NULL DEFAULT '{}'
                              CONSTRAINT investments_custom_object CHECK (jsonb_typeof(custom) = 'object'),

    -- Stage timestamps (seed 002 shows settled_at; the others complete the audit trail).
    approved_at               TIMESTAMPTZ,
    rejected_at               TIMESTAMPTZ,
    withdrawn_at              TIMESTAMPTZ,
    settled_at                TIMESTAMPTZ,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT investments_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT investments_offering_fk FOREIGN KEY (network_id, offering_id)
        REFERENCES offerings (network_id, id),
    CONSTRAINT investments_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
-- Offering's investments by stage (lists, amount_raised, counts, overfunding cap).
CREATE INDEX investments_network_offering_stage_idx
    ON investments (network_id, offering_id, life_cycle_stage);
-- Per-investor total in one offering (max_commitment rule).
CREATE INDEX investments_network_offering_user_idx
    ON investments (network_id, offering_id, user_id);
CREATE INDEX investments_network_user_idx ON investments (network_id, user_id, created_at DESC);
CREATE INDEX investments_network_created_at_idx ON investments (network_id, created_at DESC);
SELECT diesel_manage_updated_at('investments');


-- News items of an offering. The seeds give no stage list in the data model; the REST
-- reference lists 0 Open, 1 Rejected, 2 Approved, 3 Withdrawn, which is used here.
CREATE TABLE bulletins (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id        UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    offering_id       UUID NOT NULL,
    -- Author (not a seed attribute; kept for the audit trail and permission checks).
    user_id           UUID,
    title             TEXT,
    body              TEXT,
    life_cycle_stage  SMALLINT NOT NULL DEFAULT 0
                      CONSTRAINT bulletins_life_cycle_stage_range CHECK (life_cycle_stage BETWEEN 0 AND 3),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT bulletins_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT bulletins_offering_fk FOREIGN KEY (network_id, offering_id)
        REFERENCES offerings (network_id, id),
    CONSTRAINT bulletins_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX bulletins_network_offering_idx ON bulletins (network_id, offering_id, created_at DESC);
CREATE INDEX bulletins_network_user_idx ON bulletins (network_id, user_id);
SELECT diesel_manage_updated_at('bulletins');
