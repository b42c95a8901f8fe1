-- Idempotency-Key (docs/money.md "Idempotent writes"): the first answer to a write sent
-- with a key, kept so that a repeat of the same request gets it again without running
-- twice. Scope: network + viewer + key. A row without a status is a request still
-- running (a repeat meanwhile is refused with 409); the fingerprint (SHA-256 of the
-- method, path, query and body) tells a repeat from a different request under the same
-- key (422). Rows are kept at least 24 hours, then removed by housekeeping.
CREATE TABLE idempotency_keys (
    network_id    UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    -- The user who sent the request; the nil UUID for a request without a user.
    viewer_id     UUID NOT NULL,
    key           TEXT NOT NULL
                  CONSTRAINT idempotency_keys_key_length CHECK (length(key) BETWEEN 1 AND 255),
    fingerprint   BYTEA NOT NULL
                  CONSTRAINT idempotency_keys_fingerprint_sha256 CHECK (length(fingerprint) = 32),
    status        SMALLINT
                  CONSTRAINT idempotency_keys_status_http CHECK (status BETWEEN 100 AND 599),
    content_type  TEXT,
    body          BYTEA,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at  TIMESTAMPTZ,
    PRIMARY KEY (network_id, viewer_id, key),
    CONSTRAINT idempotency_keys_done CHECK ((status IS NULL) = (completed_at IS NULL)
                                            AND (status IS NULL) = (body IS NULL))
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
