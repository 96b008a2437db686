-- models: docs.snowflake.com/en/user-guide/dynamic-tables-create
-- A dynamic table over a landing table: created (and initialized) at once, then stale until
-- it is refreshed.
CREATE DATABASE dt_basic;
CREATE TABLE raw_events (event_id NUMBER, device STRING, reading NUMBER(6,1));
INSERT INTO raw_events VALUES (1, 'pump-a', 10.5), (2, 'pump-b', 7.0), (3, 'pump-a', 12.5);

CREATE DYNAMIC TABLE device_readings
  TARGET_LAG = '10 minutes'
  WAREHOUSE = etl_wh
  AS SELECT device, COUNT(*) AS n, SUM(reading) AS total FROM raw_events GROUP BY device;

-- expect: SELECT device, n, total FROM device_readings ORDER BY device;
-- => pump-a|2|23.0
-- => pump-b|1|7.0

INSERT INTO raw_events VALUES (4, 'pump-b', 3.5);
DELETE FROM raw_events WHERE event_id = 1;

-- no time has passed, so no refresh has run yet
-- expect: SELECT device, n, total FROM device_readings ORDER BY device;
-- => pump-a|2|23.0
-- => pump-b|1|7.0

ALTER DYNAMIC TABLE device_readings REFRESH;

-- expect: SELECT device, n, total FROM device_readings ORDER BY device;
-- => pump-a|1|12.5
-- => pump-b|2|10.5
