"""Every test gets the shared fixtures of tests/fixtures.py (and the console's browser fixtures)."""

pytest_plugins = ["tests.fixtures", "tests.console.browser"]
