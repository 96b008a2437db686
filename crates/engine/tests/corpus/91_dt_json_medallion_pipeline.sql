-- models: docs.snowflake.com/en/user-guide/dynamic-tables-about (a pipeline of dynamic tables over JSON)
-- Raw order documents land as text; a chain of dynamic tables parses them (bronze), keeps the
-- latest version of each order by a JSON path (silver), flattens the order lines, and
-- aggregates revenue per SKU (gold). Inserting and deleting raw rows flows through the chain,
-- both on schedule and with manual refreshes.
CREATE DATABASE json_pipeline;
CREATE TABLE raw_orders (payload STRING, loaded_at TIMESTAMP_NTZ);
INSERT INTO raw_orders VALUES
  ('{"order_id":101,"version":1,"customer":{"id":"C1","tier":"gold"},"lines":[{"sku":"A","qty":2,"price":3.50},{"sku":"B","qty":1,"price":10}]}', '2024-05-01 10:00:00'),
  ('{"order_id":101,"version":2,"customer":{"id":"C1","tier":"gold"},"lines":[{"sku":"A","qty":3,"price":3.50}]}', '2024-05-01 10:05:00'),
  ('{"order_id":102,"version":1,"customer":{"id":"C2","tier":"silver"},"lines":[{"sku":"B","qty":2,"price":10},{"sku":"C","qty":5,"price":1.20}]}', '2024-05-01 10:02:00');

CREATE DYNAMIC TABLE orders_parsed TARGET_LAG = '1 minute' WAREHOUSE = wh AS
SELECT PARSE_JSON(payload) AS doc, loaded_at FROM raw_orders;

CREATE DYNAMIC TABLE orders_latest TARGET_LAG = '1 minute' WAREHOUSE = wh AS
SELECT doc:order_id::number AS order_id,
       doc:version::number AS version,
       doc:customer.id::string AS customer_id,
       doc:customer.tier::string AS tier,
       doc:lines AS lines
FROM orders_parsed
QUALIFY ROW_NUMBER() OVER (PARTITION BY doc:order_id ORDER BY doc:version::number DESC) = 1;

CREATE DYNAMIC TABLE order_lines TARGET_LAG = '1 minute' WAREHOUSE = wh AS
SELECT o.order_id, o.customer_id, f.index AS line_no, f.value:sku::string AS sku,
       f.value:qty::number AS qty, f.value:price::number(10,2) AS price
FROM orders_latest o, LATERAL FLATTEN(input => o.lines) f;

CREATE DYNAMIC TABLE sku_revenue TARGET_LAG = '1 minute' WAREHOUSE = wh AS
SELECT sku, SUM(qty) AS units, SUM(qty * price) AS revenue, COUNT(DISTINCT order_id) AS orders
FROM order_lines
GROUP BY sku;

-- expect: SELECT doc:order_id, doc:version, doc:customer FROM orders_parsed ORDER BY loaded_at;
-- => 101|1|{"id":"C1","tier":"gold"}
-- => 102|1|{"id":"C2","tier":"silver"}
-- => 101|2|{"id":"C1","tier":"gold"}
-- expect: SELECT order_id, version, customer_id, tier, lines FROM orders_latest ORDER BY order_id;
-- => 101|2|C1|gold|[{"price":3.5,"qty":3,"sku":"A"}]
-- => 102|1|C2|silver|[{"price":10,"qty":2,"sku":"B"},{"price":1.2,"qty":5,"sku":"C"}]
-- expect: SELECT order_id, line_no, sku, qty, price FROM order_lines ORDER BY order_id, line_no;
-- => 101|0|A|3|3.50
-- => 102|0|B|2|10.00
-- => 102|1|C|5|1.20
-- expect: SELECT sku, units, revenue, orders FROM sku_revenue ORDER BY sku;
-- => A|3|10.50|1
-- => B|2|20.00|1
-- => C|5|6.00|1

-- A new order, a new version of 102, and version 2 of 101 withdrawn (101 falls back to v1).
INSERT INTO raw_orders VALUES
  ('{"order_id":103,"version":1,"customer":{"id":"C1","tier":"gold"},"lines":[{"sku":"A","qty":4,"price":3.50},{"sku":"C","qty":10,"price":1.20}]}', '2024-05-01 11:00:00'),
  ('{"order_id":102,"version":2,"customer":{"id":"C2","tier":"silver"},"lines":[{"sku":"B","qty":1,"price":10}]}', '2024-05-01 11:01:00');
DELETE FROM raw_orders WHERE loaded_at = '2024-05-01 10:05:00';
-- advance: 2 minutes

-- expect: SELECT COUNT(*) FROM orders_parsed;
-- => 4
-- expect: SELECT order_id, version, customer_id FROM orders_latest ORDER BY order_id;
-- => 101|1|C1
-- => 102|2|C2
-- => 103|1|C1
-- expect: SELECT order_id, line_no, sku, qty, price FROM order_lines ORDER BY order_id, line_no;
-- => 101|0|A|2|3.50
-- => 101|1|B|1|10.00
-- => 102|0|B|1|10.00
-- => 103|0|A|4|3.50
-- => 103|1|C|10|1.20
-- expect: SELECT sku, units, revenue, orders FROM sku_revenue ORDER BY sku;
-- => A|6|21.00|2
-- => B|2|20.00|2
-- => C|10|12.00|1

-- Order 103 is withdrawn; manual refreshes, upstream first, bring every layer up to date.
DELETE FROM raw_orders WHERE payload LIKE '%"order_id":103%';
ALTER DYNAMIC TABLE orders_parsed REFRESH;
ALTER DYNAMIC TABLE orders_latest REFRESH;
ALTER DYNAMIC TABLE order_lines REFRESH;
ALTER DYNAMIC TABLE sku_revenue REFRESH;

-- expect: SELECT sku, units, revenue, orders FROM sku_revenue ORDER BY sku;
-- => A|2|7.00|1
-- => B|2|20.00|2
-- expect: SELECT customer_id, SUM(qty * price) FROM order_lines GROUP BY customer_id ORDER BY customer_id;
-- => C1|17.00
-- => C2|10.00
