
        

    
        create dynamic table SHOP.ANALYTICS.open_orders_manual
        
        warehouse = TRANSFORM_WH
        

        refresh_mode = AUTO

        initialize = ON_CREATE

        
        scheduler = 'DISABLE'
        
        

        

        

        

        as (
            
select order_id, amount from SHOP.ANALYTICS.orders_clean where order_state = 'OPEN'
        )

    


    