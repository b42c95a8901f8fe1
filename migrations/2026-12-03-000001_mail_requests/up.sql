-- Mail-request counters (docs/security.md, "Authentication and mail"): every request that
-- would mail someone (forgotPassword, resendVerificationEmail, register, changeEmail,
-- newsletterSignUp) is counted per target address (key_kind 0, key = lower(email)) and
-- per client address (key_kind 1) in a fixed window; over the limit the request is
-- refused (429) and nothing is queued. Counted whether or not an account has the address,
-- so the answer reveals nothing. Not tied to users on purpose.
CREATE TABLE mail_requests (
    network_id         UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    key_kind           SMALLINT NOT NULL
                       CONSTRAINT mail_requests_key_kind_range CHECK (key_kind BETWEEN 0 AND 1),
    key                TEXT NOT NULL
                       CONSTRAINT mail_requests_key_length CHECK (length(key) BETWEEN 1 AND 320),
    requests           INTEGER NOT NULL DEFAULT 0
                       CONSTRAINT mail_requests_requests_nonneg CHECK (requests >= 0),
    window_started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (network_id, key_kind, key)
);
-- Cleanup of stale rows.
CREATE INDEX mail_requests_window_started_at_idx ON mail_requests (window_started_at);
