"""``python -m rasid``: the same as the ``rasid`` command."""

from rasid.cli import main_entry

if __name__ == "__main__":
    main_entry()
