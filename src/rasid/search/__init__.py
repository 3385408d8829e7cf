"""Arabic-aware search: the same normalisation for the index and for queries."""
