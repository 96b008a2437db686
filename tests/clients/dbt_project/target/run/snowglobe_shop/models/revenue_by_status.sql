
        

    
        create dynamic table SHOP.ANALYTICS.revenue_by_status
        target_lag = '2 minutes'
        warehouse = TRANSFORM_WH
        

        refresh_mode = AUTO

        initialize = ON_CREATE

        
        scheduler = 'ENABLE'
        
        

        

        

        

        as (
            
select status, count(*) as orders, sum(amount) as revenue
from SHOP.ANALYTICS.orders_clean
group by status
        )

    


    