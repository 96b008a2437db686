-- models: docs.snowflake.com/en/sql-reference/sql/merge (duplicate join behavior, ERROR_ON_NONDETERMINISTIC_MERGE)
-- Two source rows joining the same target row make an UPDATE nondeterministic; by default MERGE
-- fails and changes nothing. Deduplicating the source first makes it deterministic.
CREATE DATABASE merge_dupes;
CREATE TABLE stock (sku STRING, qty NUMBER);
CREATE TABLE stock_counts (sku STRING, qty NUMBER, counted_at TIMESTAMP_NTZ);
INSERT INTO stock VALUES ('A', 5), ('B', 7);
INSERT INTO stock_counts VALUES ('A', 4, '2024-06-01 10:00:00'), ('A', 6, '2024-06-01 12:00:00'), ('B', 8, '2024-06-01 09:00:00');

-- expect-error: MERGE INTO stock t USING stock_counts s ON t.sku = s.sku WHEN MATCHED THEN UPDATE SET t.qty = s.qty;
-- => Duplicate row detected during DML action

-- expect: SELECT sku, qty FROM stock ORDER BY sku;
-- => A|5
-- => B|7

MERGE INTO stock t
USING (SELECT sku, qty FROM stock_counts QUALIFY ROW_NUMBER() OVER (PARTITION BY sku ORDER BY counted_at DESC) = 1) s
ON t.sku = s.sku
WHEN MATCHED THEN UPDATE SET t.qty = s.qty;

-- expect: SELECT sku, qty FROM stock ORDER BY sku;
-- => A|6
-- => B|8
