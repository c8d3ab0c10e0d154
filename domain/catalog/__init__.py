"""Products, categories, price lists and customer-level discounts."""
