"""Infrastructure: settings, ids, money, pagination, clock, logs, errors, validation. No feature imports."""
