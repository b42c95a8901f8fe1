-- The share registry's guards (docs/registry.md, "What the database enforces"), so that no
-- code path, however concurrent, creates or loses shares, reuses a consumed capitalization
-- or issues more than the organization authorized:
--
-- * a Distributed (4) or Merged (5) row never changes, is never deleted and is never the
--   parent of a later operation;
-- * a row is Distributed or Merged only as the parent of a split, distribution or merge;
-- * a split or distribution parent's shares equal the sum of its children's, a merge
--   child's the sum of its parents' (checked at COMMIT, when all rows and links exist);
-- * per organization and type, Issued + Offered + Treasury <= Authorized where an
--   Authorized row exists, with writers of one organization serialized;
-- * Equity and Preferred Equity hold whole shares.
--
-- An operation writes, in one transaction: its children (Issued), then its links (the
-- parent still live), then the parent's new stage.

ALTER TABLE capitalizations
    ADD CONSTRAINT capitalizations_whole_shares
        CHECK (capitalization_type = 2 OR number_of_shares = trunc(number_of_shares));


-- A consumed row is final. Deleting its network (which cascades) still works: rows
-- removed by a cascade come from a trigger, one level deeper.
CREATE FUNCTION capitalizations_keep_consumed() RETURNS trigger AS $$
BEGIN
    IF OLD.life_cycle_stage IN (4, 5) AND (TG_OP = 'UPDATE' OR pg_trigger_depth() = 1) THEN
        RAISE EXCEPTION 'capitalization % is consumed (life_cycle_stage %)',
                OLD.id, OLD.life_cycle_stage
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'capitalizations_consumed';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER capitalizations_keep_consumed
    BEFORE UPDATE OR DELETE ON capitalizations
    FOR EACH ROW EXECUTE FUNCTION capitalizations_keep_consumed();


-- Distributed and Merged are set only by an operation: at COMMIT, a Distributed row is the
-- parent of split or distribution links, a Merged row of a merge link.
CREATE FUNCTION capitalizations_consumed_by_operation() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM capitalization_links
        WHERE parent_id = NEW.id
          AND CASE WHEN NEW.life_cycle_stage = 5 THEN kind = 1 ELSE kind IN (0, 2) END
    ) THEN
        RAISE EXCEPTION 'capitalization % is stage % without the operation that sets it',
                NEW.id, NEW.life_cycle_stage
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'capitalizations_consumed_by_operation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER capitalizations_consumed_by_operation
    AFTER INSERT OR UPDATE OF life_cycle_stage ON capitalizations
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.life_cycle_stage IN (4, 5))
    EXECUTE FUNCTION capitalizations_consumed_by_operation();


-- Links are written while their parent is live, and never change. The parent's row lock
-- makes a concurrent operation on the same parent wait, then find it consumed.
CREATE FUNCTION capitalization_links_check() RETURNS trigger AS $$
DECLARE
    parent_stage SMALLINT;
    child_stage  SMALLINT;
    child_born   TIMESTAMPTZ;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF pg_trigger_depth() = 1 THEN
            RAISE EXCEPTION 'capitalization links never change'
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'capitalization_links_fixed';
        END IF;
        RETURN COALESCE(NEW, OLD);
    END IF;
    SELECT life_cycle_stage INTO parent_stage FROM capitalizations
        WHERE network_id = NEW.network_id AND id = NEW.parent_id
        FOR NO KEY UPDATE;
    SELECT life_cycle_stage, created_at INTO child_stage, child_born FROM capitalizations
        WHERE network_id = NEW.network_id AND id = NEW.child_id;
    IF parent_stage IS NULL OR child_stage IS NULL THEN
        -- The foreign keys report it.
        RETURN NEW;
    END IF;
    IF parent_stage IN (4, 5) THEN
        RAISE EXCEPTION 'capitalization % is consumed (life_cycle_stage %)',
                NEW.parent_id, parent_stage
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'capitalizations_consumed';
    END IF;
    IF NEW.kind IN (0, 1) AND parent_stage <> 1 THEN
        RAISE EXCEPTION 'capitalization % is not Issued (life_cycle_stage %)',
                NEW.parent_id, parent_stage
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'capitalization_links_parent_not_issued';
    END IF;
    IF NEW.kind = 2 AND parent_stage <> 2 THEN
        RAISE EXCEPTION 'capitalization % is not Offered (life_cycle_stage %)',
                NEW.parent_id, parent_stage
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'capitalization_links_parent_not_offered';
    END IF;
    IF child_stage <> 1 THEN
        RAISE EXCEPTION 'child capitalization % is not Issued (life_cycle_stage %)',
                NEW.child_id, child_stage
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'capitalization_links_lineage';
    END IF;
    -- A child is created by its operation: an older live row linked as a child would keep
    -- its own shares and be counted again. now() is the transaction's start, which is
    -- also every row's created_at default within it.
    IF child_born <> now() THEN
        RAISE EXCEPTION 'child capitalization % was not created by this operation', NEW.child_id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'capitalization_links_lineage';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER capitalization_links_check
    BEFORE INSERT OR UPDATE OR DELETE ON capitalization_links
    FOR EACH ROW EXECUTE FUNCTION capitalization_links_check();


-- The checks below run at COMMIT once per written row, and an operation writes many rows
-- of one parent and one organization: each check passed is remembered for the rest of
-- the COMMIT in a transaction-local setting, which every write statement clears as it
-- starts (so a check made early by SET CONSTRAINTS ... IMMEDIATE is made again after
-- later writes).
-- Without it a distribution to 1,000 investors costs a million row reads at COMMIT.
CREATE FUNCTION registry_checked(check_key TEXT) RETURNS BOOLEAN AS $$
    SELECT position(check_key IN COALESCE(current_setting('crowdgraph.registry_checked', true), '')) > 0;
$$ LANGUAGE sql;

CREATE FUNCTION registry_remember(check_key TEXT) RETURNS VOID AS $$
    SELECT set_config('crowdgraph.registry_checked',
                      COALESCE(current_setting('crowdgraph.registry_checked', true), '') || check_key,
                      true);
$$ LANGUAGE sql;

CREATE FUNCTION registry_forget() RETURNS trigger AS $$
BEGIN
    PERFORM set_config('crowdgraph.registry_checked', '', true);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- BEFORE: once constraints are IMMEDIATE, the checks run at the end of the writing
-- statement itself, before any AFTER STATEMENT trigger would forget.
CREATE TRIGGER capitalizations_forget_checks
    BEFORE INSERT OR UPDATE OR DELETE ON capitalizations
    FOR EACH STATEMENT EXECUTE FUNCTION registry_forget();
CREATE TRIGGER capitalization_links_forget_checks
    BEFORE INSERT OR UPDATE OR DELETE ON capitalization_links
    FOR EACH STATEMENT EXECUTE FUNCTION registry_forget();


-- Conservation and lineage, at COMMIT: each row is the parent of one operation and the
-- child of one operation; a split or distribution parent is Distributed and its shares
-- are its children's sum; a merge parent is Merged with one child, whose shares are its
-- parents' sum.
CREATE FUNCTION capitalization_links_conservation() RETURNS trigger AS $$
DECLARE
    parent_stage  SMALLINT;
    parent_shares NUMERIC;
    child_shares  NUMERIC;
    total         NUMERIC;
BEGIN
    IF (SELECT count(DISTINCT kind) FROM capitalization_links
               WHERE network_id = NEW.network_id AND child_id = NEW.child_id) > 1 THEN
        RAISE EXCEPTION 'capitalization % is the child of more than one operation', NEW.child_id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'capitalization_links_lineage';
    END IF;
    IF NEW.kind IN (0, 2) THEN
        IF (SELECT count(*) FROM capitalization_links
               WHERE network_id = NEW.network_id AND child_id = NEW.child_id) <> 1 THEN
            RAISE EXCEPTION 'split or distribution child % has more than one parent', NEW.child_id
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'capitalization_links_lineage';
        END IF;
        -- Its parent is Distributed from here on, so it gets no more links: once checked,
        -- it stays right.
        IF registry_checked(format('c:%s;', NEW.parent_id)) THEN
            RETURN NULL;
        END IF;
        SELECT life_cycle_stage, number_of_shares INTO parent_stage, parent_shares
            FROM capitalizations WHERE id = NEW.parent_id;
        IF parent_stage <> 4
           OR (SELECT count(DISTINCT kind) FROM capitalization_links WHERE parent_id = NEW.parent_id) > 1
        THEN
            RAISE EXCEPTION 'split or distribution of % is not complete: the parent must be '
                            'Distributed by one operation', NEW.parent_id
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'capitalization_links_lineage';
        END IF;
        SELECT sum(c.number_of_shares) INTO total
            FROM capitalization_links l JOIN capitalizations c ON c.id = l.child_id
            WHERE l.parent_id = NEW.parent_id;
        IF total <> parent_shares THEN
            RAISE EXCEPTION 'capitalization % holds % shares but its children hold %',
                    NEW.parent_id, parent_shares, total
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'capitalization_links_conservation';
        END IF;
        PERFORM registry_remember(format('c:%s;', NEW.parent_id));
    ELSE
        SELECT life_cycle_stage INTO parent_stage FROM capitalizations WHERE id = NEW.parent_id;
        IF parent_stage <> 5
           OR (SELECT count(*) FROM capitalization_links WHERE parent_id = NEW.parent_id) <> 1
        THEN
            RAISE EXCEPTION 'merge into % is not complete: each parent must be Merged into '
                            'one child', NEW.child_id
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'capitalization_links_lineage';
        END IF;
        SELECT number_of_shares INTO child_shares FROM capitalizations WHERE id = NEW.child_id;
        SELECT sum(p.number_of_shares) INTO total
            FROM capitalization_links l JOIN capitalizations p ON p.id = l.parent_id
            WHERE l.network_id = NEW.network_id AND l.child_id = NEW.child_id;
        IF total <> child_shares THEN
            RAISE EXCEPTION 'capitalization % holds % shares but its parents hold %',
                    NEW.child_id, child_shares, total
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'capitalization_links_conservation';
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER capitalization_links_conservation
    AFTER INSERT ON capitalization_links
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION capitalization_links_conservation();


-- Issued within authorized for one organization and type. The organization's row lock
-- serializes its registry writers: the second waits for the first to commit, then (READ
-- COMMITTED: each statement sees the latest commits) sums what the first wrote.
CREATE FUNCTION capitalizations_authorized_check(network UUID, org UUID, cap_type SMALLINT)
RETURNS VOID AS $$
DECLARE
    authorized_rows BIGINT;
    authorized      NUMERIC;
    issued          NUMERIC;
BEGIN
    -- The lock below is held to COMMIT: once checked, the sum stays right until the next
    -- write, which forgets the check.
    IF registry_checked(format('a:%s:%s;', org, cap_type)) THEN
        RETURN;
    END IF;
    PERFORM 1 FROM organizations WHERE network_id = network AND id = org FOR NO KEY UPDATE;
    SELECT count(*) FILTER (WHERE life_cycle_stage = 0),
           COALESCE(sum(number_of_shares) FILTER (WHERE life_cycle_stage = 0), 0),
           COALESCE(sum(number_of_shares) FILTER (WHERE life_cycle_stage IN (1, 2, 3)), 0)
        INTO authorized_rows, authorized, issued
        FROM capitalizations
        WHERE network_id = network AND organization_id = org AND capitalization_type = cap_type;
    IF authorized_rows > 0 AND issued > authorized THEN
        RAISE EXCEPTION 'organization % would have % shares of type % issued, % authorized',
                org, issued, cap_type, authorized
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'capitalizations_within_authorized';
    END IF;
    PERFORM registry_remember(format('a:%s:%s;', org, cap_type));
END;
$$ LANGUAGE plpgsql;

-- Checked at COMMIT, so that a split (children first, parent consumed last) never counts
-- twice in between. REPEATABLE READ would sum an old snapshot after the lock: refused.
CREATE FUNCTION capitalizations_within_authorized() RETURNS trigger AS $$
BEGIN
    IF current_setting('transaction_isolation') = 'repeatable read' THEN
        RAISE EXCEPTION 'share registry writes need READ COMMITTED or SERIALIZABLE isolation'
            USING ERRCODE = 'feature_not_supported';
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM capitalizations_authorized_check(OLD.network_id, OLD.organization_id,
                                                 OLD.capitalization_type);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (
           NEW.organization_id IS DISTINCT FROM OLD.organization_id
        OR NEW.capitalization_type IS DISTINCT FROM OLD.capitalization_type
        OR NEW.network_id IS DISTINCT FROM OLD.network_id)) THEN
        PERFORM capitalizations_authorized_check(NEW.network_id, NEW.organization_id,
                                                 NEW.capitalization_type);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER capitalizations_within_authorized
    AFTER INSERT OR UPDATE OF network_id, organization_id, capitalization_type,
                              life_cycle_stage, number_of_shares
                 OR DELETE ON capitalizations
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION capitalizations_within_authorized();
