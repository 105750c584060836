-- Least privilege: group roles IT grants to login users (one per workstation, or per
-- branch, for shipping; one per auditor for searching). The database's own functions that
-- must do more than the caller may (make a month's partition; advance a store's head) run as
-- the schema's owner (SECURITY DEFINER, with a fixed search_path).
--
--   CREATE ROLE ws_zz001_01 LOGIN PASSWORD '…' IN ROLE tellerguard_ship;
--   CREATE ROLE audit_li LOGIN PASSWORD '…' IN ROLE tellerguard_audit;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tellerguard_ship') THEN
        CREATE ROLE tellerguard_ship NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tellerguard_audit') THEN
        CREATE ROLE tellerguard_audit NOLOGIN;
    END IF;
END $$;

ALTER FUNCTION ensure_event_partition(date) SECURITY DEFINER;
ALTER FUNCTION ensure_event_partition(date) SET search_path = public, pg_temp;
ALTER FUNCTION events_check_chain() SECURITY DEFINER;
ALTER FUNCTION events_check_chain() SET search_path = public, pg_temp;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO tellerguard_ship, tellerguard_audit;

-- Shipping: read what the centre holds, add events and their companions; never UPDATE or
-- DELETE anything (a store's head moves only through events_check_chain).
GRANT SELECT ON schema_migrations, workstations, stores, events, checkpoints, shipments,
    lookup_keys, lookup_progress TO tellerguard_ship;
GRANT INSERT ON stores, events, checkpoints, shipments, forks, anomalies, lookups,
    lookup_progress TO tellerguard_ship;
-- SELECT … FOR UPDATE (the row locks that serialise shippers) needs an UPDATE grant on some
-- column: the harmless ones.
GRANT UPDATE (last_shipped_at) ON stores TO tellerguard_ship;
GRANT UPDATE (through_seq) ON lookup_progress TO tellerguard_ship;
GRANT USAGE ON SEQUENCE forks_id_seq TO tellerguard_ship;
GRANT EXECUTE ON FUNCTION ensure_event_partition(date) TO tellerguard_ship;

-- Auditing: read everything, record searches; verify, find, statistics, proofs.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO tellerguard_audit;
GRANT INSERT ON searches TO tellerguard_audit;
GRANT USAGE ON SEQUENCE searches_id_seq TO tellerguard_audit;
