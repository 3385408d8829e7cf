"""Open-addressing hash tables (rasid.repair.hashtable)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.repair.hashtable import _home_slots, build_hash_table, lookup_rows, table_bits


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2**40), unique=True, min_size=1, max_size=300),
    st.lists(st.integers(0, 2**40), max_size=300),
    st.sampled_from([0.3, 0.7, 0.95]),
)
def test_lookup_finds_every_key_and_nothing_else(keys: list[int], others: list[int], load: float) -> None:
    # A full load makes long probe runs, which lookups cross in windows of slots.
    table = build_hash_table(np.array(keys, dtype=np.int64), max_load=load)
    queries = keys + others
    expected = [keys.index(query) if query in keys else -1 for query in queries]
    assert lookup_rows(*table, np.array(queries, dtype=np.int64)).tolist() == expected


def test_lookup_crosses_long_probe_runs() -> None:
    # 200 keys whose home slots are the first four of a 256-slot table: one run of 200 slots,
    # far longer than any probe window.
    candidates = np.arange(1, 200_000, dtype=np.int64)
    keys = candidates[_home_slots(candidates, table_bits(200, 0.99)) < 4][:200]
    assert keys.size == 200
    table = build_hash_table(keys, max_load=0.99)
    queries = np.concatenate((keys[::-1], keys + 1))
    absent = [-1 if query not in keys else int(np.flatnonzero(keys == query)[0]) for query in (keys + 1).tolist()]
    assert lookup_rows(*table, queries).tolist() == list(range(keys.size - 1, -1, -1)) + absent
