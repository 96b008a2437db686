
    
    

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


