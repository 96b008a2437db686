-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: SAMPLE / TABLESAMPLE)
-- SAMPLE is supported in neither refresh mode, so a definition using it is refused whatever REFRESH_MODE says.
-- The page says refused in every mode but not with which code, so only the kind of error is checked.
CREATE DATABASE rm_sample;
CREATE TABLE orders (order_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 20), (2, 40), (3, 15), (4, 30);

-- expect-error: CREATE DYNAMIC TABLE sampled_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT order_id, amount FROM orders SAMPLE (50);
-- => SQL compilation error
-- expect-error: CREATE DYNAMIC TABLE sampled_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
--   AS SELECT order_id, amount FROM orders SAMPLE (50);
-- => SQL compilation error
-- expect-error: CREATE DYNAMIC TABLE sampled_full TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = FULL
--   AS SELECT order_id, amount FROM orders SAMPLE (50);
-- => SQL compilation error
-- expect: SHOW DYNAMIC TABLES LIKE 'SAMPLED%';
