-- models: docs.snowflake.com/en/user-guide/dynamic-tables/target-lag
-- An intermediate table with TARGET_LAG = DOWNSTREAM refreshes when the table that reads it does.
CREATE DATABASE lag_demo;
CREATE TABLE sensor_raw (sensor_id NUMBER, site STRING, temp_c NUMBER(5,1));
INSERT INTO sensor_raw VALUES (1, 'north', 21.5), (2, 'north', 19.0), (3, 'south', 25.0);

CREATE DYNAMIC TABLE sensor_clean
  TARGET_LAG = DOWNSTREAM
  WAREHOUSE = wh
  AS SELECT sensor_id, site, temp_c FROM sensor_raw WHERE temp_c IS NOT NULL;

CREATE DYNAMIC TABLE site_summary
  TARGET_LAG = '5 minutes'
  WAREHOUSE = wh
  AS SELECT site, COUNT(*) AS sensors, MAX(temp_c) AS max_temp FROM sensor_clean GROUP BY site;

-- expect: SELECT site, sensors, max_temp FROM site_summary ORDER BY site;
-- => north|2|21.5
-- => south|1|25.0

INSERT INTO sensor_raw VALUES (4, 'south', 27.5), (5, 'east', NULL);

-- expect: SELECT COUNT(*) FROM sensor_clean;
-- => 3

-- advance: 10 minutes

-- expect: SELECT COUNT(*) FROM sensor_clean;
-- => 4
-- expect: SELECT site, sensors, max_temp FROM site_summary ORDER BY site;
-- => north|2|21.5
-- => south|2|27.5
-- expect: SHOW DYNAMIC TABLES LIKE 'SENSOR_CLEAN';
-- columns: name|target_lag
-- => SENSOR_CLEAN|DOWNSTREAM
