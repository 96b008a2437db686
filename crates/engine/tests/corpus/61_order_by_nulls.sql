-- models: docs.snowflake.com/en/sql-reference/constructs/order-by (and constructs/limit)
-- NULLs sort last in ascending order and first in descending order by default; LIMIT/OFFSET
-- page through the ordered result.
CREATE DATABASE ordering;
CREATE TABLE scores (player STRING, score NUMBER);
INSERT INTO scores VALUES ('ann', 7), ('bob', NULL), ('cy', 12), ('dee', 7), ('eve', 3);

-- expect: SELECT player, score FROM scores ORDER BY score, player;
-- => eve|3
-- => ann|7
-- => dee|7
-- => cy|12
-- => bob|NULL
-- expect: SELECT player, score FROM scores ORDER BY score DESC, player;
-- => bob|NULL
-- => cy|12
-- => ann|7
-- => dee|7
-- => eve|3
-- expect: SELECT player FROM scores ORDER BY score DESC, player LIMIT 2 OFFSET 1;
-- => cy
-- => ann
-- expect: SELECT player, RANK() OVER (ORDER BY score DESC) AS r FROM scores ORDER BY r, player;
-- => bob|1
-- => cy|2
-- => ann|3
-- => dee|3
-- => eve|5
