{{ config(materialized='dynamic_table', scheduler='DISABLE') }}
select order_id, amount from {{ ref('orders_clean') }} where order_state = 'OPEN'
