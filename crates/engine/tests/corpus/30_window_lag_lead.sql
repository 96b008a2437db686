-- models: docs.snowflake.com/en/sql-reference/functions/lag (and lead)
-- LAG/LEAD read a row a given offset away within the partition; the default is used only when
-- that row does not exist, not when its value is NULL.
CREATE DATABASE lag_lead;
CREATE TABLE daily_sales (store STRING, day DATE, revenue NUMBER(10,2));
INSERT INTO daily_sales VALUES
  ('A', '2024-01-01', 100.00), ('A', '2024-01-02', 120.00), ('A', '2024-01-03', NULL), ('A', '2024-01-04', 90.00),
  ('B', '2024-01-01', 50.00), ('B', '2024-01-02', 75.00);

-- expect: SELECT store, day, revenue,
--          LAG(revenue) OVER (PARTITION BY store ORDER BY day) AS prev,
--          LAG(revenue, 1, 0.00) OVER (PARTITION BY store ORDER BY day) AS prev_or_zero,
--          LEAD(revenue, 2) OVER (PARTITION BY store ORDER BY day) AS two_ahead,
--          revenue - LAG(revenue) OVER (PARTITION BY store ORDER BY day) AS change
--   FROM daily_sales ORDER BY store, day;
-- => A|2024-01-01|100.00|NULL|0.00|NULL|NULL
-- => A|2024-01-02|120.00|100.00|100.00|90.00|20.00
-- => A|2024-01-03|NULL|120.00|120.00|NULL|NULL
-- => A|2024-01-04|90.00|NULL|NULL|NULL|NULL
-- => B|2024-01-01|50.00|NULL|0.00|NULL|NULL
-- => B|2024-01-02|75.00|50.00|50.00|NULL|25.00
