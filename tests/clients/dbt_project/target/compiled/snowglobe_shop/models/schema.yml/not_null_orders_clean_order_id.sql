
    
    



select order_id
from SHOP.ANALYTICS.orders_clean
where order_id is null


