"""The audit trail: append-only records, chained with a keyed hash and checkpointed outside the database."""
