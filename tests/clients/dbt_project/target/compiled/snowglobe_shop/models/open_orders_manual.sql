
select order_id, amount from SHOP.ANALYTICS.orders_clean where order_state = 'OPEN'