-- Payouts in the audit log (docs/money.md "Audit log"): their creation and every change
-- of their amount, written by the same trigger function as the other audited tables.
CREATE TRIGGER payouts_audit AFTER INSERT OR UPDATE OF payout_amount ON payouts
    FOR EACH ROW EXECUTE FUNCTION audit_change('payout', 'payout_amount');
