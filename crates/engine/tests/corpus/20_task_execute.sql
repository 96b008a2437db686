-- models: docs.snowflake.com/en/sql-reference/sql/execute-task
-- A new task is created suspended; EXECUTE TASK runs it once now, whatever its schedule.
CREATE DATABASE task_exec;
CREATE TABLE orders (id NUMBER, amount NUMBER(10,2));
CREATE TABLE order_snapshots (taken_at TIMESTAMP_NTZ, orders NUMBER, revenue NUMBER(12,2));
INSERT INTO orders VALUES (1, 19.99), (2, 5.01);

CREATE TASK snapshot_orders
  WAREHOUSE = wh
  SCHEDULE = '60 MINUTE'
  AS INSERT INTO order_snapshots SELECT CURRENT_TIMESTAMP(), COUNT(*), SUM(amount) FROM orders;

-- expect: SHOW TASKS LIKE 'SNAPSHOT_ORDERS';
-- columns: name|schedule|state
-- => SNAPSHOT_ORDERS|60 MINUTE|suspended

EXECUTE TASK snapshot_orders;

-- expect: SELECT taken_at IS NOT NULL, orders, revenue FROM order_snapshots;
-- => TRUE|2|25.00

-- advance: 3 hours
-- expect: SELECT COUNT(*) FROM order_snapshots;
-- => 1
