"""Fixtures for the registers tests."""
