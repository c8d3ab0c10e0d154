"""The catalog and inventory types an order refers to, re-exported from their own areas.

Import them from ``schema.catalog.types`` / ``schema.inventory.types`` directly; this module only
keeps older imports working.
"""

from schema.catalog.types import Product
from schema.inventory.types import Warehouse

__all__ = ["Product", "Warehouse"]
