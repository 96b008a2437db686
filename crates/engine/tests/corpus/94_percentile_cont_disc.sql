-- models: docs.snowflake.com/en/sql-reference/functions/percentile_cont (and functions/percentile_disc)
-- PERCENTILE_CONT interpolates between the two nearest values (its scale, like MEDIAN's, is the
-- input's plus 3); PERCENTILE_DISC returns the first value whose cumulative distribution reaches
-- the percentile, in the input's own type. NULLs are ignored; an all-NULL group gives NULL. Both,
-- and MEDIAN, also run as window functions over a partition, and feed a dynamic table.
CREATE DATABASE exam_percentiles;
CREATE TABLE scores (class STRING, student STRING, score NUMBER(5,1));
INSERT INTO scores VALUES
  ('A', 'a1', 10), ('A', 'a2', 20), ('A', 'a3', 30), ('A', 'a4', 40),
  ('B', 'b1', 15), ('B', 'b2', 25), ('B', 'b3', 35), ('B', 'b4', 45), ('B', 'b5', 55),
  ('C', 'c1', 50), ('C', 'c2', NULL),
  ('D', 'd1', NULL);

-- Class A at 0.9: position 0.9 * (4 - 1) = 2.7 lies between 30 and 40, giving 37.
-- expect: SELECT class,
--          PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY score),
--          PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY score),
--          PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY score)
--   FROM scores GROUP BY class ORDER BY class;
-- => A|17.5000|25.0000|37.0000
-- => B|25.0000|35.0000|51.0000
-- => C|50.0000|50.0000|50.0000
-- => D|NULL|NULL|NULL

-- expect: SELECT class,
--          PERCENTILE_DISC(0.25) WITHIN GROUP (ORDER BY score),
--          PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY score),
--          PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY score)
--   FROM scores GROUP BY class ORDER BY class;
-- => A|10.0|20.0|40.0
-- => B|25.0|35.0|55.0
-- => C|50.0|50.0|50.0
-- => D|NULL|NULL|NULL

-- The 0 and 1 percentiles are the minimum and the maximum.
-- expect: SELECT PERCENTILE_CONT(0) WITHIN GROUP (ORDER BY score), PERCENTILE_CONT(1) WITHIN GROUP (ORDER BY score),
--          PERCENTILE_DISC(1) WITHIN GROUP (ORDER BY score), MEDIAN(score)
--   FROM scores;
-- => 10.0000|55.0000|55.0|32.5000

-- As window functions, every row of a partition gets its partition's value.
-- expect: SELECT student, score,
--          PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY score) OVER (PARTITION BY class),
--          PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY score) OVER (PARTITION BY class),
--          MEDIAN(score) OVER (PARTITION BY class)
--   FROM scores WHERE class IN ('A', 'C') ORDER BY student;
-- => a1|10.0|25.0000|20.0|25.0000
-- => a2|20.0|25.0000|20.0|25.0000
-- => a3|30.0|25.0000|20.0|25.0000
-- => a4|40.0|25.0000|20.0|25.0000
-- => c1|50.0|50.0000|50.0|50.0000
-- => c2|NULL|50.0000|50.0|50.0000

-- The window applies after WHERE, so the whole-table median is taken in a subquery.
-- expect: SELECT student, m FROM (SELECT student, MEDIAN(score) OVER () AS m FROM scores)
--   WHERE student IN ('a1', 'd1') ORDER BY student;
-- => a1|32.5000
-- => d1|32.5000

-- expect: SELECT student, score FROM scores
--   QUALIFY score > MEDIAN(score) OVER (PARTITION BY class) ORDER BY student;
-- => a3|30.0
-- => a4|40.0
-- => b4|45.0
-- => b5|55.0

CREATE DYNAMIC TABLE class_spread TARGET_LAG = '1 minute' WAREHOUSE = wh AS
SELECT class, COUNT(score) AS n,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY score) AS p50,
       PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY score) AS p90
FROM scores GROUP BY class;

-- expect: SELECT class, n, p50, p90 FROM class_spread ORDER BY class;
-- => A|4|25.0000|40.0
-- => B|5|35.0000|55.0
-- => C|1|50.0000|50.0
-- => D|0|NULL|NULL

INSERT INTO scores VALUES ('D', 'd2', 70), ('D', 'd3', 80), ('A', 'a5', 50);
-- advance: 2 minutes

-- Class A now has five values (middle 30); class D has 70 and 80.
-- expect: SELECT class, n, p50, p90 FROM class_spread ORDER BY class;
-- => A|5|30.0000|50.0
-- => B|5|35.0000|55.0
-- => C|1|50.0000|50.0
-- => D|2|75.0000|80.0
