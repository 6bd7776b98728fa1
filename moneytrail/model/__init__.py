"""Entities as statements on followthemoney's schema, each with its provenance."""

from moneytrail.model.builder import EntityBuilder
from moneytrail.model.provenance import Provenance
from moneytrail.model.statement import Statement, statement_id

__all__ = ["EntityBuilder", "Provenance", "Statement", "statement_id"]
