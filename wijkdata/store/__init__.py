"""Storage (SQLAlchemy). ``Store()`` opens the database named by the settings."""

from wijkdata.store.engine import make_engine
from wijkdata.store.state import data_version
from wijkdata.store.store import Store, StoreError

__all__ = ["Store", "StoreError", "data_version", "make_engine"]
