-- models: docs.snowflake.com/en/sql-reference/sql/create-dynamic-table (column list) and sql-reference/sql/desc-table
-- A column list renames the query's columns; DESCRIBE shows them with the query's types.
CREATE DATABASE collist;
CREATE TABLE readings (meter STRING, kwh NUMBER(8,3), read_at TIMESTAMP_NTZ);
INSERT INTO readings VALUES ('m1', 1.250, '2024-02-01 00:00:00'), ('m1', 0.750, '2024-02-01 01:00:00'), ('m2', 2.000, '2024-02-01 00:00:00');

CREATE DYNAMIC TABLE meter_usage (meter_id, total_kwh COMMENT 'kilowatt hours', last_read)
  TARGET_LAG = '1 hour'
  WAREHOUSE = wh
  AS SELECT meter, SUM(kwh), MAX(read_at) FROM readings GROUP BY meter;

-- expect: SELECT meter_id, total_kwh, last_read FROM meter_usage ORDER BY meter_id;
-- => m1|2.000|2024-02-01 01:00:00.000
-- => m2|2.000|2024-02-01 00:00:00.000
-- expect: DESCRIBE DYNAMIC TABLE meter_usage;
-- columns: name|type|kind|comment
-- => METER_ID|VARCHAR(16777216)|COLUMN|NULL
-- => TOTAL_KWH|NUMBER(38,3)|COLUMN|kilowatt hours
-- => LAST_READ|TIMESTAMP_NTZ(9)|COLUMN|NULL
