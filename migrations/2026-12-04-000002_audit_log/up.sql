-- One append-only audit log of every lifecycle change and every money change
-- (docs/money.md "Audit log"): who, when, what, from, to, and the request.
--
-- Rows are written by triggers on the audited tables, so a change and its record are one
-- statement of one transaction: no code path can change a stage or a transaction without
-- its row, and a change rolled back leaves none. The service names the actor and the
-- request for the transaction with set_config('crowdgraph.actor_id' / 'crowdgraph.request_id',
-- …, true) (transaction-local, so a pooled connection never carries them to another
-- request); without them the row's actor is NULL: the system (seeding, operator commands).
CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    network_id   UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_id     UUID,
    request_id   TEXT,
    -- offering, investment, organization, transaction (more as their APIs arrive).
    object_type  TEXT NOT NULL,
    object_id    UUID NOT NULL,
    -- create, or the name of the column that changed (life_cycle_stage, payment_status).
    action       TEXT NOT NULL,
    from_value   TEXT,
    to_value     TEXT,
    -- What else describes the change (a transaction's amount, currency and wallet).
    details      JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_object_idx ON audit_log (network_id, object_type, object_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (network_id, actor_id, id);
CREATE INDEX audit_log_at_idx ON audit_log (network_id, at, id);

-- Rows of the log are never updated or deleted; deleting a whole network (a cascade,
-- fired from a trigger one level deeper) still removes its rows.
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR pg_trigger_depth() = 1 THEN
        RAISE EXCEPTION 'the audit log is append-only'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'audit_log_append_only';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE FUNCTION audit_log_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'audit_log_append_only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate();

-- Appends one row for the audited change of a row; TG_ARGV[0] is the object type,
-- TG_ARGV[1] the column whose changes are recorded.
CREATE FUNCTION audit_change() RETURNS trigger AS $$
DECLARE
    new_row JSONB := to_jsonb(NEW);
    old_value TEXT;
    details JSONB := '{}';
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_value := to_jsonb(OLD) ->> TG_ARGV[1];
        IF old_value IS NOT DISTINCT FROM new_row ->> TG_ARGV[1] THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_ARGV[0] = 'transaction' THEN
        details := jsonb_strip_nulls(jsonb_build_object(
            'amount', NEW.transaction_amount::text,
            'currency', NEW.transaction_currency,
            'wallet_id', NEW.wallet_id,
            'payout_id', NEW.payout_id,
            'user_id', NEW.user_id));
    END IF;
    INSERT INTO audit_log (network_id, actor_id, request_id, object_type, object_id,
                           action, from_value, to_value, details)
    VALUES (NEW.network_id,
            NULLIF(current_setting('crowdgraph.actor_id', true), '')::uuid,
            NULLIF(current_setting('crowdgraph.request_id', true), ''),
            TG_ARGV[0], NEW.id,
            CASE WHEN TG_OP = 'INSERT' THEN 'create' ELSE TG_ARGV[1] END,
            old_value, new_row ->> TG_ARGV[1], details);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER offerings_audit AFTER INSERT OR UPDATE OF life_cycle_stage ON offerings
    FOR EACH ROW EXECUTE FUNCTION audit_change('offering', 'life_cycle_stage');
CREATE TRIGGER investments_audit AFTER INSERT OR UPDATE OF life_cycle_stage ON investments
    FOR EACH ROW EXECUTE FUNCTION audit_change('investment', 'life_cycle_stage');
CREATE TRIGGER organizations_audit AFTER INSERT OR UPDATE OF life_cycle_stage ON organizations
    FOR EACH ROW EXECUTE FUNCTION audit_change('organization', 'life_cycle_stage');
CREATE TRIGGER transactions_audit AFTER INSERT OR UPDATE OF payment_status ON transactions
    FOR EACH ROW EXECUTE FUNCTION audit_change('transaction', 'payment_status');
