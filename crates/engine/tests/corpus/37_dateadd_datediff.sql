-- models: docs.snowflake.com/en/sql-reference/functions/dateadd (and datediff)
-- Renewal dates: adding months clamps to the end of a shorter month; DATEDIFF counts the unit
-- boundaries crossed, not whole elapsed units.
CREATE DATABASE renewals;
CREATE TABLE subscriptions (id NUMBER, started DATE, plan_months NUMBER);
INSERT INTO subscriptions VALUES (1, '2024-01-31', 1), (2, '2023-11-30', 3), (3, '2024-02-29', 12), (4, '2024-05-15', 1);

CREATE TABLE renewal_calendar AS
  SELECT id, started, DATEADD(month, plan_months, started) AS renews_on FROM subscriptions;

-- expect: SELECT id, renews_on, DATEDIFF(day, started, renews_on), DATEDIFF(month, started, renews_on) FROM renewal_calendar ORDER BY id;
-- => 1|2024-02-29|29|1
-- => 2|2024-02-29|91|3
-- => 3|2025-02-28|365|12
-- => 4|2024-06-15|31|1

-- expect: SELECT DATEDIFF(year, '2023-12-31'::DATE, '2024-01-01'::DATE), DATEDIFF(month, '2024-01-31'::DATE, '2024-02-01'::DATE), DATEDIFF(day, '2024-03-10'::DATE, '2024-03-01'::DATE);
-- => 1|1|-9
-- expect: SELECT DATEDIFF(day, '2024-03-01 23:59:59'::TIMESTAMP_NTZ, '2024-03-02 00:00:01'::TIMESTAMP_NTZ), DATEDIFF(hour, '2024-03-01 10:59:00'::TIMESTAMP_NTZ, '2024-03-01 11:00:00'::TIMESTAMP_NTZ), DATEDIFF(minute, '2024-03-01 10:00:59'::TIMESTAMP_NTZ, '2024-03-01 10:01:00'::TIMESTAMP_NTZ);
-- => 1|1|1
-- expect: SELECT DATEADD(hour, 5, '2024-12-31 22:00:00'::TIMESTAMP_NTZ), DATEADD(minute, -90, '2024-01-01 00:30:00'::TIMESTAMP_NTZ), DATEADD(day, -10, '2024-03-05'::DATE);
-- => 2025-01-01 03:00:00.000|2023-12-31 23:00:00.000|2024-02-24
-- expect: SELECT DATEADD(year, 1, '2024-02-29'::DATE), DATEADD(hour, 3, '2024-01-01'::DATE);
-- => 2025-02-28|2024-01-01 03:00:00.000
