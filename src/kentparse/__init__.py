"""kentparse: UK council cabinet papers into validated, queryable data."""

__version__ = "0.1.0"
