"""Fixtures for the dashboards tests."""
