"""Every test gets the shared fixtures of tests/fixtures.py."""

pytest_plugins = ["tests.fixtures"]
