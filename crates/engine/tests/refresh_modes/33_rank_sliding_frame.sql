-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: Window functions — RANK with sliding window frames)
-- RANK with a sliding frame is not incremental (002711 under INCREMENTAL, FULL under AUTO); plain RANK is.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_rank_frame;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 10, 40), (3, 10, 40), (4, 11, 5);

-- expect-error: CREATE DYNAMIC TABLE rank_frame_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
--   SELECT order_id, RANK() OVER (PARTITION BY customer_id ORDER BY amount DESC
--                                 ROWS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING) AS rnk
--   FROM orders;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE rank_frame_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO AS
  SELECT order_id, RANK() OVER (PARTITION BY customer_id ORDER BY amount DESC
                                ROWS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING) AS rnk
  FROM orders;
CREATE DYNAMIC TABLE rank_plain_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
  SELECT order_id, RANK() OVER (PARTITION BY customer_id ORDER BY amount DESC) AS rnk FROM orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'RANK_FRAME_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => RANK_FRAME_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL
-- expect: SHOW DYNAMIC TABLES LIKE 'RANK_PLAIN_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => RANK_PLAIN_INCR|INCREMENTAL|NULL

INSERT INTO orders VALUES (5, 11, 9);
-- advance: 1 minute
ALTER DYNAMIC TABLE rank_frame_auto REFRESH;
ALTER DYNAMIC TABLE rank_plain_incr REFRESH;

-- expect: SELECT order_id, rnk FROM rank_plain_incr ORDER BY order_id;
-- => 1|3
-- => 2|1
-- => 3|1
-- => 4|2
-- => 5|1
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'RANK_FRAME_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'RANK_PLAIN_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
