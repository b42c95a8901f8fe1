DROP INDEX audit_log_request_idx;
