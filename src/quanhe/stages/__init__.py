"""Per-document pipeline stages, each `Document -> Document`."""
