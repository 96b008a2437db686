-- models: docs.snowflake.com/en/sql-reference/sql/create-task (SCHEDULE and ALTER TASK RESUME/SUSPEND)
-- A scheduled task does not run until it is resumed, and stops again when suspended.
CREATE DATABASE task_sched;
CREATE TABLE heartbeats (beat_at TIMESTAMP_NTZ);

CREATE TASK beat WAREHOUSE = wh SCHEDULE = '5 MINUTE'
  AS INSERT INTO heartbeats SELECT CURRENT_TIMESTAMP();

-- advance: 20 minutes
-- expect: SELECT COUNT(*) FROM heartbeats;
-- => 0

ALTER TASK beat RESUME;
-- expect: SHOW TASKS LIKE 'BEAT';
-- columns: name|state
-- => BEAT|started

-- advance: 12 minutes
-- expect: SELECT COUNT(*) >= 2, MIN(beat_at) >= '2026-01-15 09:20:00' FROM heartbeats;
-- => TRUE|TRUE

ALTER TASK beat SUSPEND;
CREATE TABLE frozen AS SELECT COUNT(*) AS n FROM heartbeats;
-- advance: 30 minutes
-- expect: SELECT (SELECT COUNT(*) FROM heartbeats) = n FROM frozen;
-- => TRUE
