-- The Merkle tree over every accepted event (tellerguard/central/merkle.py): leaves in the
-- order the tree took them in, the hash of every complete subtree (level, index), how far
-- each store's events are in the tree, and every signed tree head.

CREATE TABLE tree_leaves (
    idx bigint PRIMARY KEY,
    store_id uuid NOT NULL,
    seq bigint NOT NULL,
    UNIQUE (store_id, seq)
);

CREATE TABLE tree_nodes (
    level smallint NOT NULL,
    idx bigint NOT NULL,
    hash bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
);

CREATE TABLE tree_heads (
    size bigint PRIMARY KEY,
    root bytea NOT NULL CHECK (length(root) = 32),
    checkpoint text NOT NULL,
    signed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER tree_leaves_append_only BEFORE UPDATE OR DELETE ON tree_leaves
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER tree_nodes_append_only BEFORE UPDATE OR DELETE ON tree_nodes
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER tree_heads_append_only BEFORE UPDATE OR DELETE ON tree_heads
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

ALTER TABLE stores ADD COLUMN tree_seq bigint NOT NULL DEFAULT 0;
