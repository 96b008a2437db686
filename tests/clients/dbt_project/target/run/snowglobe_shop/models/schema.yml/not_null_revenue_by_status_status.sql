
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select status
from SHOP.ANALYTICS.revenue_by_status
where status is null



  
  
      
    ) dbt_internal_test