-- The admins' audit log list filters by the request that made a change ("what did this
-- request do"); the other filters (object, actor, time) have their indexes in
-- 2026-12-04-000002_audit_log. Changes made outside a request have no request id and
-- are never looked up by it.
CREATE INDEX audit_log_request_idx ON audit_log (network_id, request_id, id)
    WHERE request_id IS NOT NULL;
