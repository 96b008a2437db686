-- models: docs.snowflake.com/en/user-guide/dynamic-tables-refresh (incremental refresh of aggregates)
-- After deletes, updates and duplicate inserts, a refreshed dynamic table holds what its query
-- returns now: a deleted maximum is replaced, emptied groups disappear, HAVING and DISTINCT follow.
CREATE DATABASE incr_agg;
CREATE TABLE readings (site STRING, sensor STRING, val NUMBER);
INSERT INTO readings VALUES ('a', 's1', 10), ('a', 's2', 30), ('a', 's1', 20), ('b', 's3', 5), ('c', 's4', NULL);

CREATE DYNAMIC TABLE site_stats TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
  SELECT site, COUNT(*) AS n, COUNT(DISTINCT sensor) AS sensors, MIN(val) AS lo, MAX(val) AS hi, SUM(val) AS total
  FROM readings GROUP BY site;
CREATE DYNAMIC TABLE busy_sites TARGET_LAG = '1 hour' WAREHOUSE = wh AS
  SELECT site FROM readings GROUP BY site HAVING SUM(val) >= 10;
CREATE DYNAMIC TABLE live_sensors TARGET_LAG = '1 hour' WAREHOUSE = wh AS
  SELECT DISTINCT sensor FROM readings WHERE val IS NOT NULL;

-- expect: SELECT site, n, sensors, lo, hi, total FROM site_stats ORDER BY site;
-- => a|3|2|10|30|60
-- => b|1|1|5|5|5
-- => c|1|1|NULL|NULL|NULL

DELETE FROM readings WHERE site = 'a' AND sensor = 's2';
DELETE FROM readings WHERE site = 'b';
UPDATE readings SET val = 12 WHERE site = 'c';
INSERT INTO readings VALUES ('a', 's1', 20);
ALTER DYNAMIC TABLE site_stats REFRESH;
ALTER DYNAMIC TABLE busy_sites REFRESH;
ALTER DYNAMIC TABLE live_sensors REFRESH;

-- expect: SELECT site, n, sensors, lo, hi, total FROM site_stats ORDER BY site;
-- => a|3|1|10|20|50
-- => c|1|1|12|12|12
-- expect: SELECT site FROM busy_sites ORDER BY site;
-- => a
-- => c
-- expect: SELECT sensor FROM live_sensors ORDER BY sensor;
-- => s1
-- => s4

DELETE FROM readings WHERE site = 'a' AND val = 20;
UPDATE readings SET val = 9 WHERE site = 'c';
ALTER DYNAMIC TABLE site_stats REFRESH;
ALTER DYNAMIC TABLE busy_sites REFRESH;

-- expect: SELECT site, n, sensors, lo, hi, total FROM site_stats ORDER BY site;
-- => a|1|1|10|10|10
-- => c|1|1|9|9|9
-- expect: SELECT site FROM busy_sites ORDER BY site;
-- => a
