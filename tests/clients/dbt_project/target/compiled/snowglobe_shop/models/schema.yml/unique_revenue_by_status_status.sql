
    
    

select
    status as unique_field,
    count(*) as n_records

from SHOP.ANALYTICS.revenue_by_status
where status is not null
group by status
having count(*) > 1


