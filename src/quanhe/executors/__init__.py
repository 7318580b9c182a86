"""Executors for `quanhe run`: `local` (in process, the default) and `dask` (a cluster).

Executors live in submodules so that `dask` is imported only when asked for.
"""
EXECUTORS = ("local", "dask")
