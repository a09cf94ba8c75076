"""The deployment's process commands, one source of truth for the tests, the load bench, the Dockerfile and
compose.yaml.

``python3 -m deploy.run app`` runs one app replica (``streamlit run streamlit_app.py``) on ``$SMEDX_PORT``
(default 8501) at ``$SMEDX_ADDRESS`` (default 0.0.0.0); ``$SMEDX_SCRIPT`` runs another script with the same
command (the load bench's baseline page). ``python3 -m deploy.run nginx`` renders
``deploy/nginx.conf`` into ``$SMEDX_NGINX_PREFIX`` (default /tmp/smedx-nginx) and runs nginx in the foreground in
front of the replicas in ``$SMEDX_APP_SERVERS`` (``host:port`` list, comma separated), listening on
``$SMEDX_LISTEN`` (default 8080). ``$SMEDX_FRAME_ANCESTORS`` lists the origins allowed to embed the app (default:
only the app itself). The replicas share the tracker database (``SMEDX_TRACKER_DB_URL``) and Streamlit's cookie
secret (``STREAMLIT_SERVER_COOKIE_SECRET``), both passed through the environment.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
#: The container and test entry points: ``python3 -m deploy.run <role>``.
ENTRY = ("python3", "-m", "deploy.run")
ROLES = ("app", "nginx")
_ORIGIN = re.compile(r"^(https?://[A-Za-z0-9.-]+(:\d+)?|'self'|'none')$")


def app_command(environ: Mapping[str, str]) -> list[str]:
    """``streamlit run`` of the app for one replica (headless, no file watcher, no usage statistics)."""
    return [sys.executable, "-m", "streamlit", "run", environ.get("SMEDX_SCRIPT", "streamlit_app.py"),
            "--server.port", environ.get("SMEDX_PORT", "8501"),
            "--server.address", environ.get("SMEDX_ADDRESS", "0.0.0.0"),
            "--server.headless", "true", "--server.fileWatcherType", "none", "--server.runOnSave", "false",
            "--browser.gatherUsageStats", "false"]


def nginx_command(prefix: Path) -> list[str]:
    """nginx in the foreground with the rendered config (the ``nginx`` role's process)."""
    return ["nginx", "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]


def frame_ancestors(raw: str) -> str:
    """The CSP ``frame-ancestors`` sources: ``'self'`` plus the configured origins (refused if malformed)."""
    origins = [item for item in re.split(r"[,\s]+", raw.strip()) if item]
    bad = [item for item in origins if not _ORIGIN.match(item)]
    if bad:
        raise ValueError(f"SMEDX_FRAME_ANCESTORS: not an origin (https://host[:port]): {', '.join(bad)}")
    if "'none'" in origins:
        return "'none'"
    return " ".join(["'self'", *[o for o in origins if o != "'self'"]])


def max_upload_mb() -> int:
    """The app's upload limit (``server.maxUploadSize`` in ``.streamlit/config.toml``), MB."""
    with STREAMLIT_CONFIG.open("rb") as handle:
        return int(tomllib.load(handle)["server"]["maxUploadSize"])


def render_nginx(environ: Mapping[str, str], as_root: bool) -> str:
    """``deploy/nginx.conf`` with its @…@ fields filled from ``environ``."""
    servers = [s.strip() for s in environ.get("SMEDX_APP_SERVERS", "127.0.0.1:8501").split(",") if s.strip()]
    if not servers or not all(re.fullmatch(r"[A-Za-z0-9.-]+:\d+", s) for s in servers):
        raise ValueError(f"SMEDX_APP_SERVERS: expected host:port[,host:port…], got {servers}")
    ancestors = frame_ancestors(environ.get("SMEDX_FRAME_ANCESTORS", ""))
    options = {"'self'": "SAMEORIGIN", "'none'": "DENY"}.get(ancestors)  # X-Frame-Options cannot list origins
    fields = {
        "USER_LINE": "user www-data;" if as_root else "",
        "APP_SERVERS": "\n".join(f"        server {s} max_fails=3 fail_timeout=10s;" for s in servers),
        "LISTEN": environ.get("SMEDX_LISTEN", "8080"),
        "MAX_BODY_MB": str(max_upload_mb()),
        "FRAME_ANCESTORS": ancestors,
        "FRAME_OPTIONS_LINE": f'        add_header X-Frame-Options "{options}" always;' if options else "",
    }
    text = NGINX_TEMPLATE.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace(f"@{name}@", value)
    if "@" in re.sub(r"#.*", "", text):
        raise ValueError("deploy/nginx.conf has a field deploy/run.py does not fill")
    return text


def prepare_nginx(environ: Mapping[str, str]) -> Path:
    """Write the rendered config and nginx's temp directories under the prefix; return the prefix."""
    prefix = Path(environ.get("SMEDX_NGINX_PREFIX", "/tmp/smedx-nginx"))
    as_root = os.geteuid() == 0
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / name).mkdir(parents=True, exist_ok=True)
        if as_root:  # the workers run as www-data and write request bodies here
            shutil.chown(prefix / "tmp" / name, "www-data")
    (prefix / "nginx.conf").write_text(render_nginx(environ, as_root), encoding="utf-8")
    return prefix


def command(role: str, environ: Mapping[str, str]) -> list[str]:
    """The process a role runs (the nginx role first writes its config)."""
    if role == "app":
        return app_command(environ)
    if role == "nginx":
        return nginx_command(prepare_nginx(environ))
    raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")


def main(argv: list[str]) -> None:
    if len(argv) != 1 or argv[0] not in ROLES:
        sys.exit(f"usage: python3 -m deploy.run {{{'|'.join(ROLES)}}}")
    args = command(argv[0], os.environ)
    os.chdir(ROOT)
    os.execvp(args[0], args)  # replace this process: signals reach streamlit/nginx directly


if __name__ == "__main__":
    main(sys.argv[1:])
