"""Mail: the outbox, templates and senders (SMTP, console)."""
