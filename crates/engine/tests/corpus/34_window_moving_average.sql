-- models: docs.snowflake.com/en/user-guide/functions-window-using (moving aggregates)
-- Sliding ROWS frames for a moving average, a centered maximum and a count; AVG of NUMBER(8,2)
-- has scale 8.
CREATE DATABASE moving;
CREATE TABLE closes (day DATE, px NUMBER(8,2));
INSERT INTO closes VALUES
  ('2024-02-05', 10.00), ('2024-02-06', 11.00), ('2024-02-07', 12.00), ('2024-02-08', 13.00), ('2024-02-09', 20.00);

-- expect: SELECT day,
--          AVG(px) OVER (ORDER BY day ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS ma3,
--          MAX(px) OVER (ORDER BY day ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS hi3,
--          COUNT(*) OVER (ORDER BY day ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS n,
--          px - MIN(px) OVER () AS above_low
--   FROM closes ORDER BY day;
-- => 2024-02-05|10.00000000|11.00|1|0.00
-- => 2024-02-06|10.50000000|12.00|2|1.00
-- => 2024-02-07|11.00000000|13.00|3|2.00
-- => 2024-02-08|12.00000000|20.00|3|3.00
-- => 2024-02-09|15.00000000|20.00|3|10.00
