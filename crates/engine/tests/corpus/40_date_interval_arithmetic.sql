-- models: docs.snowflake.com/en/sql-reference/data-types-datetime (interval constants) and operators-arithmetic
-- INTERVAL constants added to and subtracted from timestamps and dates; DATE - DATE is a number
-- of days.
CREATE DATABASE intervals;
CREATE TABLE sessions (id NUMBER, started TIMESTAMP_NTZ, day DATE);
INSERT INTO sessions VALUES (1, '2024-01-31 22:30:00', '2024-01-31'), (2, '2024-02-28 00:15:00', '2024-02-28');

-- expect: SELECT id, started + INTERVAL '2 hours', started - INTERVAL '30 minutes', day + INTERVAL '1 month' FROM sessions ORDER BY id;
-- => 1|2024-02-01 00:30:00.000|2024-01-31 22:00:00.000|2024-02-29
-- => 2|2024-02-28 02:15:00.000|2024-02-27 23:45:00.000|2024-03-28
-- expect: SELECT '2024-03-01'::DATE - '2024-02-01'::DATE, day + INTERVAL '1 day' FROM sessions WHERE id = 2;
-- => 29|2024-02-29
-- expect: SELECT COUNT(*) FROM sessions WHERE started >= '2024-02-01'::TIMESTAMP_NTZ - INTERVAL '2 hours';
-- => 2
