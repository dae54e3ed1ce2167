"""How ``yindi serve`` starts the dashboard: checks, the Streamlit command line, its settings.

No Streamlit here: the command line imports this module to refuse an unsafe start before
anything runs. The dashboard listens on 127.0.0.1 unless told otherwise; any other address
needs an access token of at least :data:`MIN_TOKEN` characters, which every browser session
must present (``?token=...`` or the token box) before the app shows anything. The token and
the store reach the app through environment variables, never its command line (which other
users of the machine can read).
"""

from __future__ import annotations

import ipaddress
import os
import sys
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from yindi.errors import InputError, YindiError

__all__ = [
    "ENV_LANG",
    "ENV_MAX_UPLOAD",
    "ENV_STORE",
    "ENV_TOKEN",
    "MIN_TOKEN",
    "SCRIPT",
    "AppSettings",
    "MissingExtraError",
    "check_serve",
    "is_loopback",
    "server_command",
]

ENV_STORE = "YINDI_APP_STORE"
ENV_TOKEN = "YINDI_APP_TOKEN"
ENV_LANG = "YINDI_APP_LANG"
ENV_MAX_UPLOAD = "YINDI_APP_MAX_UPLOAD_MB"
#: Shortest token accepted: 16 random characters are beyond guessing over HTTP.
MIN_TOKEN = 16
#: The Streamlit script (it only calls :func:`yindi.app._shell.main`).
SCRIPT = Path(__file__).with_name("_main.py")


class MissingExtraError(YindiError, ImportError):
    """An optional dependency of the dashboard is not installed."""


@dataclass(frozen=True)
class AppSettings:
    """What the running app reads from its environment."""

    #: None when the script was started other than by ``yindi serve``: the app then says so.
    store: Path | None
    token: str = ""
    lang: str = "en"
    max_upload_mb: int = 20

    @classmethod
    def from_env(cls) -> AppSettings:
        return cls(
            store=Path(os.environ[ENV_STORE]) if os.environ.get(ENV_STORE) else None,
            token=os.environ.get(ENV_TOKEN, ""),
            lang=os.environ.get(ENV_LANG, "en") if os.environ.get(ENV_LANG) == "zh" else "en",
            max_upload_mb=int(os.environ.get(ENV_MAX_UPLOAD, "20") or 20),
        )


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def check_serve(host: str, token: str | None, max_upload_mb: int) -> None:
    """Refuse a start that would expose the dashboard without a token (InputError)."""
    if token is not None and len(token) < MIN_TOKEN:
        raise InputError(
            f"--token is {len(token)} characters long; use at least {MIN_TOKEN} random ones, "
            'e.g. python -c "import secrets; print(secrets.token_urlsafe())"'
        )
    if not is_loopback(host) and not token:
        raise InputError(
            f"--host {host} makes the dashboard reachable from other machines: give an access "
            "token with --token (or the YINDI_TOKEN environment variable), which every browser "
            "must present, or keep the default --host 127.0.0.1"
        )
    if not 1 <= max_upload_mb <= 1024:
        raise InputError(f"--max-upload-mb {max_upload_mb}: use a number of megabytes in 1..1024")


def require_streamlit() -> None:
    if find_spec("streamlit") is None:
        raise MissingExtraError(
            "the dashboard needs Streamlit: pip install 'yindi[app]' (or pip install streamlit)"
        )


def server_command(
    *,
    store: Path,
    host: str,
    port: int,
    token: str | None,
    lang: str = "en",
    max_upload_mb: int = 20,
) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run the dashboard (after :func:`check_serve`)."""
    check_serve(host, token, max_upload_mb)
    local = is_loopback(host)
    argv = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(SCRIPT),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--server.maxUploadSize",
        str(max_upload_mb),
        "--server.enableXsrfProtection",
        "true",
        "--client.toolbarMode",
        "minimal",
        # Streamlit's own table download writes cells as they are; the app's buttons write
        # CSV and Excel with formulas made inert (yindi._output), so only those are offered.
        "--client.disableDataExport",
        "true",
        # Tracebacks name server paths: shown to the machine's own user only.
        "--client.showErrorDetails",
        "full" if local else "none",
        "--runner.magicEnabled",
        "false",
        "--theme.base",
        "light",
    ]
    env = dict(os.environ)
    env |= {
        ENV_STORE: str(Path(store).absolute()),
        ENV_TOKEN: token or "",
        ENV_LANG: lang,
        ENV_MAX_UPLOAD: str(max_upload_mb),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    return argv, env
