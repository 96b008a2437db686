
select
    order_id,
    customer_id,
    upper(status) as status,
    amount,
    placed_at,
    iff(status in ('DELIVERED', 'CANCELLED'), 'CLOSED', 'OPEN') as order_state
from SHOP.RAW.orders
where order_id is not null