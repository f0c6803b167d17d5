"""One Settings object, read from environment variables once."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE = Path(".secret_key")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str = "sqlite+aiosqlite:///./gateway.db"
    secret_key: str = ""
    environment: Literal["development", "production"] = "development"

    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    mail_from: str = "shop@localhost"
    merchant_email: str | None = None
    storefront_url: str = "http://localhost:3000"
    payment_provider: Literal["test"] = "test"  # gateway/payments/: the provider checkout charges through

    allow_introspection: bool | None = None  # None: on in development, off in production
    cors_origins: str = ""  # comma separated
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _secret(self) -> "Settings":
        if not self.secret_key:
            if self.environment == "production":
                raise ValueError("SECRET_KEY is required when ENVIRONMENT=production")
            self.secret_key = _development_secret()
        return self

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def introspection(self) -> bool:
        if self.allow_introspection is None:
            return not self.is_production
        return self.allow_introspection

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


def _development_secret() -> str:
    """A development secret kept in a local file so sessions survive restarts."""
    if SECRET_FILE.exists():
        return SECRET_FILE.read_text().strip()
    value = secrets.token_urlsafe(48)
    try:
        SECRET_FILE.write_text(value)
        SECRET_FILE.chmod(0o600)
    except OSError:
        pass
    return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
