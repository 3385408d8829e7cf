"""Places: the gazetteer, finding place names in repaired Arabic text, and resolving them."""
