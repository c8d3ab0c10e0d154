"""A default rule an upgrade withdrew is removed from older databases once; an admin may add it back."""

from domain.actor import SYSTEM
from domain.identity import policies as stored
from domain.identity.models import PolicyRetirement, PolicyRule
from policies.authorizer import RETIRED_POLICY_PATH, read_policy_file
from policies.store import load_authorizer

MARGINS = ("p", "customer_reader", "Order.*", "read")


async def _as_before_the_upgrade() -> None:
    await PolicyRetirement.all().delete()
    await PolicyRule.get_or_create(ptype="p", v0="customer_reader", v1="Order.*", v2="read")
    await PolicyRule.filter(ptype="p", v0="customer_reader", v1="Order.*").update(removed=False)


async def test_withdrawn_rule_is_removed_once_and_an_admins_re_add_stays(db):
    assert MARGINS in read_policy_file(RETIRED_POLICY_PATH)
    assert MARGINS not in read_policy_file()
    await _as_before_the_upgrade()
    assert MARGINS in await stored.stored_lines()

    authorizer = await load_authorizer()
    assert MARGINS not in await stored.stored_lines()
    rep = authorizer.decisions(frozenset({"sales_rep"}), authenticated=True)
    assert not rep.allowed("Order", "grossMargin") and rep.allowed("Order", "number")

    await stored.set_rule(actor=SYSTEM, line=MARGINS, problem=None)  # the admin wants it after all
    await load_authorizer()  # the next start
    assert MARGINS in await stored.stored_lines()
    assert await stored.retire_default_rules([MARGINS]) == 0


async def test_fresh_databases_record_the_retirement_without_removing_anything_else(db):
    await load_authorizer()
    assert await PolicyRetirement.filter(line="|".join(MARGINS)).exists()
    assert set(await stored.stored_lines()) == set(read_policy_file())
