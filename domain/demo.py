"""Demo data: one user per role (demo-only password), teams, customers and orders."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from domain.actor import SYSTEM
from domain.crm.models import Contact, Customer, Interaction
from domain.crm.validation import normalise_company_name
from domain.events.envelope import utcnow
from domain.events.models import OutboxEvent
from domain.identity.models import ROLES, Team, User
from domain.identity.passwords import DEMO_PASSWORD
from domain.identity.services import create_team, create_user
from domain.orders.demo import seed_demo_orders
from domain.sales.demo import seed_demo_funnel
from domain.orders.models import Order
from domain.protection import blind_index, encrypt

DEMO_USERS = [
    ("admin", "系统管理员 Admin", ["admin"]),
    ("director", "销售总监 Director", ["sales_director"]),
    ("manager", "销售经理 Manager", ["sales_manager"]),
    ("rep", "销售代表 Rep", ["sales_rep"]),
    ("rep2", "销售代表二 Rep Two", ["sales_rep"]),
    ("finance", "财务 Finance", ["finance"]),
    ("warehouse", "仓库 Warehouse", ["warehouse"]),
    ("marketing", "市场 Marketing", ["marketing"]),
    ("service", "客服 Service", ["service"]),
    ("auditor", "审计 Auditor", ["auditor"]),
    ("partner", "合作伙伴 Partner", ["partner"]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
COMPANY_WORDS = ["华信", "远航", "星辰", "瑞丰", "金桥", "中联", "博达", "天成", "鼎盛", "恒泰"]
COMPANY_KINDS = ["科技有限公司", "贸易有限公司", "制造股份有限公司", "商贸公司", "信息技术公司"]
EN_NAMES = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent"]
EN_KINDS = ["Trading Ltd.", "Industries Inc.", "Systems Co.", "Retail Group", "Logistics LLC"]
REGIONS = [("广东", "深圳"), ("广东", "广州"), ("上海", "上海"), ("北京", "北京"), ("浙江", "杭州"),
           ("江苏", "南京"), ("四川", "成都"), ("湖北", "武汉")]
INDUSTRIES = ["制造 Manufacturing", "零售 Retail", "教育 Education", "医疗 Healthcare", "金融 Finance"]


TAGS = ["重点客户 Key", "老客户 Loyal", "价格敏感 Price-sensitive", "华东 East", "渠道 Channel"]


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "186", "150", "177"]) + f"{rng.randint(0, 99_999_999):08d}"


def _protected_phone(rng: random.Random) -> dict:
    phone = _phone(rng)
    return {"phone_encrypted": encrypt(phone), "phone_index": blind_index("phone", phone)}


async def _seed_contacts(rng: random.Random, start: int) -> None:
    """One or two contacts and a first interaction for each customer created by this run."""
    customers = await Customer.filter(id__gt=start).values_list("id", "owner_id")
    contacts, interactions = [], []
    for customer_id, owner_id in customers:
        for n in range(rng.randint(1, 2)):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)])
            contacts.append(Contact(customer_id=customer_id, name=name, title=rng.choice(["采购经理", "总经理", "IT 主管"]),
                                    is_primary=n == 0, **_protected_phone(rng)))
        interactions.append(Interaction(customer_id=customer_id, user_id=owner_id, kind=rng.choice(["call", "visit"]),
                                        occurred_at=utcnow() - timedelta(days=rng.randint(0, 40)),
                                        summary="初次沟通需求 First call about needs"))
    await Contact.bulk_create(contacts, batch_size=2000)
    await Interaction.bulk_create(interactions, batch_size=2000)


def company_name(rng: random.Random, index: int) -> str:
    if rng.random() < 0.7:
        return f"{rng.choice(REGIONS)[1]}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"
    return f"{rng.choice(EN_NAMES)} {rng.choice(EN_KINDS)}"


async def _seed_people() -> dict[str, User]:
    users = {}
    for username, display, roles in DEMO_USERS:
        users[username] = await create_user(actor=SYSTEM, username=username, password=DEMO_PASSWORD,
                                            display_name=display, roles=roles, is_demo=True,
                                            email=f"{username}@example.com")
    east = await create_team(actor=SYSTEM, name="华东销售部 East Sales", manager_id=users["manager"].id)
    south = await create_team(actor=SYSTEM, name="华南销售组 South Squad", manager_id=users["manager"].id,
                              parent_id=east.id)
    for name, team in (("manager", east), ("rep", east), ("rep2", south)):
        users[name].team_id = team.id
        await users[name].save(update_fields=["team_id"])
    return users


async def seed_demo(*, customers: int, orders: int, only_if_empty: bool = False, seed: int = 2026,
                    sample_orders: bool = False) -> str:
    """Create the demo set; returns a one-line report.

    ``sample_orders`` adds warehouses, products, stock and a dozen orders with lines taken through
    the workflow, and a dozen deals with tasks and a few leads (``salesdesk seed-demo`` does; test
    databases stay without them).
    """
    if only_if_empty and await User.exists():
        return "demo data: skipped (database already has users)"
    rng = random.Random(seed)
    users = await User.filter(username__in=[u[0] for u in DEMO_USERS])
    people = {u.username: u for u in users} if users else await _seed_people()
    owners = [people["rep"], people["rep2"], people["manager"]]
    newest = await Customer.all().order_by("-id").first()
    start = newest.id if newest else 0
    batch: list[Customer] = []
    for i in range(start, start + customers):
        owner = rng.choice(owners)
        province, city = rng.choice(REGIONS)
        batch.append(Customer(
            code=f"C{i + 1:07d}", name=company_name(rng, i), industry=rng.choice(INDUSTRIES),
            province=province, city=city, level=rng.choice("ABCD"), source=rng.choice(["展会", "官网", "转介绍", "Web"]),
            stage=rng.choice(["lead", "prospect", "customer", "customer"]), owner_id=owner.id, team_id=owner.team_id,
            tags=rng.sample(TAGS, rng.randint(0, 2)), assigned_at=utcnow(),
            **_protected_phone(rng),
        ))
        batch[-1].normalized_name = normalise_company_name(batch[-1].name)
    await Customer.bulk_create(batch, batch_size=2000)
    await _seed_contacts(rng, start)
    ids = await Customer.all().values_list("id", "owner_id", "team_id")
    order_start = await Order.all().count()
    now = utcnow()
    rows = []
    for n in range(order_start, order_start + (orders if ids else 0)):
        customer_id, owner_id, team_id = rng.choice(ids)
        rows.append(Order(
            number=f"SO{n + 1:08d}", customer_id=customer_id, owner_id=owner_id, team_id=team_id,
            status=rng.choice(["confirmed", "shipped", "completed", "completed", "draft"]),
            total_amount=Decimal(rng.randint(100, 500_000)) / 100 * 10,
            ordered_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 365)),
        ))
        if len(rows) >= 5000:
            await Order.bulk_create(rows, batch_size=5000)
            rows = []
    if rows:
        await Order.bulk_create(rows, batch_size=5000)
    order_journeys = await seed_demo_orders(rng) if ids and sample_orders else 0
    deals = await seed_demo_funnel(rng) if ids and sample_orders else 0
    # Demo records are not news: nothing subscribed while they were made.
    await OutboxEvent.filter(published_at=None).update(published_at=utcnow())
    return (f"demo data: {len(DEMO_USERS)} users ({', '.join(ROLES)}), {customers} customers, "
            f"{(orders if ids else 0) + order_journeys} orders, {deals} deals added")
