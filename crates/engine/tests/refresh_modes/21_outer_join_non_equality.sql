-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: LEFT | RIGHT | FULL OUTER JOIN; What causes fallback to full refresh)
-- An outer join on a non-equality predicate is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_theta_join;
CREATE TABLE orders (order_id NUMBER, amount NUMBER);
CREATE TABLE tiers (tier STRING, min_amount NUMBER);
INSERT INTO orders VALUES (1, 50), (2, 5);
INSERT INTO tiers VALUES ('gold', 40), ('silver', 10);

-- expect-error: CREATE DYNAMIC TABLE order_tiers_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT o.order_id, t.tier FROM orders o LEFT JOIN tiers t ON o.amount >= t.min_amount;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE order_tiers_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT o.order_id, t.tier FROM orders o LEFT JOIN tiers t ON o.amount >= t.min_amount;

-- expect: SHOW DYNAMIC TABLES LIKE 'ORDER_TIERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDER_TIERS_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL
-- expect: SELECT order_id, tier FROM order_tiers_auto ORDER BY order_id, tier;
-- => 1|gold
-- => 1|silver
-- => 2|NULL

INSERT INTO tiers VALUES ('bronze', 0);
-- advance: 1 minute
ALTER DYNAMIC TABLE order_tiers_auto REFRESH;

-- expect: SELECT order_id, tier FROM order_tiers_auto ORDER BY order_id, tier;
-- => 1|bronze
-- => 1|gold
-- => 1|silver
-- => 2|bronze
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDER_TIERS_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
