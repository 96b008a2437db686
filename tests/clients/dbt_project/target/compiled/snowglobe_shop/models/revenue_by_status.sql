
select status, count(*) as orders, sum(amount) as revenue
from SHOP.ANALYTICS.orders_clean
group by status