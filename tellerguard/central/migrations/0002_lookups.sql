-- Bank-wide search (倒查): keyed hashes of each event's ID number, payee account and phone
-- under the bank lookup key, computed on the workstation (docs/AUDIT.md, "Bank-wide
-- search"); the key itself is never stored here, only its id. Every search is recorded.

CREATE TABLE lookup_keys (
    key_id text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{16}$'),
    created text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    registered_by text NOT NULL DEFAULT current_user,
    retired_at timestamptz
);

CREATE TABLE lookups (
    key_id text NOT NULL REFERENCES lookup_keys,
    kind text NOT NULL CHECK (kind IN ('id', 'card', 'phone')),
    hmac bytea NOT NULL CHECK (length(hmac) = 32),
    store_id uuid NOT NULL,
    seq bigint NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (key_id, kind, hmac, store_id, seq)
);

-- Up to which seq each store's lookups under each key have arrived (a store shipped before
-- the key existed, or after a rotation, catches up from here).
CREATE TABLE lookup_progress (
    store_id uuid NOT NULL REFERENCES stores,
    key_id text NOT NULL REFERENCES lookup_keys,
    through_seq bigint NOT NULL,
    PRIMARY KEY (store_id, key_id)
);

CREATE TABLE searches (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    operator text NOT NULL,
    db_user text NOT NULL DEFAULT current_user,
    kind text NOT NULL,
    key_id text NOT NULL REFERENCES lookup_keys,
    hmac bytea NOT NULL,
    masked text NOT NULL,
    reason text NOT NULL CHECK (length(btrim(reason)) > 0),
    results integer NOT NULL
);

CREATE TRIGGER searches_append_only BEFORE UPDATE OR DELETE ON searches
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
