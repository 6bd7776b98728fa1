"""Ongoing monitoring: a portfolio of customers re-screened whenever a list changes."""

from moneytrail.monitoring.download import Download, fetch_list
from moneytrail.monitoring.portfolio import AddResult, Customer, add_portfolio, customers
from moneytrail.monitoring.update import UpdateResult, run_update, update_lists

__all__ = [
    "AddResult",
    "Customer",
    "Download",
    "UpdateResult",
    "add_portfolio",
    "customers",
    "fetch_list",
    "run_update",
    "update_lists",
]
