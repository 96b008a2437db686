-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (Supported non-deterministic functions: ANY_VALUE; Window functions)
-- ANY_VALUE is non-deterministic and listed as supported in neither refresh mode, so its definition is refused.
-- The page says refused in every mode but not with which code, so only the kind of error is checked.
CREATE DATABASE rm_any_value;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, channel STRING);
INSERT INTO orders VALUES (1, 10, 'web'), (2, 10, 'web'), (3, 11, 'store');

-- expect-error: CREATE DYNAMIC TABLE some_channel_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT customer_id, ANY_VALUE(channel) AS channel FROM orders GROUP BY customer_id;
-- => SQL compilation error
-- expect-error: CREATE DYNAMIC TABLE some_channel_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
--   AS SELECT customer_id, ANY_VALUE(channel) AS channel FROM orders GROUP BY customer_id;
-- => SQL compilation error
-- expect-error: CREATE DYNAMIC TABLE some_channel_full TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = FULL
--   AS SELECT customer_id, ANY_VALUE(channel) AS channel FROM orders GROUP BY customer_id;
-- => SQL compilation error
-- expect: SHOW DYNAMIC TABLES LIKE 'SOME_CHANNEL%';
