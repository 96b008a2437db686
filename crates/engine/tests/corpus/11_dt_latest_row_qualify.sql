-- models: docs.snowflake.com/en/sql-reference/constructs/qualify (deduplicating CDC rows in a dynamic table)
-- The latest version of each customer, kept by a dynamic table with QUALIFY ROW_NUMBER() = 1.
CREATE DATABASE dedupe;
CREATE TABLE customer_updates (cust_id NUMBER, email STRING, tier STRING, updated_at TIMESTAMP_NTZ);
INSERT INTO customer_updates VALUES
  (1, 'a@x.io', 'silver', '2024-05-01 08:00:00'),
  (1, 'a@y.io', 'gold',   '2024-05-03 09:30:00'),
  (2, 'b@x.io', 'bronze', '2024-05-02 12:00:00'),
  (3, 'c@x.io', 'silver', '2024-05-01 07:00:00'),
  (3, 'c@z.io', 'silver', '2024-05-04 10:15:00');

CREATE DYNAMIC TABLE current_customers
  TARGET_LAG = '1 minute'
  WAREHOUSE = wh
AS
SELECT cust_id, email, tier, updated_at
FROM customer_updates
QUALIFY ROW_NUMBER() OVER (PARTITION BY cust_id ORDER BY updated_at DESC) = 1;

-- expect: SELECT cust_id, email, tier, updated_at FROM current_customers ORDER BY cust_id;
-- => 1|a@y.io|gold|2024-05-03 09:30:00.000
-- => 2|b@x.io|bronze|2024-05-02 12:00:00.000
-- => 3|c@z.io|silver|2024-05-04 10:15:00.000

INSERT INTO customer_updates VALUES (2, 'b@new.io', 'silver', '2024-05-05 00:00:00');
DELETE FROM customer_updates WHERE cust_id = 3 AND updated_at = '2024-05-04 10:15:00';
-- advance: 2 minutes

-- expect: SELECT cust_id, email, tier, updated_at FROM current_customers ORDER BY cust_id;
-- => 1|a@y.io|gold|2024-05-03 09:30:00.000
-- => 2|b@new.io|silver|2024-05-05 00:00:00.000
-- => 3|c@x.io|silver|2024-05-01 07:00:00.000
