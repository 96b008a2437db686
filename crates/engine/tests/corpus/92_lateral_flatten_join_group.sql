-- models: docs.snowflake.com/en/sql-reference/constructs/join-lateral
-- Cart documents flattened with LATERAL and joined to a product table on a path of the
-- flattened VALUE; paths also drive GROUP BY (by expression, ALL, ordinal), HAVING, window
-- PARTITION BY, QUALIFY and ORDER BY, and a dynamic table that aggregates the joined rows.
CREATE DATABASE lateral_join_demo;
CREATE TABLE products (sku STRING, pname STRING, category STRING);
INSERT INTO products VALUES ('A', 'anchor', 'hardware'), ('B', 'buoy', 'hardware'), ('C', 'chart', 'paper'), ('D', 'dinghy', 'boats');
CREATE TABLE carts (cart_id NUMBER, body VARIANT);
INSERT INTO carts SELECT 1, PARSE_JSON('{"user":"u1","region":"north","items":[{"sku":"A","qty":2},{"sku":"C","qty":1}]}');
INSERT INTO carts SELECT 2, PARSE_JSON('{"user":"u2","region":"south","items":[{"sku":"B","qty":5}]}');
INSERT INTO carts SELECT 3, PARSE_JSON('{"user":"u1","region":"north","items":[{"sku":"A","qty":1},{"sku":"Z","qty":9}]}');
INSERT INTO carts SELECT 4, PARSE_JSON('{"user":"u3","region":"south","items":[]}');

-- expect: SELECT c.cart_id, p.pname, f.value:qty::number
--   FROM carts c, LATERAL FLATTEN(input => c.body:items) f
--   JOIN products p ON p.sku = f.value:sku::string
--   ORDER BY c.cart_id, p.pname;
-- => 1|anchor|2
-- => 1|chart|1
-- => 2|buoy|5
-- => 3|anchor|1

-- expect: SELECT body:region::string AS region, COUNT(*) AS carts, SUM(ARRAY_SIZE(body:items)) AS items
--   FROM carts GROUP BY body:region::string HAVING SUM(ARRAY_SIZE(body:items)) > 1;
-- => north|2|4

-- expect: SELECT c.body:user::string AS u, SUM(f.value:qty::number) AS units
--   FROM carts c, LATERAL FLATTEN(input => c.body:items) f GROUP BY ALL ORDER BY u;
-- => u1|13
-- => u2|5

-- expect: SELECT p.category, SUM(f.value:qty::number)
--   FROM carts c, LATERAL FLATTEN(input => c.body:items) f
--   JOIN products p ON p.sku = f.value:sku::string
--   GROUP BY 1 ORDER BY 1;
-- => hardware|8
-- => paper|1

-- The latest cart of each user, partitioning on a path.
-- expect: SELECT cart_id, body:user::string FROM carts
--   QUALIFY ROW_NUMBER() OVER (PARTITION BY body:user ORDER BY cart_id DESC) = 1 ORDER BY cart_id;
-- => 2|u2
-- => 3|u1
-- => 4|u3

-- expect: SELECT cart_id, ARRAY_SIZE(body:items) AS n,
--   SUM(ARRAY_SIZE(body:items)) OVER (PARTITION BY body:region::string) AS region_items
--   FROM carts ORDER BY cart_id;
-- => 1|2|4
-- => 2|1|1
-- => 3|2|4
-- => 4|0|1

-- expect: SELECT cart_id FROM carts ORDER BY body:user::string DESC, cart_id;
-- => 4
-- => 2
-- => 1
-- => 3

CREATE DYNAMIC TABLE category_units TARGET_LAG = '1 minute' WAREHOUSE = wh AS
SELECT p.category, c.body:region::string AS region, SUM(f.value:qty::number) AS units
FROM carts c, LATERAL FLATTEN(input => c.body:items) f
JOIN products p ON p.sku = f.value:sku::string
GROUP BY ALL;

-- expect: SELECT category, region, units FROM category_units ORDER BY category, region;
-- => hardware|north|3
-- => hardware|south|5
-- => paper|north|1

INSERT INTO carts SELECT 5, PARSE_JSON('{"user":"u3","region":"south","items":[{"sku":"D","qty":1},{"sku":"C","qty":2}]}');
DELETE FROM carts WHERE cart_id = 1;
-- advance: 2 minutes

-- expect: SELECT category, region, units FROM category_units ORDER BY category, region;
-- => boats|south|1
-- => hardware|north|1
-- => hardware|south|5
-- => paper|south|2

-- An outer join keeps the line whose SKU has no product (cart 3's Z).
-- expect: SELECT c.cart_id, f.value:sku::string, p.pname
--   FROM carts c, LATERAL FLATTEN(input => c.body:items) f
--   LEFT JOIN products p ON p.sku = f.value:sku::string
--   WHERE p.sku IS NULL;
-- => 3|Z|NULL
