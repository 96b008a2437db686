-- models: docs.snowflake.com/en/sql-reference/functions-date-time (the WEEK_START and WEEK_OF_YEAR_POLICY section)
-- Under the default parameters (WEEK_START = 0, WEEK_OF_YEAR_POLICY = 0) weeks start on Monday and
-- WEEK / YEAROFWEEK follow ISO numbering, so the first days of January can belong to the last
-- week of the previous year and the last days of December to week 1. DAYOFWEEK keeps the legacy
-- numbering with Sunday as 0. A dynamic table rolls sales up by Monday-based week.
CREATE DATABASE week_calendar;
CREATE TABLE days (id NUMBER, d DATE);
INSERT INTO days VALUES
  (1, '2024-01-01'), (2, '2023-01-01'), (3, '2024-12-30'),
  (4, '2024-03-13'), (5, '2021-01-03'), (6, '2024-06-29');

-- expect: SELECT id, DATE_TRUNC('week', d), WEEK(d), YEAROFWEEK(d), DAYOFWEEK(d), DAYNAME(d) FROM days ORDER BY id;
-- => 1|2024-01-01|1|2024|1|Mon
-- => 2|2022-12-26|52|2022|0|Sun
-- => 3|2024-12-30|1|2025|1|Mon
-- => 4|2024-03-11|11|2024|3|Wed
-- => 5|2020-12-28|53|2020|0|Sun
-- => 6|2024-06-24|26|2024|6|Sat

-- expect: SELECT id, DATE_TRUNC('quarter', d), QUARTER(d), MONTHNAME(d), YEAR(d) FROM days ORDER BY id;
-- => 1|2024-01-01|1|Jan|2024
-- => 2|2023-01-01|1|Jan|2023
-- => 3|2024-10-01|4|Dec|2024
-- => 4|2024-01-01|1|Mar|2024
-- => 5|2021-01-01|1|Jan|2021
-- => 6|2024-04-01|2|Jun|2024

-- DATEDIFF counts the week (Monday) and quarter boundaries crossed, so Sunday to Monday is one
-- week and the last day of December to the first of January is one quarter.
-- expect: SELECT DATEDIFF('week', '2024-03-10'::DATE, '2024-03-11'::DATE), DATEDIFF('week', '2024-03-11'::DATE, '2024-03-17'::DATE),
--          DATEDIFF('week', '2024-01-01'::DATE, '2024-03-13'::DATE), DATEDIFF('week', '2024-06-29'::DATE, '2024-01-01'::DATE);
-- => 1|0|10|-25
-- expect: SELECT DATEDIFF('quarter', '2023-12-31'::DATE, '2024-01-01'::DATE), DATEDIFF('quarter', '2024-01-01'::DATE, '2024-03-31'::DATE),
--          DATEDIFF('quarter', '2024-02-15'::DATE, '2023-05-20'::DATE), DATEDIFF('quarter', '2023-01-01'::DATE, '2024-12-30'::DATE);
-- => 1|0|-3|7
-- expect: SELECT a.id, b.id, DATEDIFF('week', a.d, b.d) FROM days a JOIN days b ON b.id = a.id + 1 ORDER BY a.id;
-- => 1|2|-53
-- => 2|3|105
-- => 3|4|-42
-- => 4|5|-167
-- => 5|6|182

CREATE TABLE sales (sold_on DATE, amount NUMBER(8,2));
INSERT INTO sales VALUES
  ('2024-03-10', 5.00), ('2024-03-11', 7.50), ('2024-03-13', 2.50), ('2024-03-17', 10.00), ('2024-03-18', 4.00);

CREATE DYNAMIC TABLE weekly_sales TARGET_LAG = '1 minute' WAREHOUSE = wh AS
SELECT DATE_TRUNC('week', sold_on) AS week_start, COUNT(*) AS sales, SUM(amount) AS total
FROM sales
GROUP BY DATE_TRUNC('week', sold_on);

-- Sunday the 10th closes the week of the 4th; Sunday the 17th belongs with Monday the 11th.
-- expect: SELECT week_start, WEEK(week_start), sales, total FROM weekly_sales ORDER BY week_start;
-- => 2024-03-04|10|1|5.00
-- => 2024-03-11|11|3|20.00
-- => 2024-03-18|12|1|4.00

INSERT INTO sales VALUES ('2024-03-24', 1.00), ('2024-03-03', 3.00);
DELETE FROM sales WHERE sold_on = '2024-03-10';
-- advance: 2 minutes

-- expect: SELECT week_start, WEEK(week_start), sales, total, DAYNAME(week_start) FROM weekly_sales ORDER BY week_start;
-- => 2024-02-26|9|1|3.00|Mon
-- => 2024-03-11|11|3|20.00|Mon
-- => 2024-03-18|12|2|5.00|Mon

-- A function of the grouping expression is itself a valid select item.
-- expect: SELECT DATE_TRUNC('week', sold_on), WEEK(DATE_TRUNC('week', sold_on)), COUNT(*) FROM sales
--   GROUP BY DATE_TRUNC('week', sold_on) ORDER BY 1;
-- => 2024-02-26|9|1
-- => 2024-03-11|11|3
-- => 2024-03-18|12|2
