"""Persistence through SQLAlchemy: one schema on SQLite or PostgreSQL."""
