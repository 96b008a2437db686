-- models: docs.snowflake.com/en/sql-reference/functions/rank (with dense_rank and row_number)
-- Ties share a RANK and leave a gap after them; DENSE_RANK leaves none; ROW_NUMBER is unique.
CREATE DATABASE ranking;
CREATE TABLE scores (player STRING, team STRING, points NUMBER);
INSERT INTO scores VALUES
  ('ana', 'red', 30), ('bo', 'red', 25), ('cy', 'red', 30), ('dee', 'red', 10),
  ('eli', 'blue', 40), ('fay', 'blue', 40), ('gus', 'blue', 40), ('hal', 'blue', 15);

-- expect: SELECT player, team, points,
--          RANK() OVER (PARTITION BY team ORDER BY points DESC) AS r,
--          DENSE_RANK() OVER (PARTITION BY team ORDER BY points DESC) AS dr,
--          ROW_NUMBER() OVER (PARTITION BY team ORDER BY points DESC, player) AS rn
--   FROM scores ORDER BY team, rn;
-- => eli|blue|40|1|1|1
-- => fay|blue|40|1|1|2
-- => gus|blue|40|1|1|3
-- => hal|blue|15|4|2|4
-- => ana|red|30|1|1|1
-- => cy|red|30|1|1|2
-- => bo|red|25|3|2|3
-- => dee|red|10|4|3|4

-- DISTINCT is applied after the window functions
-- expect: SELECT DISTINCT points, RANK() OVER (ORDER BY points DESC) AS r FROM scores ORDER BY points DESC;
-- => 40|1
-- => 30|4
-- => 25|6
-- => 15|7
-- => 10|8
