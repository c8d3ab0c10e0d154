"""Per-request DataLoaders of the sales funnel, named <Target>By<Key>Loader."""

from __future__ import annotations

from functools import cached_property

from strawberry.dataloader import DataLoader

from resolvers.batching import by_id, grouped

from domain.crm import queries as crm_queries
from domain.sales import funnel_queries as queries


def StageByIdLoader() -> DataLoader:  # noqa: N802 - named after what it loads
    return DataLoader(load_fn=by_id(queries.stages_by_ids))


def PipelineByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(queries.pipelines_by_ids))


def StagesByPipelineLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.stages_by_pipeline))


def CustomerByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(crm_queries.customers_by_ids))


def ProductByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(queries.products_by_ids))


def OpportunityByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(queries.opportunities_by_ids))


def LinesByOpportunityLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.lines_by_opportunity))


def StageChangesByOpportunityLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.stage_changes_by_opportunity))


class FunnelLoaders:
    """The funnel loaders of one request, each made on first use (held by ``Loaders.funnel``)."""

    @cached_property
    def stage_by_id(self) -> DataLoader:
        return StageByIdLoader()

    @cached_property
    def pipeline_by_id(self) -> DataLoader:
        return PipelineByIdLoader()

    @cached_property
    def stages_by_pipeline(self) -> DataLoader:
        return StagesByPipelineLoader()

    @cached_property
    def customer_by_id(self) -> DataLoader:
        return CustomerByIdLoader()

    @cached_property
    def product_by_id(self) -> DataLoader:
        return ProductByIdLoader()

    @cached_property
    def opportunity_by_id(self) -> DataLoader:
        return OpportunityByIdLoader()

    @cached_property
    def lines_by_opportunity(self) -> DataLoader:
        return LinesByOpportunityLoader()

    @cached_property
    def stage_changes_by_opportunity(self) -> DataLoader:
        return StageChangesByOpportunityLoader()
