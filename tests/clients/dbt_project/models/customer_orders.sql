{{ config(materialized='view') }}
select customer_id, count(*) as orders, sum(amount) as spent
from {{ ref('orders_clean') }}
group by customer_id
