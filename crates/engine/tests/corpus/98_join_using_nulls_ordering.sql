-- models: docs.snowflake.com/en/sql-reference/constructs/join (USING) and constructs/order-by (NULLS FIRST / LAST)
-- JOIN ... USING merges the key into one column: SELECT * lists it once, first, followed by the
-- left table's other columns and then the right table's. A LEFT JOIN ... USING keeps unmatched
-- left rows, and the tables' own key columns stay reachable through their aliases. NULLs sort
-- last ascending and first descending unless NULLS FIRST / NULLS LAST says otherwise.
CREATE DATABASE store_targets;
CREATE TABLE stores (store_id NUMBER, city STRING, opened DATE);
CREATE TABLE targets (store_id NUMBER, quarter NUMBER, target NUMBER(8,2));
CREATE TABLE actuals (store_id NUMBER, quarter NUMBER, revenue NUMBER(8,2));
INSERT INTO stores VALUES (1, 'Lyon', '2019-04-01'), (2, 'Nice', '2020-09-15'), (3, 'Metz', '2021-01-10'), (4, NULL, '2023-06-01');
INSERT INTO targets VALUES (1, 1, 100.00), (1, 2, NULL), (3, 1, 80.00), (5, 1, 50.00);
INSERT INTO actuals VALUES (1, 1, 120.00), (1, 2, 90.00), (3, 2, 40.00), (5, 1, 55.00);

-- expect: SELECT * FROM stores JOIN targets USING (store_id) ORDER BY store_id, quarter;
-- => 1|Lyon|2019-04-01|1|100.00
-- => 1|Lyon|2019-04-01|2|NULL
-- => 3|Metz|2021-01-10|1|80.00
-- expect: SELECT * FROM stores JOIN targets USING (store_id) ORDER BY store_id, quarter;
-- columns: target|store_id|city
-- => 100.00|1|Lyon
-- => NULL|1|Lyon
-- => 80.00|3|Metz

-- expect: SELECT * FROM stores LEFT JOIN targets USING (store_id) ORDER BY store_id, quarter;
-- => 1|Lyon|2019-04-01|1|100.00
-- => 1|Lyon|2019-04-01|2|NULL
-- => 2|Nice|2020-09-15|NULL|NULL
-- => 3|Metz|2021-01-10|1|80.00
-- => 4|NULL|2023-06-01|NULL|NULL

-- The merged key is unqualified; s.store_id and t.store_id are each table's own column.
-- expect: SELECT store_id, s.store_id, t.store_id, city FROM stores s LEFT JOIN targets t USING (store_id)
--   WHERE t.store_id IS NULL ORDER BY store_id;
-- => 2|2|NULL|Nice
-- => 4|4|NULL|NULL

-- Two keys: both lead the row, in the USING order.
-- expect: SELECT * FROM targets JOIN actuals USING (store_id, quarter) ORDER BY store_id, quarter;
-- => 1|1|100.00|120.00
-- => 1|2|NULL|90.00
-- => 5|1|50.00|55.00

-- Default NULL placement: last when ascending, first when descending.
-- expect: SELECT store_id, quarter, target FROM stores LEFT JOIN targets USING (store_id) ORDER BY target, store_id;
-- => 3|1|80.00
-- => 1|1|100.00
-- => 1|2|NULL
-- => 2|NULL|NULL
-- => 4|NULL|NULL
-- expect: SELECT store_id, quarter, target FROM stores LEFT JOIN targets USING (store_id) ORDER BY target DESC, store_id;
-- => 1|2|NULL
-- => 2|NULL|NULL
-- => 4|NULL|NULL
-- => 1|1|100.00
-- => 3|1|80.00

-- Explicit placement overrides the default in either direction.
-- expect: SELECT store_id, quarter, target FROM stores LEFT JOIN targets USING (store_id) ORDER BY target NULLS FIRST, store_id;
-- => 1|2|NULL
-- => 2|NULL|NULL
-- => 4|NULL|NULL
-- => 3|1|80.00
-- => 1|1|100.00
-- expect: SELECT store_id, quarter, target FROM stores LEFT JOIN targets USING (store_id) ORDER BY target DESC NULLS LAST, store_id;
-- => 1|1|100.00
-- => 3|1|80.00
-- => 1|2|NULL
-- => 2|NULL|NULL
-- => 4|NULL|NULL

-- expect: SELECT store_id, city FROM stores ORDER BY city DESC;
-- => 4|NULL
-- => 2|Nice
-- => 3|Metz
-- => 1|Lyon
-- expect: SELECT store_id, city FROM stores ORDER BY city NULLS FIRST;
-- => 4|NULL
-- => 1|Lyon
-- => 3|Metz
-- => 2|Nice

-- The same clauses apply inside a window's ORDER BY.
-- expect: SELECT store_id, quarter, ROW_NUMBER() OVER (ORDER BY target DESC NULLS LAST, store_id, quarter) AS rn
--   FROM stores LEFT JOIN targets USING (store_id) ORDER BY rn;
-- => 1|1|1
-- => 3|1|2
-- => 1|2|3
-- => 2|NULL|4
-- => 4|NULL|5
