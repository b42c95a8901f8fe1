DROP TRIGGER transactions_audit ON transactions;
DROP TRIGGER organizations_audit ON organizations;
DROP TRIGGER investments_audit ON investments;
DROP TRIGGER offerings_audit ON offerings;
DROP FUNCTION audit_change();
DROP TABLE audit_log;
DROP FUNCTION audit_log_no_truncate();
DROP FUNCTION audit_log_append_only();
