-- The central copy of every workstation's audit chain (docs/CENTRAL.md).
--
-- Workstations are enrolled by their Ed25519 public key; each store (one per workstation
-- set-up, named by the store id of its first event) has a head the database itself advances;
-- events keep the record bytes and chain hash exactly as the workstation hashed them, in
-- monthly partitions of the event's own time; checkpoints keep the workstation's signature.

CREATE TABLE workstations (
    public_key bytea PRIMARY KEY CHECK (length(public_key) = 32),
    branch text NOT NULL,
    workstation text NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    enrolled_by text NOT NULL DEFAULT current_user
);

CREATE TABLE stores (
    store_id uuid PRIMARY KEY,
    public_key bytea NOT NULL REFERENCES workstations,
    branch text NOT NULL,
    branch_name text NOT NULL,
    region text NOT NULL,
    workstation text NOT NULL,
    key_id text NOT NULL,
    head_seq bigint NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
    head_hash bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000'
        CHECK (length(head_hash) = 32),
    events bigint NOT NULL DEFAULT 0,
    registered_at timestamptz NOT NULL DEFAULT now(),
    last_shipped_at timestamptz
);
CREATE INDEX stores_branch ON stores (branch, workstation);

-- Partitioned by the month (Asia/Shanghai) of the event's own time; partitions are created
-- on demand by ensure_event_partition. The primary key must contain the partition key, so
-- (store_id, seq) alone is kept unique by events_check_chain, which only ever lets a store's
-- chain grow by head + 1, under the store's row lock.
CREATE TABLE events (
    store_id uuid NOT NULL,
    seq bigint NOT NULL CHECK (seq >= 1),
    at timestamptz NOT NULL,
    prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash bytea NOT NULL CHECK (length(hash) = 32),
    type text NOT NULL,
    operator text NOT NULL,
    case_ref text,
    kind text,
    level text,
    decision text,
    supervisor text,
    amount numeric(18, 2),
    customer_name text,
    customer_id text,
    customer_phone text,
    payee_name text,
    payee_account text,
    rule_ids text[],
    record bytea NOT NULL,
    PRIMARY KEY (store_id, seq, at)
) PARTITION BY RANGE (at);
CREATE INDEX events_case_ref ON events (case_ref) WHERE case_ref IS NOT NULL;

-- Records are JSON of 0.3-4 KB: lz4 compresses them several times faster than the default
-- pglz at about the same size (where the server was built without lz4, pglz stays).
DO $$
BEGIN
    ALTER TABLE events ALTER COLUMN record SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL;
END $$;

CREATE FUNCTION ensure_event_partition(month date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    name text := format('events_%s', to_char(month, 'YYYY_MM'));
    low timestamptz := date_trunc('month', month)::timestamp AT TIME ZONE 'Asia/Shanghai';
    high timestamptz := (date_trunc('month', month) + interval '1 month')::timestamp
        AT TIME ZONE 'Asia/Shanghai';
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN;
    END IF;
    -- Two shippers may want the same new month at once: the lock makes one wait, and the
    -- one that comes second finds the table made (its catalog cache may not show it yet, so
    -- the error, not to_regclass, is the test).
    PERFORM pg_advisory_xact_lock(hashtext('tellerguard partition ' || name));
    BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                       name, low, high);
    EXCEPTION WHEN duplicate_table THEN
        NULL;
    END;
END $$;

-- The database itself refuses a batch that does not continue each store's chain (seq =
-- head + 1, prev_hash = head hash, hash = SHA-256(prev_hash || seq as 8 bytes || record)),
-- whatever client inserts it, and advances the head in the same statement.
CREATE FUNCTION events_check_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    PERFORM 1 FROM stores WHERE store_id IN (SELECT DISTINCT store_id FROM new_events)
        ORDER BY store_id FOR UPDATE;
    SELECT n.store_id, n.seq INTO bad
    FROM (SELECT e.*, lag(e.hash) OVER w AS lag_hash, lag(e.seq) OVER w AS lag_seq,
                 row_number() OVER w AS rn
          FROM new_events e WINDOW w AS (PARTITION BY e.store_id ORDER BY e.seq)) n
    LEFT JOIN stores s ON s.store_id = n.store_id
    WHERE s.store_id IS NULL
       OR n.hash <> sha256(n.prev_hash || int8send(n.seq) || n.record)
       OR (n.rn = 1 AND (n.seq <> s.head_seq + 1 OR n.prev_hash <> s.head_hash))
       OR (n.rn > 1 AND (n.seq <> n.lag_seq + 1 OR n.prev_hash <> n.lag_hash))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'tellerguard: store % seq % does not continue the chain held',
            bad.store_id, bad.seq;
    END IF;
    UPDATE stores s
       SET head_seq = m.seq, head_hash = m.hash, events = s.events + m.n,
           last_shipped_at = now()
      FROM (SELECT DISTINCT ON (store_id) store_id, seq, hash,
                   count(*) OVER (PARTITION BY store_id) AS n
              FROM new_events ORDER BY store_id, seq DESC) m
     WHERE s.store_id = m.store_id;
    RETURN NULL;
END $$;

CREATE TRIGGER events_chain AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION events_check_chain();

CREATE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'tellerguard: % is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE checkpoints (
    store_id uuid NOT NULL REFERENCES stores,
    day date NOT NULL,
    seq bigint NOT NULL,
    hash bytea NOT NULL CHECK (length(hash) = 32),
    sealed_at text NOT NULL,
    body bytea NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, day, seq)
);

CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Every batch or bundle accepted: what, from where, when; a bundle id is accepted once.
CREATE TABLE shipments (
    bundle_id uuid PRIMARY KEY,
    store_id uuid NOT NULL REFERENCES stores,
    source text NOT NULL,
    first_seq bigint,
    last_seq bigint,
    events integer NOT NULL,
    checkpoints integer NOT NULL,
    created_at text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    received_by text NOT NULL DEFAULT current_user
);
CREATE INDEX shipments_store ON shipments (store_id, received_at);

-- A history that diverges from what the centre holds, refused and kept here for IT and
-- internal audit: never merged.
CREATE TABLE forks (
    id bigserial PRIMARY KEY,
    store_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('rewritten', 'truncated', 'recreated')),
    seq bigint NOT NULL,
    held_hash bytea,
    offered_hash bytea,
    source text NOT NULL,
    detail text NOT NULL,
    detected_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (store_id, kind, seq, offered_hash)
);

-- Accepted but worth a look: a workstation clock that went backwards.
CREATE TABLE anomalies (
    store_id uuid NOT NULL REFERENCES stores,
    seq bigint NOT NULL,
    kind text NOT NULL,
    detail text NOT NULL,
    detected_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, seq, kind)
);
