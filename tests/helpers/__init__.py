"""Helpers shared by the test files: generated images, forms and content (fixtures live in conftest.py)."""
