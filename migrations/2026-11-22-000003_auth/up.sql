-- Authentication state: bearer/cv-auth session tokens, cv-auth nonces (replay protection),
-- one-time secrets mailed to users (email verification, password reset), and failed-login
-- counters (brute-force protection). Source: DESIGN.md §4, §13, CV_AUTH.md, and
-- seeds/002_338b46960d33f2b9.txt (GET /authenticate, /public/verifyEmail,
-- /public/forgotPassword, /public/resetPassword, /self/changePassword, /self/changeEmail).
-- Nothing secret is stored in clear here: tokens and mailed secrets are kept as hashes
-- (hex of SHA-256 of the random value), so a database leak does not hand out sessions.

-- Session tokens returned by GET /authenticate and the GraphQL `login` mutation; accepted
-- as `Authorization: Bearer <token>` and as the whole `cv-auth` header value.
CREATE TABLE auth_tokens (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id    UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id       UUID NOT NULL,
    -- Hash of the token; the token itself is only ever shown to the client once.
    -- Globally unique: the token alone must identify its network and user.
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ NOT NULL,
    -- Set by logout, password change, block; a revoked token never becomes valid again.
    revoked_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ,
    user_agent    TEXT,
    -- Client address as text (no INET: keeps the diesel schema to built-in types).
    client_addr   TEXT,
    CONSTRAINT auth_tokens_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT auth_tokens_expiry_after_creation CHECK (expires_at > created_at),
    CONSTRAINT auth_tokens_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id) ON DELETE CASCADE
);
-- "Revoke all live tokens of this user" (password change, block).
CREATE INDEX auth_tokens_network_user_idx ON auth_tokens (network_id, user_id, expires_at);
-- Periodic cleanup of expired tokens.
CREATE INDEX auth_tokens_expires_at_idx ON auth_tokens (expires_at);


-- cv-auth nonces already seen (CV_AUTH.md step 4): a nonce is accepted once per API key
-- within the freshness window. A network has exactly one API key, so (network_id, nonce)
-- is the replay key; INSERT ... ON CONFLICT DO NOTHING tells a replay apart atomically.
-- Rows are useless after expires_at (= Created + window) and are purged by that index.
CREATE TABLE cv_auth_nonces (
    network_id  UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    nonce       TEXT NOT NULL
                CONSTRAINT cv_auth_nonces_nonce_length CHECK (length(nonce) BETWEEN 1 AND 200),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (network_id, nonce)
);
CREATE INDEX cv_auth_nonces_expires_at_idx ON cv_auth_nonces (expires_at);


-- Single-use secrets sent in links by mail (DESIGN §13: single-use, 24 h for
-- verify/reset). purpose: 0 = verify email, 1 = reset password.
CREATE TABLE user_secrets (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id   UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id      UUID NOT NULL,
    purpose      SMALLINT NOT NULL
                 CONSTRAINT user_secrets_purpose_range CHECK (purpose BETWEEN 0 AND 1),
    secret_hash  TEXT NOT NULL UNIQUE,
    -- For purpose 0: the address the link was sent to. Verifying only succeeds while it
    -- still equals users.email, so a link mailed before POST /self/changeEmail cannot
    -- verify the new address.
    email        TEXT,
    expires_at   TIMESTAMPTZ NOT NULL,
    -- Set when consumed; a used secret is never accepted again.
    used_at      TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_secrets_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT user_secrets_expiry_after_creation CHECK (expires_at > created_at),
    CONSTRAINT user_secrets_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id) ON DELETE CASCADE
);
-- Looking up / invalidating a user's outstanding secrets of one purpose.
CREATE INDEX user_secrets_network_user_purpose_idx
    ON user_secrets (network_id, user_id, purpose, created_at DESC);
CREATE INDEX user_secrets_expires_at_idx ON user_secrets (expires_at);


-- Failed-login counters, one row per key: key_kind 0 = account (key = lower(email)),
-- 1 = client address (key = the address as text). The row is upserted on each failure;
-- a success (or the window ending) resets it. locked_until, when in the future, refuses
-- further attempts without checking the password (no oracle, no argon2 cost).
-- Not tied to users by FK on purpose: attempts on unknown emails must be throttled too.
CREATE TABLE login_attempts (
    network_id         UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    key_kind           SMALLINT NOT NULL
                       CONSTRAINT login_attempts_key_kind_range CHECK (key_kind BETWEEN 0 AND 1),
    key                TEXT NOT NULL
                       CONSTRAINT login_attempts_key_length CHECK (length(key) BETWEEN 1 AND 320),
    failures           INTEGER NOT NULL DEFAULT 0
                       CONSTRAINT login_attempts_failures_nonneg CHECK (failures >= 0),
    window_started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_until       TIMESTAMPTZ,
    PRIMARY KEY (network_id, key_kind, key)
);
-- Cleanup of stale rows.
CREATE INDEX login_attempts_window_started_at_idx ON login_attempts (window_started_at);
