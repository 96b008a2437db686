-- snowflake_dynamic_tables.sql
/*
E-Commerce CDC Pipeline - Snowflake Dynamic Tables
Bronze-Silver-Gold architecture with CDC processing
*/

-- ======================
-- BRONZE LAYER (Raw)
-- ======================
CREATE OR REPLACE DATABASE ECOMM_CDC;

USE DATABASE ECOMM_CDC;

-- Raw orders table (CDC landing zone)
CREATE OR REPLACE TABLE raw_orders (
    order_id STRING,
    customer_id STRING,
    order_date TIMESTAMP_NTZ,
    status STRING,
    amount NUMBER(10,2),
    product_id STRING,
    quantity NUMBER,
    -- CDC metadata columns
    record_source STRING DEFAULT 'PYTHON_CDC',
    processed_at TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP(),
    change_type STRING DEFAULT 'INSERT'  -- Track INSERTS/UPDATES/DELETES
) COMMENT = 'Bronze layer - raw CDC events';

-- ======================
-- SILVER LAYER (Cleansed)
-- ======================
CREATE OR REPLACE DYNAMIC TABLE orders_derived
WAREHOUSE = 'COMPUTE_WH'
TARGET_LAG = '1 minute'  -- Near real-time refresh
COMMENT = 'Silver layer - cleansed business entities'
AS
SELECT
    order_id,
    customer_id,
    order_date,
    status,
    amount,
    product_id,
    quantity,
    -- Derived columns
    EXTRACT(YEAR FROM order_date) AS order_year,
    EXTRACT(MONTH FROM order_date) AS order_month,
    CASE
        WHEN amount > 200 THEN 'HIGH_VALUE'
        WHEN amount > 100 THEN 'MEDIUM_VALUE'
        ELSE 'LOW_VALUE'
    END AS value_segment,
    CASE
        WHEN status IN ('DELIVERED', 'CANCELLED') THEN 'CLOSED'
        ELSE 'OPEN'
    END AS order_state,
    -- CDC metadata
    processed_at,
    change_type,
    -- Data quality checks
    IFF(order_id IS NULL, 'FAILED', 'PASSED') AS dq_check_order_id,
    IFF(amount > 0, 'PASSED', 'FAILED') AS dq_check_amount
FROM raw_orders;

-- ======================
-- GOLD LAYER (Aggregated)
-- ======================
CREATE OR REPLACE DYNAMIC TABLE orders_aggregated
WAREHOUSE = 'COMPUTE_WH'
TARGET_LAG = '5 minutes'  -- Batch-oriented aggregation
COMMENT = 'Gold layer - business metrics'
AS
SELECT
    order_year,
    order_month,
    value_segment,
    -- Key metrics
    COUNT(DISTINCT order_id) AS order_count,
    SUM(amount) AS total_revenue,
    AVG(amount) AS avg_order_value,
    COUNT(DISTINCT customer_id) AS unique_customers,
    -- Delivery metrics
    SUM(CASE WHEN status = 'DELIVERED' THEN amount ELSE 0 END) AS delivered_revenue,
    SUM(CASE WHEN status = 'CANCELLED' THEN 1 ELSE 0 END) AS cancelled_orders,
    -- CDC statistics
    COUNT(CASE WHEN change_type = 'INSERT' THEN 1 END) AS new_records,
    COUNT(CASE WHEN change_type = 'UPDATE' THEN 1 END) AS updated_records
FROM orders_derived
GROUP BY order_year, order_month, value_segment;

-- ======================
-- PIPELINE OPERATIONS
-- ======================
-- Monitoring view for CDC events
CREATE OR REPLACE VIEW cdc_monitoring AS
SELECT 
    DATE_TRUNC('HOUR', processed_at) AS process_hour,
    change_type,
    COUNT(*) AS record_count,
    MIN(processed_at) AS first_event,
    MAX(processed_at) AS last_event
FROM raw_orders
GROUP BY DATE_TRUNC('HOUR', processed_at), change_type;

-- Refresh task for Gold layer
CREATE OR REPLACE TASK refresh_gold_layer
WAREHOUSE = 'COMPUTE_WH'
SCHEDULE = '5 MINUTE'
COMMENT = 'Orchestrates Gold layer refreshes'
AS
CALL SYSTEM$REFRESH_DYNAMIC_TABLE('ECOMM_CDC.PUBLIC.orders_aggregated');

ALTER TASK refresh_gold_layer RESUME;
