-- Tenants. A network is one investment marketplace: its name is the `{network}` segment
-- of every REST path (and the `network` header), its API key/secret drive cv-auth.
-- Every other domain table carries `network_id` and references this table with
-- ON DELETE CASCADE, so removing a network removes all of its data and nothing else.

CREATE TABLE networks (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Lower-case slug: it appears in URLs and headers, so no case folding is ever needed.
    name        TEXT NOT NULL UNIQUE
                CONSTRAINT networks_name_format CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    api_key     TEXT NOT NULL UNIQUE
                CONSTRAINT networks_api_key_format CHECK (api_key ~ '^[\x21-\x7e]{1,200}$'),
    -- Kept in clear on purpose: the cv-auth TokenDigest is SHA1(nonce + created + secret)
    -- and the Password field is XOR-ed with the secret, so the server needs the secret
    -- itself, not a hash of it (see CV_AUTH.md). The SDKs treat it as ASCII (XOR with
    -- character codes), hence printable ASCII only.
    api_secret  TEXT NOT NULL
                CONSTRAINT networks_api_secret_ascii CHECK (api_secret ~ '^[\x20-\x7e]{1,200}$'),
    -- GET /public/globals: admin-defined constants, returned as is.
    globals     JSONB NOT NULL DEFAULT '{}'
                CONSTRAINT networks_globals_object CHECK (jsonb_typeof(globals) = 'object'),
    -- Behaviour switches of the tenant (e.g. {"allow_self_approval": true}). Unknown keys
    -- are ignored by the service; missing keys mean the documented default.
    settings    JSONB NOT NULL DEFAULT '{}'
                CONSTRAINT networks_settings_object CHECK (jsonb_typeof(settings) = 'object'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

SELECT diesel_manage_updated_at('networks');
