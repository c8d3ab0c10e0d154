"""The live policy: loaded from the database, reloaded when it changes anywhere."""

from __future__ import annotations

import logging

from domain.identity import policies as stored
from policies.authorizer import RETIRED_POLICY_PATH, Authorizer, read_policy_file

log = logging.getLogger("salesdesk.policies")


async def load_authorizer() -> Authorizer:
    """Add default rules new to this database, retire withdrawn ones, then load the stored policy."""
    await stored.add_default_rules(read_policy_file())
    retired = await stored.retire_default_rules(read_policy_file(RETIRED_POLICY_PATH))
    if retired:
        log.warning("withdrawn default policy rules removed: %d", retired)
    return Authorizer(await stored.stored_lines())


async def reload_policy(authorizer: Authorizer) -> None:
    authorizer.load(await stored.stored_lines())
    log.info("policy reloaded (version %d)", authorizer.version)
