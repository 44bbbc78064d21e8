"""Shared pieces of the budget-monitoring extractors: records, directorate names, columns."""
