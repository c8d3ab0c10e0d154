"""Background work: the Dramatiq broker, actors and the periodic scheduler."""
