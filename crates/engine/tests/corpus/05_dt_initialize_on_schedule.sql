-- models: docs.snowflake.com/en/sql-reference/sql/create-dynamic-table
-- INITIALIZE = ON_SCHEDULE leaves the table empty of data until its first scheduled refresh;
-- reading it before then is an error.
CREATE DATABASE init_sched;
CREATE TABLE shipments (id NUMBER, carrier STRING, weight_kg NUMBER(8,2));
INSERT INTO shipments VALUES (1, 'DHL', 2.5), (2, 'UPS', 10), (3, 'DHL', 4.25);

CREATE DYNAMIC TABLE carrier_weight
  TARGET_LAG = '2 minutes'
  WAREHOUSE = wh
  INITIALIZE = ON_SCHEDULE
  AS SELECT carrier, SUM(weight_kg) AS kg FROM shipments GROUP BY carrier;

-- expect-error: SELECT * FROM carrier_weight;
-- => not initialized

-- advance: 5 minutes

-- expect: SELECT carrier, kg FROM carrier_weight ORDER BY carrier;
-- => DHL|6.75
-- => UPS|10.00
