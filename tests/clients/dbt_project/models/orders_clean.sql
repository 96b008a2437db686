{{ config(materialized='dynamic_table', target_lag=var('clean_lag', '1 minute')) }}
select
    order_id,
    customer_id,
    upper(status) as status,
    amount,
    placed_at,
    iff(status in ('DELIVERED', 'CANCELLED'), 'CLOSED', 'OPEN') as order_state
from {{ source('raw', 'orders') }}
where order_id is not null
