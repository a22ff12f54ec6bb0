"""Fixtures for the entry tests."""
