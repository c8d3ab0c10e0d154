"""Users, teams, roles, credentials."""
