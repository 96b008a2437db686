-- models: docs.snowflake.com/en/sql-reference/functions/array_slice
-- ARRAY_SLICE(array, from, to) keeps positions from..to-1 (zero-based); negative positions
-- count from the end; a slice entirely outside the array is empty; NULL arguments give NULL.
-- Used here to keep the first and last steps of each order's status history.
CREATE DATABASE slice_demo;
CREATE TABLE order_history (order_id NUMBER, steps ARRAY);
INSERT INTO order_history SELECT 1, ARRAY_CONSTRUCT('placed', 'paid', 'packed', 'shipped', 'delivered');
INSERT INTO order_history SELECT 2, ARRAY_CONSTRUCT('placed', 'cancelled');
INSERT INTO order_history SELECT 3, ARRAY_CONSTRUCT('placed');

-- expect: SELECT ARRAY_SLICE(ARRAY_CONSTRUCT(0, 1, 2, 3, 4, 5, 6), 0, 2), ARRAY_SLICE(ARRAY_CONSTRUCT(0, 1, 2, 3, 4, 5, 6), 2, 5);
-- => [0,1]|[2,3,4]
-- expect: SELECT ARRAY_SLICE(ARRAY_CONSTRUCT(0, 1, 2, 3, 4, 5, 6), -3, -1), ARRAY_SLICE(ARRAY_CONSTRUCT(0, 1, 2, 3, 4, 5, 6), 4, -1);
-- => [4,5]|[4,5]
-- expect: SELECT ARRAY_SLICE(ARRAY_CONSTRUCT(0, 1, 2, 3, 4, 5, 6), 9, 12), ARRAY_SLICE(ARRAY_CONSTRUCT(0, 1, 2, 3, 4, 5, 6), -12, -9);
-- => []|[]
-- expect: SELECT ARRAY_SLICE(ARRAY_CONSTRUCT(0, 1, 2, 3, 4, 5, 6), 5, 50), ARRAY_SLICE(ARRAY_CONSTRUCT(0, 1, 2, 3, 4, 5, 6), 3, 3);
-- => [5,6]|[]
-- expect: SELECT ARRAY_SLICE(ARRAY_CONSTRUCT('a', 'b'), NULL, 1) IS NULL, ARRAY_SLICE(NULL, 0, 1) IS NULL;
-- => TRUE|TRUE

-- expect: SELECT order_id, ARRAY_SLICE(steps, 0, 2) AS first_two, ARRAY_SLICE(steps, -1, ARRAY_SIZE(steps)) AS last_one
--   FROM order_history ORDER BY order_id;
-- => 1|["placed","paid"]|["delivered"]
-- => 2|["placed","cancelled"]|["cancelled"]
-- => 3|["placed"]|["placed"]

-- The middle steps, without the first and the last.
-- expect: SELECT order_id, ARRAY_SLICE(steps, 1, -1), ARRAY_SIZE(ARRAY_SLICE(steps, 1, -1)) FROM order_history ORDER BY order_id;
-- => 1|["paid","packed","shipped"]|3
-- => 2|[]|0
-- => 3|[]|0

-- expect: SELECT f.value::string FROM order_history o, LATERAL FLATTEN(input => ARRAY_SLICE(o.steps, 2, 4)) f
--   WHERE o.order_id = 1 ORDER BY f.index;
-- => packed
-- => shipped
