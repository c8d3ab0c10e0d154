"""Selling: quotes and contracts (opportunities and pipelines join here)."""
