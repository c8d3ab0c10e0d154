"""Warehouses, stock levels, the stock ledger, alerts, suppliers and replenishment."""
