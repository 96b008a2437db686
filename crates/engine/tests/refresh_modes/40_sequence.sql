-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: Sequences)
-- A sequence's NEXTVAL in the definition is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_sequence;
CREATE SEQUENCE order_seq;
CREATE TABLE orders (order_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 20), (2, 40);

-- expect-error: CREATE DYNAMIC TABLE numbered_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT order_seq.NEXTVAL AS seq_id, order_id FROM orders;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE numbered_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_seq.NEXTVAL AS seq_id, order_id FROM orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'NUMBERED_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => NUMBERED_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO orders VALUES (3, 15);
-- advance: 1 minute
ALTER DYNAMIC TABLE numbered_auto REFRESH;

-- expect: SELECT order_id FROM numbered_auto ORDER BY order_id;
-- => 1
-- => 2
-- => 3
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'NUMBERED_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
