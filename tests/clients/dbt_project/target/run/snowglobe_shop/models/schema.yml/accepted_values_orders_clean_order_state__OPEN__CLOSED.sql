
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        order_state as value_field,
        count(*) as n_records

    from SHOP.ANALYTICS.orders_clean
    group by order_state

)

select *
from all_values
where value_field not in (
    'OPEN','CLOSED'
)



  
  
      
    ) dbt_internal_test