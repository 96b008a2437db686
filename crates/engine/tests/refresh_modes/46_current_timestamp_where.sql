-- models: docs.snowflake.com/en/release-notes/2025/other/2025-05-01-dynamic-tables-current-timestamp and user-guide/dynamic-tables/supported-queries (WHERE / HAVING / QUALIFY)
-- CURRENT_TIMESTAMP in a WHERE filter is accepted under explicit INCREMENTAL; AUTO does not pick incremental for it.
-- No reason value is documented for the AUTO table, so only its refresh_mode is checked.
CREATE DATABASE rm_now_where;
CREATE TABLE events (event_id NUMBER, event_ts TIMESTAMP_NTZ);
INSERT INTO events VALUES (1, '2026-01-10 00:00:00'), (2, '2025-11-01 00:00:00');

CREATE DYNAMIC TABLE recent_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT event_id FROM events WHERE event_ts > DATEADD('day', -30, CURRENT_TIMESTAMP());
CREATE DYNAMIC TABLE recent_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT event_id FROM events WHERE event_ts > DATEADD('day', -30, CURRENT_TIMESTAMP());

-- expect: SHOW DYNAMIC TABLES LIKE 'RECENT_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => RECENT_INCR|INCREMENTAL|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'RECENT_AUTO';
-- columns: name|refresh_mode
-- => RECENT_AUTO|FULL
-- expect: SELECT event_id FROM recent_incr ORDER BY event_id;
-- => 1

INSERT INTO events VALUES (3, '2026-01-14 12:00:00'), (4, '2025-12-01 00:00:00');
DELETE FROM events WHERE event_id = 1;
-- advance: 1 minute
ALTER DYNAMIC TABLE recent_incr REFRESH;

-- expect: SELECT event_id FROM recent_incr ORDER BY event_id;
-- => 3
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'RECENT_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
