"""CRM entry points: customer lists and the 360 view, and the CRM mutations."""

from __future__ import annotations

import strawberry

from resolvers import crm as resolve
from resolvers.identity import preload_users
from schema.common import Connection, connection, mutation_payload, selects
from schema.context import Info
from schema.crm.inputs import (
    ContactInput, ContactPayload, CustomerFilterInput, CustomerInput, CustomerPayload, CustomerSort,
    CustomersPayload, CustomFieldInput, CustomFieldPayload, InteractionInput, InteractionPayload,
)
from schema.crm.types import Contact, CustomFieldDefinition, Customer, Interaction


async def _customer_page(info: Info, page) -> Connection[Customer]:
    if selects(info, "edges", "node", "owner"):
        await preload_users(info.context, [row.owner_id for row in page.rows])
    return connection(page, Customer.from_model)


def _customer(row) -> CustomerPayload:
    return CustomerPayload(customer=Customer.from_model(row))


@strawberry.type
class CrmQuery:
    @strawberry.field(description="Customers the viewer may see, filtered, sorted and paginated.")
    async def customers(self, info: Info, filter: CustomerFilterInput | None = None,
                        sort: CustomerSort | None = None, first: int = 50,
                        after: str | None = None) -> Connection[Customer] | None:
        page = await resolve.customers(info.context, filter=(filter or CustomerFilterInput()).to_filter(),
                                       sort=(sort or CustomerSort()).to_sort(), first=first, after=after)
        return await _customer_page(info, page)

    @strawberry.field(description="The public pool (公海): unowned customers anyone in sales may claim.")
    async def customer_pool(self, info: Info, filter: CustomerFilterInput | None = None, first: int = 50,
                            after: str | None = None) -> Connection[Customer] | None:
        page = await resolve.customer_pool(info.context, filter=(filter or CustomerFilterInput()).to_filter(),
                                           first=first, after=after)
        return await _customer_page(info, page)

    @strawberry.field(description="One customer with everything about it (360 view).")
    async def customer(self, info: Info, id: strawberry.ID) -> Customer | None:
        row = await resolve.customer(info.context, id=id)
        return Customer.from_model(row) if row else None

    @strawberry.field
    async def custom_fields(self, info: Info) -> list[CustomFieldDefinition] | None:
        return [CustomFieldDefinition.from_model(r) for r in await resolve.list_custom_fields(info.context)]


@strawberry.type
class CrmMutation:
    @strawberry.mutation(description="Create a customer; owned by the caller unless ownerId or toPool is given.")
    async def create_customer(self, info: Info, input: CustomerInput, owner_id: strawberry.ID | None = None,
                              to_pool: bool = False, allow_duplicate: bool = False) -> CustomerPayload | None:
        call = resolve.create_customer(info.context, data=input.to_data(), owner_id=owner_id, to_pool=to_pool,
                                       allow_duplicate=allow_duplicate)
        return await mutation_payload(info, call, CustomerPayload, _customer)

    @strawberry.mutation
    async def update_customer(self, info: Info, id: strawberry.ID, input: CustomerInput) -> CustomerPayload | None:
        call = resolve.update_customer(info.context, id=id, data=input.to_data())
        return await mutation_payload(info, call, CustomerPayload, _customer)

    @strawberry.mutation(description="Assign or transfer customers to an owner, with a reason (audited).")
    async def assign_customers(self, info: Info, ids: list[strawberry.ID], owner_id: strawberry.ID,
                               reason: str) -> CustomersPayload | None:
        call = resolve.assign_customers(info.context, ids=ids, owner_id=owner_id, reason=reason)
        return await mutation_payload(info, call, CustomersPayload,
                                      lambda rows: CustomersPayload(customers=[Customer.from_model(r) for r in rows]))

    @strawberry.mutation(description="Claim a customer from the public pool.")
    async def claim_customer(self, info: Info, id: strawberry.ID) -> CustomerPayload | None:
        return await mutation_payload(info, resolve.claim_customer(info.context, id=id), CustomerPayload, _customer)

    @strawberry.mutation(description="Give a customer back to the public pool.")
    async def release_customer(self, info: Info, id: strawberry.ID, reason: str) -> CustomerPayload | None:
        call = resolve.release_customer(info.context, id=id, reason=reason)
        return await mutation_payload(info, call, CustomerPayload, _customer)

    @strawberry.mutation(description="Merge duplicates into the survivor, moving every related record.")
    async def merge_customers(self, info: Info, survivor_id: strawberry.ID,
                              merged_ids: list[strawberry.ID]) -> CustomerPayload | None:
        call = resolve.merge_customers(info.context, survivor_id=survivor_id, merged_ids=merged_ids)
        return await mutation_payload(info, call, CustomerPayload, _customer)

    @strawberry.mutation
    async def add_contact(self, info: Info, customer_id: strawberry.ID, input: ContactInput) -> ContactPayload | None:
        call = resolve.add_contact(info.context, customer_id=customer_id, data=input.to_data())
        return await mutation_payload(info, call, ContactPayload, lambda c: ContactPayload(contact=Contact.from_model(c)))

    @strawberry.mutation
    async def update_contact(self, info: Info, id: strawberry.ID, input: ContactInput) -> ContactPayload | None:
        call = resolve.update_contact(info.context, id=id, data=input.to_data())
        return await mutation_payload(info, call, ContactPayload, lambda c: ContactPayload(contact=Contact.from_model(c)))

    @strawberry.mutation(description="Log a call, visit, meeting, e-mail, WeChat or note.")
    async def log_interaction(self, info: Info, input: InteractionInput) -> InteractionPayload | None:
        call = resolve.log_interaction(info.context, data=input.to_data())
        return await mutation_payload(info, call, InteractionPayload,
                                      lambda i: InteractionPayload(interaction=Interaction.from_model(i)))

    @strawberry.mutation
    async def define_custom_field(self, info: Info, input: CustomFieldInput) -> CustomFieldPayload | None:
        call = resolve.define_custom_field(info.context, key=input.key, label_zh=input.label_zh,
                                           label_en=input.label_en, field_type=input.field_type,
                                           choices=input.choices, required=input.required)
        return await mutation_payload(info, call, CustomFieldPayload,
                                      lambda d: CustomFieldPayload(custom_field=CustomFieldDefinition.from_model(d)))
