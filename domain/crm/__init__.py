"""Customer relationship management: customers and their owners."""
