# mock_cdc_data.py
"""
E-Commerce CDC Pipeline - Data Generator
Simulates Change Data Capture events for an e-commerce system
Generates INSERTS, UPDATES, and DELETES to Snowflake
"""

import snowflake.connector
from datetime import datetime, timedelta
import random
import time

# ======================
# SNOWFLAKE CONNECTION
# ======================
# Bronze layer connection - raw data ingestion
conn = snowflake.connector.connect(
    user='admin',
    password='admin',  # In production, use environment variables/secrets
    account='guxyhix-bq1234',
    warehouse='COMPUTE_WH',
    database='ECOMM',
    schema='PUBLIC'
)
cur = conn.cursor()

# ======================
# CDC EVENT GENERATION
# ======================
def generate_mock_data(order_id=None):
    """
    Generates mock order data with optional order_id for updates
    Returns: Tuple of order data matching raw_orders schema
    """
    # If no order_id provided, create new order (INSERT)
    if order_id is None:
        order_id = f'ORD{random.randint(1, 1000)}'  # Wider ID range for demo
        
    # Simulate customer and product data
    customer_id = f'CUST{random.randint(1, 500)}'
    product_id = f'PROD{random.randint(1, 50)}'
    
    # Generate order details with realistic distributions
    order_date = datetime.now() - timedelta(days=random.randint(0, 365))
    status = random.choices(
        ['PENDING', 'SHIPPED', 'DELIVERED', 'CANCELLED'],
        weights=[0.3, 0.4, 0.2, 0.1],  # Weighted probabilities
        k=1
    )[0]
    amount = round(random.gauss(150, 50), 2)  # Normal distribution around $150
    quantity = random.randint(1, 5)
    
    return (order_id, customer_id, order_date, status, amount, product_id, quantity)

# ======================
# CRUD OPERATIONS
# ======================
def insert_data_to_snowflake(data):
    """Bronze Layer: Raw data insertion"""
    try:
        cur.execute(
            """
            INSERT INTO raw_orders (order_id, customer_id, order_date, 
                                  status, amount, product_id, quantity) 
            VALUES (%s, %s, %s, %s, %s, %s, %s)
            """,
            data
        )
        conn.commit()
        print(f"[CDC EVENT - INSERT] {data}")
    except Exception as e:
        print(f"Insert failed: {str(e)}")

def update_data_in_snowflake(order_id):
    """Simulate UPDATE CDC event"""
    try:
        # Generate new values for update
        new_status = random.choice(['SHIPPED', 'DELIVERED', 'CANCELLED'])
        new_amount = round(random.gauss(150, 50), 2)
        new_quantity = random.randint(1, 5)
        
        cur.execute(
            """
            UPDATE raw_orders 
            SET status = %s, amount = %s, quantity = %s,
                order_date = CURRENT_TIMESTAMP()  # Mark update time
            WHERE order_id = %s
            """,
            (new_status, new_amount, new_quantity, order_id)
        )
        conn.commit()
        print(f"[CDC EVENT - UPDATE] order_id: {order_id}")
    except Exception as e:
        print(f"Update failed: {str(e)}")

def delete_data_from_snowflake(order_id):
    """Simulate DELETE CDC event"""
    try:
        cur.execute(
            """
            DELETE FROM raw_orders 
            WHERE order_id = %s
            """,
            (order_id,)
        )
        conn.commit()
        print(f"[CDC EVENT - DELETE] order_id: {order_id}")
    except Exception as e:
        print(f"Delete failed: {str(e)}")

# ======================
# PIPELINE ORCHESTRATION
# ======================
def continuous_cdc_simulation():
    """Main loop simulating real CDC events"""
    try:
        existing_orders = set()
        
        while True:
            # Randomly choose operation type
            operation = random.choices(
                ['INSERT', 'UPDATE', 'DELETE'],
                weights=[0.7, 0.25, 0.05],  # Mostly inserts, some updates, rare deletes
                k=1
            )[0]
            
            if operation == 'INSERT':
                data = generate_mock_data()
                insert_data_to_snowflake(data)
                existing_orders.add(data[0])  # Track for future updates
                
            elif operation == 'UPDATE' and existing_orders:
                order_id = random.choice(list(existing_orders))
                update_data_in_snowflake(order_id)
                
            elif operation == 'DELETE' and existing_orders:
                order_id = random.choice(list(existing_orders))
                delete_data_from_snowflake(order_id)
                existing_orders.remove(order_id)
            
            # Random delay between 1-10 seconds
            time.sleep(random.uniform(1, 10))
            
    except KeyboardInterrupt:
        print("\nStopping CDC simulation...")
    finally:
        cur.close()
        conn.close()

if __name__ == "__main__":
    continuous_cdc_simulation()
