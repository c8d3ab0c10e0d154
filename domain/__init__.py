"""Salesdesk business domain: Tortoise models and rules, one package per bounded context."""
