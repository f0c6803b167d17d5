"""One Settings object, read from environment variables once."""

from __future__ import annotations

import ipaddress
import secrets
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

# Where relative paths of the configuration (a SQLite DATABASE_URL such as the default
# sqlite+aiosqlite:///./gateway.db, the development secret) are taken from, whatever the working
# directory of a command: GATEWAY_HOME, by default the project folder (the one holding gateway/).
PROJECT_DIR = Path(__file__).resolve().parents[2]
SECRET_FILE = ".secret_key"  # in GATEWAY_HOME


class Risk(NamedTuple):
    """A production risk that refuses the start unless its ALLOW_ variable accepts it."""

    what: str
    fix: str
    allow: str  # the variable that accepts it
    accepted: bool

    def refusal(self) -> str:
        return f"ENVIRONMENT=production but {self.what}; {self.fix} (or {self.allow}=true to accept it)"

    def warning(self) -> str:
        return f"{self.allow}=true: {self.what}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str = "sqlite+aiosqlite:///./gateway.db"  # a relative SQLite path is under gateway_home
    gateway_home: Path = PROJECT_DIR
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
    payment_provider: Literal["test", "stripe"] = "test"  # gateway/payments/: the provider checkout charges through
    stripe_api_key: str | None = None  # sk_live_… or sk_test_… (PAYMENT_PROVIDER=stripe)
    stripe_api_base: str | None = None  # another Stripe-compatible server (localstripe in the tests)
    stripe_webhook_secret: str | None = None  # whsec_…: verifies the events at POST /webhooks/stripe
    # Production refuses to start with console mail or the test provider unless these say it is meant
    allow_console_mail: bool = False
    allow_test_payments: bool = False

    allow_introspection: bool | None = None  # None: on in development, off in production
    cors_origins: str = ""  # comma separated
    trusted_proxies: str = ""  # comma-separated IPs or CIDRs whose X-Forwarded-For is believed; none by default
    log_level: str = "INFO"
    max_body_bytes: int = 1_048_576  # a request body over this answers 413, checked while it is read
    expose_sql_statements: bool = False  # the X-SQL-Statements header (tests and bench/ turn it on)
    catalog_max_age: int = Field(default=60, ge=0)  # Cache-Control max-age of public catalog answers (seconds)
    response_cache: Literal["on", "off"] = "on"  # the shared cache of Storefront catalog answers

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        for item in _items(value):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network (comma-separated, e.g. "
                                 "10.0.0.0/8,192.0.2.7)") from None
        return value

    @model_validator(mode="after")
    def _stripe(self) -> "Settings":
        if self.payment_provider == "stripe" and not self.stripe_api_key:
            raise ValueError("PAYMENT_PROVIDER=stripe needs STRIPE_API_KEY (the secret key, sk_…)")
        return self

    @model_validator(mode="after")
    def _secret(self) -> "Settings":
        if not self.secret_key:
            if self.environment == "production":
                raise ValueError("SECRET_KEY is required when ENVIRONMENT=production")
            self.secret_key = _development_secret(self.gateway_home / SECRET_FILE)
        return self

    @model_validator(mode="after")
    def _sqlite_path(self) -> "Settings":
        """A relative SQLite path names a file under gateway_home, so `gateway export` run from another
        folder reads the database `gateway serve` writes instead of creating an empty one."""
        self.database_url = absolute_sqlite_url(self.database_url, self.gateway_home)
        return self

    def production_risks(self) -> list[Risk]:
        """What makes this production configuration unsafe for real buyers: mail printed to the
        console puts login codes in the log; the test provider accepts every card and takes no money."""
        if not self.is_production:
            return []
        risks = []
        if not self.smtp_host:
            risks.append(Risk("SMTP_HOST is not set, so mail (login codes too) would be printed to the console",
                              "set SMTP_HOST to your mail server", "ALLOW_CONSOLE_MAIL", self.allow_console_mail))
        if self.payment_provider == "test":
            risks.append(Risk("PAYMENT_PROVIDER=test accepts every test card and takes no money",
                              "set PAYMENT_PROVIDER to a real provider", "ALLOW_TEST_PAYMENTS", self.allow_test_payments))
        if self.payment_provider == "stripe" and (self.stripe_api_key or "").startswith(("sk_test_", "rk_test_")):
            risks.append(Risk("STRIPE_API_KEY is a test-mode key that takes no money",
                              "set STRIPE_API_KEY to your live secret key", "ALLOW_TEST_PAYMENTS",
                              self.allow_test_payments))
        if self.payment_provider == "stripe" and not self.stripe_webhook_secret:
            risks.append(Risk("STRIPE_WEBHOOK_SECRET is not set, so Stripe's events (payments that went through "
                              "while a request failed, refunds made in Stripe) are refused",
                              "set STRIPE_WEBHOOK_SECRET to the endpoint's signing secret (whsec_…)",
                              "ALLOW_TEST_PAYMENTS", self.allow_test_payments))
        return risks

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
        return _items(self.cors_origins)

    @cached_property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(item, strict=False) for item in _items(self.trusted_proxies))


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def absolute_sqlite_url(url: str, home: Path) -> str:
    """url with a relative SQLite file path made absolute under home; any other URL as it is."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url  # Database() names the problem
    path = parsed.database
    if not parsed.drivername.startswith("sqlite") or not path or path == ":memory:" or Path(path).is_absolute():
        return url
    return parsed.set(database=str((home / path).resolve())).render_as_string(hide_password=False)


def _development_secret(secret_file: Path) -> str:
    """A development secret kept in a local file so sessions survive restarts."""
    if secret_file.exists():
        return secret_file.read_text().strip()
    value = secrets.token_urlsafe(48)
    try:
        secret_file.write_text(value)
        secret_file.chmod(0o600)
    except OSError:
        pass
    return value


@lru_cache
def get_settings() -> Settings:
    return Settings()


class ConfigurationError(Exception):
    """A bad environment variable, as one line for the operator."""


def for_operator(exc: Exception) -> str:
    """The message as printed on stderr by the CLI and the server: each line names the program."""
    return "\n".join(f"gateway: {line}" for line in str(exc).splitlines())


def load() -> Settings:
    """get_settings(), with a validation error turned into one line naming the variable."""
    try:
        return get_settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        variable = ".".join(map(str, error["loc"])).upper()
        message = error["msg"].removeprefix("Value error, ")
        raise ConfigurationError(f"configuration error: {variable + ': ' if variable else ''}{message}") from None


def safe_to_go_live(settings: Settings) -> list[str]:
    """Checked before `gateway serve` or `gateway worker` starts: ConfigurationError with one line
    per risk no ALLOW_ variable accepts; otherwise the warnings for the accepted ones."""
    risks = settings.production_risks()
    refused = [risk.refusal() for risk in risks if not risk.accepted]
    if refused:
        raise ConfigurationError("\n".join(refused))
    return [risk.warning() for risk in risks]
