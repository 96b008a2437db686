-- models: docs.snowflake.com/en/sql-reference/sql/create-task (AFTER: task graphs)
-- A child task declared AFTER its parent runs when the parent's run finishes.
CREATE DATABASE task_graph;
CREATE TABLE raw (id NUMBER, v NUMBER);
CREATE TABLE staged (id NUMBER, v NUMBER);
CREATE TABLE report (n NUMBER, total NUMBER);
INSERT INTO raw VALUES (1, 10), (2, 20), (3, 30);

CREATE TASK stage_raw WAREHOUSE = wh SCHEDULE = '60 MINUTE'
  AS INSERT INTO staged SELECT id, v FROM raw WHERE v > 10;
CREATE TASK build_report WAREHOUSE = wh AFTER stage_raw
  AS INSERT INTO report SELECT COUNT(*), SUM(v) FROM staged;
ALTER TASK build_report RESUME;

EXECUTE TASK stage_raw;

-- expect: SELECT id, v FROM staged ORDER BY id;
-- => 2|20
-- => 3|30
-- expect: SELECT n, total FROM report;
-- => 2|50
-- expect: SHOW TASKS LIKE 'BUILD_REPORT';
-- columns: name|state
-- => BUILD_REPORT|started
