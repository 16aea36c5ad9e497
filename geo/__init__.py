"""Domain logic of the Mali conflict map: schema, loading, validation, date queries.

Plain Python and pandas; never imports streamlit (only the :mod:`geo.map` package imports folium).
"""

from geo.dataset import DEFAULT_ROOT, Dataset, load_dataset
from geo.problems import DataError, Problem

__all__ = ["DEFAULT_ROOT", "DataError", "Dataset", "Problem", "load_dataset"]
