"""Automation rules: admin-configured triggers, conditions and actions, run by workers and logged."""
