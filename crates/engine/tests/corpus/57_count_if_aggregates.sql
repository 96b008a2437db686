-- models: docs.snowflake.com/en/sql-reference/functions/count_if (with COUNT, SUM, AVG NULL handling)
-- COUNT(*) counts rows, COUNT(col) non-NULL values; SUM over no rows is NULL; AVG of
-- NUMBER(6,1) has scale 7.
CREATE DATABASE agg;
CREATE TABLE tickets (id NUMBER, status STRING, priority NUMBER, resolved_hours NUMBER(6,1));
INSERT INTO tickets VALUES
  (1, 'open', 1, NULL), (2, 'closed', 2, 4.0), (3, 'closed', 1, 10.5), (4, 'open', 3, NULL), (5, 'closed', 2, 1.5);

-- expect: SELECT COUNT(*), COUNT(resolved_hours), COUNT_IF(status = 'open'), COUNT(DISTINCT priority),
--          SUM(resolved_hours), MIN(resolved_hours), MAX(resolved_hours), AVG(resolved_hours) FROM tickets;
-- => 5|3|2|3|16.0|1.5|10.5|5.3333333
-- expect: SELECT SUM(resolved_hours), COUNT(resolved_hours), MAX(resolved_hours) FROM tickets WHERE status = 'open';
-- => NULL|0|NULL
-- expect: SELECT COUNT_IF(priority > 1 AND status = 'closed'), COUNT_IF(resolved_hours > 100) FROM tickets;
-- => 2|0
-- expect: SELECT status, COUNT(*), SUM(priority) FROM tickets GROUP BY status ORDER BY status;
-- => closed|3|5
-- => open|2|4
