-- models: docs.snowflake.com/en/user-guide/streams-intro (stream offsets)
-- Reading a stream in a committed DML statement advances its offset; SELECT alone does not.
CREATE DATABASE consume;
CREATE TABLE raw_orders (order_id NUMBER, sku STRING, qty NUMBER);
CREATE TABLE order_log (order_id NUMBER, sku STRING, qty NUMBER, action STRING);
CREATE STREAM raw_orders_stream ON TABLE raw_orders;

INSERT INTO raw_orders VALUES (1, 'tea', 2), (2, 'mug', 1);

-- expect: SELECT order_id FROM raw_orders_stream ORDER BY order_id;
-- => 1
-- => 2

INSERT INTO order_log SELECT order_id, sku, qty, METADATA$ACTION FROM raw_orders_stream;

-- expect: SELECT COUNT(*) FROM raw_orders_stream;
-- => 0

UPDATE raw_orders SET qty = 5 WHERE order_id = 2;
INSERT INTO raw_orders VALUES (3, 'pot', 1);

INSERT INTO order_log SELECT order_id, sku, qty, METADATA$ACTION FROM raw_orders_stream WHERE METADATA$ACTION = 'INSERT';

-- expect: SELECT order_id, sku, qty, action FROM order_log ORDER BY order_id, qty;
-- => 1|tea|2|INSERT
-- => 2|mug|1|INSERT
-- => 2|mug|5|INSERT
-- => 3|pot|1|INSERT
-- the filtered-out DELETE half of the update was consumed too
-- expect: SELECT COUNT(*) FROM raw_orders_stream;
-- => 0
