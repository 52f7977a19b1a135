"""handouts: branded, printable A4 patient handouts from physiotherapy content."""

__version__ = "0.1.0"  # the one home of the version: pyproject.toml reads it from here
