-- models: docs.snowflake.com/en/sql-reference/sql/merge
-- An upsert: matched rows are updated, unmatched source rows inserted; MERGE reports both counts.
CREATE DATABASE merge_upsert;
CREATE TABLE dim_customer (customer_id NUMBER, name STRING, city STRING, updated_on DATE);
CREATE TABLE stg_customer (customer_id NUMBER, name STRING, city STRING);
INSERT INTO dim_customer VALUES (1, 'Ines', 'Lisbon', '2024-01-01'), (2, 'Omar', 'Cairo', '2024-01-01'), (3, 'Yuki', 'Osaka', '2024-01-01');
INSERT INTO stg_customer VALUES (2, 'Omar', 'Giza'), (3, 'Yuki', 'Osaka'), (4, 'Lena', 'Berlin'), (5, 'Ravi', 'Pune');

-- expect: MERGE INTO dim_customer d USING stg_customer s ON d.customer_id = s.customer_id
--   WHEN MATCHED THEN UPDATE SET d.city = s.city, d.updated_on = '2024-02-01'
--   WHEN NOT MATCHED THEN INSERT (customer_id, name, city, updated_on) VALUES (s.customer_id, s.name, s.city, '2024-02-01');
-- => 2|2

-- expect: SELECT customer_id, name, city, updated_on FROM dim_customer ORDER BY customer_id;
-- => 1|Ines|Lisbon|2024-01-01
-- => 2|Omar|Giza|2024-02-01
-- => 3|Yuki|Osaka|2024-02-01
-- => 4|Lena|Berlin|2024-02-01
-- => 5|Ravi|Pune|2024-02-01
