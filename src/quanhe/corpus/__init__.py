"""Corpus-level work over the store: duplicates, stories, story events, summaries, timelines.

Unlike the per-document stages, everything here reads many documents from the DuckDB
store and writes its own tables (see ``schema.py``) next to the per-article ones,
which it never changes.
"""
