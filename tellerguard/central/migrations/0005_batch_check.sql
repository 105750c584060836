-- Cheaper ingest (docs/CENTRAL.md, "Ingest pipeline"): the chain is checked once per batch,
-- not through a trigger's transition table.
--
-- The statement trigger events_chain copied every inserted row (2.3 KB records included)
-- into a tuplestore and recomputed it there: about 19 µs of the server's time per event,
-- more than storing the event itself. accept_batch does the same checks in one statement
-- over the rows the batch has just written (still in shared buffers), then advances the head:
-- the rows after the head must be exactly seq head+1 .. last, each chained to the one before
-- (the first to the head), each hash recomputed from its record bytes. ingest calls it in
-- the batch's transaction after its COPY; a client that inserts events without calling it
-- leaves rows beyond the head, which the next accept_batch for that store refuses (so the
-- store stops, it is never merged) and central verify reports.

DROP TRIGGER events_chain ON events;
DROP FUNCTION events_check_chain();

CREATE FUNCTION accept_batch(p_store uuid, p_last bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    held record;
    checked record;
BEGIN
    SELECT head_seq, head_hash INTO held FROM stores WHERE store_id = p_store FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'tellerguard: store % seq % does not continue the chain held: the '
            'store is not registered', p_store, p_last;
    END IF;
    SELECT count(*) AS n,
           max(e.seq) AS top,
           (array_agg(e.hash ORDER BY e.seq DESC))[1] AS top_hash,
           min(e.seq) FILTER (WHERE
                NOT e.ok
             OR e.seq <> coalesce(e.lag_seq, held.head_seq) + 1
             OR e.prev_hash <> coalesce(e.lag_hash, held.head_hash)) AS bad
      INTO checked
      FROM (SELECT seq, prev_hash, hash, ok,
                   lag(seq) OVER w AS lag_seq, lag(hash) OVER w AS lag_hash
              -- each hash is recomputed below the sort (OFFSET 0 keeps it there), so the
              -- sort carries 80 bytes a row, not the records
              FROM (SELECT seq, prev_hash, hash,
                           hash = sha256(prev_hash || int8send(seq) || record) AS ok
                      FROM events WHERE store_id = p_store AND seq > held.head_seq
                    OFFSET 0) r
            WINDOW w AS (ORDER BY seq)) e;
    IF checked.n = 0 OR checked.bad IS NOT NULL OR checked.top <> p_last
       OR checked.n <> p_last - held.head_seq THEN
        RAISE EXCEPTION 'tellerguard: store % seq % does not continue the chain held',
            p_store, coalesce(checked.bad, held.head_seq + 1);
    END IF;
    UPDATE stores
       SET head_seq = p_last, head_hash = checked.top_hash, events = events + checked.n,
           last_shipped_at = now()
     WHERE store_id = p_store;
    RETURN checked.n;
END $$;

REVOKE ALL ON FUNCTION accept_batch(uuid, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION accept_batch(uuid, bigint) TO tellerguard_ship;

-- Bank lookups: one 32-byte key per row instead of a five-column primary key (key id text,
-- kind, HMAC, store, seq): about 9.5 → 3 µs per event on insert. The HMAC already binds its
-- kind and key (a different key or kind gives a different HMAC); each lookup is stored once
-- because lookup_progress says how far a store's lookups under a key have arrived.
ALTER TABLE lookups DROP CONSTRAINT lookups_pkey;
CREATE INDEX lookups_hmac ON lookups (hmac);

-- Records stay in the event's own row, uncompressed: a 2.3 KB record went through lz4 and
-- then out of line into the TOAST table (two more heap and index writes per event, and a
-- TOAST fetch per event for accept_batch and verify). Rows up to a page (8 KB) now stay
-- inline as they came; a larger one is still compressed, and moved out only if it must.
-- The lean record (issue 13) arrives compressed by the workstation; nothing to gain here.
ALTER TABLE events ALTER COLUMN record SET STORAGE MAIN;

CREATE OR REPLACE FUNCTION ensure_event_partition(month date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L) '
                       'WITH (toast_tuple_target = 8160)', name, low, high);
    EXCEPTION WHEN duplicate_table THEN
        NULL;
    END;
END $$;

DO $$
DECLARE
    part regclass;
BEGIN
    FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'events'::regclass
    LOOP
        EXECUTE format('ALTER TABLE %s SET (toast_tuple_target = 8160)', part);
    END LOOP;
END $$;
