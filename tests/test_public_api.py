"""The curated public API (rasid.__all__), in the style of httpx's test_exported_members."""

from __future__ import annotations

import rasid


def test_all_names_exist() -> None:
    for name in rasid.__all__:
        assert hasattr(rasid, name), name


def test_all_is_exactly_the_public_names() -> None:
    public = {name for name in vars(rasid) if not name.startswith("_") and name not in {"annotations"}}
    modules = {name for name in public if type(getattr(rasid, name)).__name__ == "module"}
    assert public - modules == set(rasid.__all__) - {"__version__"}


def test_every_public_callable_has_a_docstring() -> None:
    for name in rasid.__all__:
        member = getattr(rasid, name)
        if callable(member):
            assert member.__doc__, name


def test_errors_share_one_base() -> None:
    for name in rasid.__all__:
        member = getattr(rasid, name)
        if isinstance(member, type) and name.endswith("Error"):
            assert issubclass(member, rasid.PipelineError), name
