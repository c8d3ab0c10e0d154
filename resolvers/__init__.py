"""Thin resolvers: parse input, call one domain service, map the result."""
