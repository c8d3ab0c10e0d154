"""Authorization: the Casbin model and default policy, compiled decisions, data scopes."""
