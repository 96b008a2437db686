
    
    



select status
from SHOP.ANALYTICS.revenue_by_status
where status is null


