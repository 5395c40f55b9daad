"""The migrations themselves, oldest first: each revision takes the schema one step on (see ../__init__.py)."""
