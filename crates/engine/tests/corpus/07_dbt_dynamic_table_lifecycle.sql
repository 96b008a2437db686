-- models: github.com/dbt-labs/dbt-snowflake dbt/include/snowflake/macros/relations/dynamic_table/{create,describe,alter,refresh,drop}.sql
-- The statements dbt's dynamic_table materialization sends over a model's life: create with the
-- query in parentheses, describe through SHOW ... LIKE ... IN SCHEMA, alter the lag and warehouse,
-- refresh, and drop with CASCADE.
CREATE DATABASE analytics;
CREATE SCHEMA analytics.staging;
CREATE SCHEMA analytics.marts;
CREATE TABLE analytics.staging.stg_orders (order_id NUMBER, customer_id NUMBER, status STRING, amount NUMBER(10,2));
INSERT INTO analytics.staging.stg_orders VALUES
  (101, 1, 'shipped', 40.00), (102, 2, 'returned', 15.00), (103, 1, 'shipped', 22.50), (104, 3, 'placed', 9.99);

create dynamic table analytics.marts.fct_customer_revenue
    target_lag = '15 minutes'
    warehouse = transforming
    refresh_mode = INCREMENTAL
    initialize = ON_CREATE
    as (
        select customer_id, count(*) as orders, sum(amount) as revenue
        from analytics.staging.stg_orders
        where status <> 'returned'
        group by customer_id
    );

-- expect: show dynamic tables like 'fct_customer_revenue' in schema analytics.marts;
-- columns: name|schema_name|database_name|target_lag|warehouse|refresh_mode
-- => FCT_CUSTOMER_REVENUE|MARTS|ANALYTICS|15 minutes|TRANSFORMING|INCREMENTAL
-- expect: select customer_id, orders, revenue from analytics.marts.fct_customer_revenue order by customer_id;
-- => 1|2|62.50
-- => 3|1|9.99

alter dynamic table analytics.marts.fct_customer_revenue set
    target_lag = '1 hour'
    warehouse = reporting;

-- expect: show dynamic tables like 'FCT_CUSTOMER_REVENUE' in schema analytics.marts;
-- columns: name|target_lag|warehouse
-- => FCT_CUSTOMER_REVENUE|1 hour|REPORTING

insert into analytics.staging.stg_orders values (105, 2, 'shipped', 5.00);
alter dynamic table analytics.marts.fct_customer_revenue refresh;

-- expect: select customer_id, orders, revenue from analytics.marts.fct_customer_revenue order by customer_id;
-- => 1|2|62.50
-- => 2|1|5.00
-- => 3|1|9.99

drop dynamic table if exists analytics.marts.fct_customer_revenue cascade;

-- expect: show dynamic tables in schema analytics.marts;
-- expect-error: select * from analytics.marts.fct_customer_revenue;
-- => does not exist
