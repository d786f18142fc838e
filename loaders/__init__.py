"""Loaders: plan documents of every layout into the accountability graph."""

from .detect import LAYOUTS, detect_layout
from .model import DocumentItems, LoadResult, Unplaced
from .pipeline import SUFFIXES, document_items, iter_plan_paths, load_document

__all__ = [
    "LAYOUTS",
    "SUFFIXES",
    "DocumentItems",
    "LoadResult",
    "Unplaced",
    "detect_layout",
    "document_items",
    "iter_plan_paths",
    "load_document",
]
