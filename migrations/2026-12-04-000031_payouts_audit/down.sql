DROP TRIGGER payouts_audit ON payouts;
