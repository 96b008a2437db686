
        alter dynamic table "SHOP"."ANALYTICS"."ORDERS_CLEAN" set
        target_lag = '5 minutes'
        
        
        

    