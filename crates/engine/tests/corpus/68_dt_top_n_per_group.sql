-- models: docs.snowflake.com/en/sql-reference/functions/rank (top-N per group kept by a dynamic table)
-- The two best scores per game, with ties sharing a rank; deleting a leader promotes the next.
CREATE DATABASE top_n;
CREATE TABLE plays (game STRING, player STRING, score NUMBER);
INSERT INTO plays VALUES
  ('chess', 'ann', 900), ('chess', 'bob', 850), ('chess', 'cy', 800),
  ('go', 'dee', 700), ('go', 'eve', 700), ('go', 'fay', 650);

CREATE DYNAMIC TABLE leaders TARGET_LAG = '1 hour' WAREHOUSE = wh AS
  SELECT game, player, score, RANK() OVER (PARTITION BY game ORDER BY score DESC) AS pos
  FROM plays
  QUALIFY pos <= 2;

-- expect: SELECT game, player, score, pos FROM leaders ORDER BY game, pos, player;
-- => chess|ann|900|1
-- => chess|bob|850|2
-- => go|dee|700|1
-- => go|eve|700|1

DELETE FROM plays WHERE player IN ('ann', 'dee');
INSERT INTO plays VALUES ('chess', 'gus', 850);
ALTER DYNAMIC TABLE leaders REFRESH;

-- expect: SELECT game, player, score, pos FROM leaders ORDER BY game, pos, player;
-- => chess|bob|850|1
-- => chess|gus|850|1
-- => go|eve|700|1
-- => go|fay|650|2
