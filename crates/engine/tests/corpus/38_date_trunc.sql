-- models: docs.snowflake.com/en/sql-reference/functions/date_trunc
-- DATE_TRUNC to year, month, day, hour, minute and second; a DATE stays a DATE. Events are then
-- bucketed by hour as a monitoring view does.
CREATE DATABASE trunc_demo;
CREATE TABLE events (id NUMBER, at TIMESTAMP_NTZ);
INSERT INTO events VALUES (1, '2024-05-17 14:38:52'), (2, '2024-05-17 14:05:00'), (3, '2024-05-17 15:00:00'), (4, '2024-05-18 00:00:01');

-- expect: SELECT DATE_TRUNC('YEAR', at), DATE_TRUNC('MONTH', at), DATE_TRUNC('DAY', at) FROM events WHERE id = 1;
-- => 2024-01-01 00:00:00.000|2024-05-01 00:00:00.000|2024-05-17 00:00:00.000
-- expect: SELECT DATE_TRUNC('HOUR', at), DATE_TRUNC('MINUTE', at), DATE_TRUNC('SECOND', at) FROM events WHERE id = 1;
-- => 2024-05-17 14:00:00.000|2024-05-17 14:38:00.000|2024-05-17 14:38:52.000
-- expect: SELECT DATE_TRUNC('month', '2024-05-17'::DATE), DATE_TRUNC(year, '2024-05-17'::DATE);
-- => 2024-05-01|2024-01-01

CREATE VIEW events_by_hour AS
  SELECT DATE_TRUNC('HOUR', at) AS hour_bucket, COUNT(*) AS events, MIN(at) AS first_event
  FROM events GROUP BY DATE_TRUNC('HOUR', at);

-- expect: SELECT hour_bucket, events, first_event FROM events_by_hour ORDER BY 1;
-- => 2024-05-17 14:00:00.000|2|2024-05-17 14:05:00.000
-- => 2024-05-17 15:00:00.000|1|2024-05-17 15:00:00.000
-- => 2024-05-18 00:00:00.000|1|2024-05-18 00:00:01.000
