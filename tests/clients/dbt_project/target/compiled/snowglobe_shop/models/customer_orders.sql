
select customer_id, count(*) as orders, sum(amount) as spent
from SHOP.ANALYTICS.orders_clean
group by customer_id