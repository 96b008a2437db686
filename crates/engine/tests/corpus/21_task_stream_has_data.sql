-- models: docs.snowflake.com/en/user-guide/tasks-intro (a task conditioned on SYSTEM$STREAM_HAS_DATA)
-- A scheduled task that only does work when its stream has changes, and consumes them.
CREATE DATABASE task_stream;
CREATE TABLE raw_signups (user_id NUMBER, plan STRING);
CREATE TABLE plan_counts (plan STRING, signups NUMBER);
CREATE STREAM signups_s ON TABLE raw_signups;

CREATE TASK load_signups
  WAREHOUSE = wh
  SCHEDULE = '1 MINUTE'
  WHEN SYSTEM$STREAM_HAS_DATA('signups_s')
  AS
  MERGE INTO plan_counts p
  USING (SELECT plan, COUNT(*) AS n FROM signups_s WHERE METADATA$ACTION = 'INSERT' GROUP BY plan) s
  ON p.plan = s.plan
  WHEN MATCHED THEN UPDATE SET p.signups = p.signups + s.n
  WHEN NOT MATCHED THEN INSERT (plan, signups) VALUES (s.plan, s.n);

ALTER TASK load_signups RESUME;

INSERT INTO raw_signups VALUES (1, 'free'), (2, 'pro'), (3, 'free');
-- advance: 3 minutes

-- expect: SELECT plan, signups FROM plan_counts ORDER BY plan;
-- => free|2
-- => pro|1
-- expect: SELECT SYSTEM$STREAM_HAS_DATA('signups_s');
-- => FALSE

INSERT INTO raw_signups VALUES (4, 'pro');
-- advance: 3 minutes

-- expect: SELECT plan, signups FROM plan_counts ORDER BY plan;
-- => free|2
-- => pro|2
