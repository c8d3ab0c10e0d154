"""Quotes and contracts in the GraphQL schema."""
