{{ config(materialized='dynamic_table', target_lag='2 minutes') }}
select status, count(*) as orders, sum(amount) as revenue
from {{ ref('orders_clean') }}
group by status
