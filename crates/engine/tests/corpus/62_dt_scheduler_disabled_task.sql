-- models: docs.snowflake.com/en/user-guide/dynamic-tables-manual-refresh (refreshing from a CRON task)
-- A dynamic table with SCHEDULER = 'DISABLE' refreshes only on request; a task on a CRON
-- schedule issues ALTER DYNAMIC TABLE ... REFRESH at the top of each hour.
CREATE DATABASE cron_refresh;
CREATE TABLE bookings (id NUMBER, nights NUMBER);
INSERT INTO bookings VALUES (1, 2), (2, 5);

CREATE DYNAMIC TABLE booking_stats
  WAREHOUSE = wh
  SCHEDULER = 'DISABLE'
  AS SELECT COUNT(*) AS bookings, SUM(nights) AS nights FROM bookings;

CREATE TASK hourly_refresh
  WAREHOUSE = wh
  SCHEDULE = 'USING CRON 0 * * * * UTC'
  AS ALTER DYNAMIC TABLE booking_stats REFRESH;
ALTER TASK hourly_refresh RESUME;

INSERT INTO bookings VALUES (3, 1);
-- advance: 30 minutes

-- expect: SELECT bookings, nights FROM booking_stats;
-- => 2|7

-- advance: 40 minutes

-- expect: SELECT bookings, nights FROM booking_stats;
-- => 3|8
-- expect: SHOW DYNAMIC TABLES LIKE 'BOOKING_STATS';
-- columns: name|scheduler
-- => BOOKING_STATS|DISABLE
