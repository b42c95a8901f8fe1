-- Share registry: capitalizations (blocks of shares or loan parts of an organization held
-- by a user), the parent/child links created by split, merge and distribution, and the
-- change log of every capitalization.
-- Source: seeds/001_d17389470978c889.txt (Capitalization), seeds/000_a443c91d13a4a6ea.txt
-- ("Share Registries", "Secondary Markets"), seeds/002_338b46960d33f2b9.txt
-- (/capitalizations routes: changelog, split with parent_id, merge; /self/portfolio:
-- transaction_cost), DESIGN.md §5, §10.

CREATE TABLE capitalizations (
    id                               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id                       UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    organization_id                  UUID NOT NULL,
    -- Creator (seed `author_id`).
    author_id                        UUID,
    -- Current holder (seed `owner_id`). NULL = held by the organization itself (e.g.
    -- Treasury, or Authorized capital not yet allotted to anyone).
    owner_id                         UUID,
    -- For a child created by distribution: the Settled investment it was allotted for.
    -- Unique, so a distribution can never allot twice for the same investment.
    investment_id                    UUID,

    -- 0 Equity, 1 Preferred Equity, 2 Debt.
    capitalization_type              SMALLINT NOT NULL DEFAULT 0
                                     CONSTRAINT capitalizations_type_range
                                     CHECK (capitalization_type BETWEEN 0 AND 2),
    -- 0 Authorized, 1 Issued, 2 Offered, 3 Treasury, 4 Distributed (= Split, superseded
    -- by children), 5 Merged. 4 and 5 are not live: they are excluded from share totals.
    life_cycle_stage                 SMALLINT NOT NULL DEFAULT 0
                                     CONSTRAINT capitalizations_life_cycle_stage_range
                                     CHECK (life_cycle_stage BETWEEN 0 AND 5),

    -- Share counts are decimal: loan parts need not be whole (seed 000, P2P lending).
    number_of_shares                 NUMERIC(24,8) NOT NULL
                                     CONSTRAINT capitalizations_shares_nonneg CHECK (number_of_shares >= 0),
    price_per_share                  NUMERIC(24,8) NOT NULL DEFAULT 0
                                     CONSTRAINT capitalizations_price_nonneg CHECK (price_per_share >= 0),
    -- valuation_gain = price_per_share*number_of_shares
    --                - price_per_share_at_acquisition*number_of_shares_at_acquisition
    -- (computed). When not given, the trigger below copies the current values at INSERT,
    -- which is what "at acquisition" means for a new block.
    number_of_shares_at_acquisition  NUMERIC(24,8) NOT NULL
                                     CONSTRAINT capitalizations_shares_acq_nonneg
                                     CHECK (number_of_shares_at_acquisition >= 0),
    price_per_share_at_acquisition   NUMERIC(24,8) NOT NULL
                                     CONSTRAINT capitalizations_price_acq_nonneg
                                     CHECK (price_per_share_at_acquisition >= 0),
    service_charge                   NUMERIC(20,4)
                                     CONSTRAINT capitalizations_service_charge_nonneg CHECK (service_charge >= 0),
    -- Used by GET /self/portfolio (seed 002).
    transaction_cost                 NUMERIC(20,4)
                                     CONSTRAINT capitalizations_transaction_cost_nonneg CHECK (transaction_cost >= 0),

    created_at                       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                       TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT capitalizations_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT capitalizations_organization_fk FOREIGN KEY (network_id, organization_id)
        REFERENCES organizations (network_id, id),
    CONSTRAINT capitalizations_author_fk FOREIGN KEY (network_id, author_id)
        REFERENCES users (network_id, id),
    CONSTRAINT capitalizations_owner_fk FOREIGN KEY (network_id, owner_id)
        REFERENCES users (network_id, id),
    CONSTRAINT capitalizations_investment_fk FOREIGN KEY (network_id, investment_id)
        REFERENCES investments (network_id, id)
);
CREATE INDEX capitalizations_network_organization_idx
    ON capitalizations (network_id, organization_id, life_cycle_stage);
CREATE INDEX capitalizations_network_owner_idx
    ON capitalizations (network_id, owner_id, created_at DESC);
CREATE INDEX capitalizations_network_author_idx ON capitalizations (network_id, author_id);
CREATE UNIQUE INDEX capitalizations_network_investment_key
    ON capitalizations (network_id, investment_id) WHERE investment_id IS NOT NULL;
CREATE INDEX capitalizations_network_created_at_idx ON capitalizations (network_id, created_at DESC);
SELECT diesel_manage_updated_at('capitalizations');

-- A new block's "at acquisition" figures default to its current figures. Done in a
-- BEFORE INSERT trigger (NOT NULL is checked after it) because a column DEFAULT cannot
-- refer to another column.
CREATE FUNCTION capitalizations_fill_acquisition() RETURNS trigger AS $$
BEGIN
    NEW.number_of_shares_at_acquisition :=
        COALESCE(NEW.number_of_shares_at_acquisition, NEW.number_of_shares);
    NEW.price_per_share_at_acquisition :=
        COALESCE(NEW.price_per_share_at_acquisition, NEW.price_per_share);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER capitalizations_fill_acquisition
    BEFORE INSERT ON capitalizations
    FOR EACH ROW EXECUTE FUNCTION capitalizations_fill_acquisition();


-- Offerings.capitalization_id (created in 000005 without FK, because capitalizations did
-- not exist yet) now gets its composite FK. A capitalization backs at most one offering
-- that is not Canceled (9); after a cancel it may be offered again.
ALTER TABLE offerings
    ADD CONSTRAINT offerings_capitalization_fk FOREIGN KEY (network_id, capitalization_id)
        REFERENCES capitalizations (network_id, id);
CREATE UNIQUE INDEX offerings_network_capitalization_key
    ON offerings (network_id, capitalization_id)
    WHERE capitalization_id IS NOT NULL AND life_cycle_stage <> 9;


-- Lineage of capitalizations. kind: 0 = split (one parent, several children),
-- 1 = merge (several parents, one child), 2 = distribution (one parent, one Issued child
-- per Settled investment plus the remainder). A link table rather than a parent_id
-- column because a merge child has several parents. The seed's `parent_id` of a split
-- child is the single parent found here.
CREATE TABLE capitalization_links (
    network_id  UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    parent_id   UUID NOT NULL,
    child_id    UUID NOT NULL,
    kind        SMALLINT NOT NULL
                CONSTRAINT capitalization_links_kind_range CHECK (kind BETWEEN 0 AND 2),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (parent_id, child_id),
    CONSTRAINT capitalization_links_not_self CHECK (parent_id <> child_id),
    CONSTRAINT capitalization_links_parent_fk FOREIGN KEY (network_id, parent_id)
        REFERENCES capitalizations (network_id, id),
    CONSTRAINT capitalization_links_child_fk FOREIGN KEY (network_id, child_id)
        REFERENCES capitalizations (network_id, id)
);
CREATE INDEX capitalization_links_network_parent_idx ON capitalization_links (network_id, parent_id);
CREATE INDEX capitalization_links_network_child_idx ON capitalization_links (network_id, child_id);


-- Change log (GET /capitalizations/{id}/changelog, DESIGN §10): every change keeps who,
-- when, the row before and the row after (as JSON objects of the capitalization's
-- columns). change_kind: 0 create, 1 update, 2 split, 3 merge, 4 distribution.
-- Append-only: UPDATE is refused by a trigger (DELETE stays possible so that deleting a
-- network can cascade).
CREATE TABLE capitalization_changelog (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id         UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    capitalization_id  UUID NOT NULL,
    -- Who made the change; NULL = the system (e.g. a scripted import).
    user_id            UUID,
    change_kind        SMALLINT NOT NULL DEFAULT 1
                       CONSTRAINT capitalization_changelog_kind_range CHECK (change_kind BETWEEN 0 AND 4),
    -- NULL before = the row did not exist (creation).
    before             JSONB
                       CONSTRAINT capitalization_changelog_before_object
                       CHECK (before IS NULL OR jsonb_typeof(before) = 'object'),
    after              JSONB NOT NULL
                       CONSTRAINT capitalization_changelog_after_object CHECK (jsonb_typeof(after) = 'object'),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT capitalization_changelog_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT capitalization_changelog_capitalization_fk FOREIGN KEY (network_id, capitalization_id)
        REFERENCES capitalizations (network_id, id),
    CONSTRAINT capitalization_changelog_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX capitalization_changelog_network_capitalization_idx
    ON capitalization_changelog (network_id, capitalization_id, created_at DESC);
CREATE INDEX capitalization_changelog_network_user_idx
    ON capitalization_changelog (network_id, user_id);

CREATE FUNCTION capitalization_changelog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'capitalization_changelog is append-only'
        USING ERRCODE = 'check_violation',
              CONSTRAINT = 'capitalization_changelog_append_only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER capitalization_changelog_append_only
    BEFORE UPDATE ON capitalization_changelog
    FOR EACH ROW EXECUTE FUNCTION capitalization_changelog_append_only();
