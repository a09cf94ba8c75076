"""deploy/: the rendered nginx config (security headers, upstreams, upload limit, nginx -t), and the Dockerfile and
compose.yaml running exactly deploy/run.py's commands — the ones the deployment test starts."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib

import pytest
import yaml

from deploy.run import ENTRY, ROLES, ROOT, app_command, frame_ancestors, render_nginx

ENV = {"SMEDX_APP_SERVERS": "app1:8501,app2:8502", "SMEDX_LISTEN": "127.0.0.1:8080"}


def test_the_rendered_config_lists_the_replicas_and_the_apps_upload_limit() -> None:
    text = render_nginx(ENV, as_root=False)
    assert re.findall(r"^\s+server (\S+) ", text, re.M) == ["app1:8501", "app2:8502"]
    assert "listen 127.0.0.1:8080;" in text
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert f"client_max_body_size {config['server']['maxUploadSize']}m;" in text
    assert "hash $smedx_replica consistent;" in text  # sticky: one browser (its routing cookie), one replica
    assert "proxy_set_header Upgrade $http_upgrade;" in text and "user www-data;" not in text
    assert "user www-data;" in render_nginx(ENV, as_root=True)
    assert "@" not in re.sub(r"#.*", "", text)


def test_framing_is_same_origin_unless_embedding_sites_are_named() -> None:
    default = render_nginx(ENV, as_root=False)
    assert "frame-ancestors 'self'\" always;" in default and 'X-Frame-Options "SAMEORIGIN"' in default
    embedded = render_nginx({**ENV, "SMEDX_FRAME_ANCESTORS": "https://portal.gov.example.cn"}, as_root=False)
    assert "frame-ancestors 'self' https://portal.gov.example.cn\" always;" in embedded
    assert "X-Frame-Options" not in re.sub(r"#.*", "", embedded)  # it cannot name other sites: CSP decides
    assert frame_ancestors("'none'") == "'none'"
    assert 'X-Frame-Options "DENY"' in render_nginx({**ENV, "SMEDX_FRAME_ANCESTORS": "'none'"}, as_root=False)
    with pytest.raises(ValueError, match="not an origin"):
        frame_ancestors("https://a.cn; script-src *")
    with pytest.raises(ValueError, match="SMEDX_APP_SERVERS"):
        render_nginx({"SMEDX_APP_SERVERS": "app1:8501;evil"}, as_root=False)


def test_nginx_accepts_the_rendered_config(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert shutil.which("nginx"), "nginx is not installed: run scripts/test.sh (it installs Debian's nginx)"
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "tmp" / name).mkdir(parents=True)
    (tmp_path / "nginx.conf").write_text(render_nginx({**ENV, "SMEDX_APP_SERVERS": "127.0.0.1:1"}, False))
    result = subprocess.run(["nginx", "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _dockerfile_cmd() -> list[str]:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    commands = [json.loads(line.removeprefix("CMD ")) for line in lines if line.startswith("CMD ")]
    assert len(commands) == 1, "one exec-form CMD"
    return commands[0]


def test_the_image_and_compose_run_the_tested_commands() -> None:
    assert _dockerfile_cmd() == [*ENTRY, "app"]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "nginx" in dockerfile and "requirements.txt" in dockerfile
    services = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]
    roles = {name: service["command"][-1] for name, service in services.items() if "command" in service}
    assert all(services[name]["command"] == [*ENTRY, role] and role in ROLES for name, role in roles.items())
    apps = sorted(name for name, role in roles.items() if role == "app")
    assert len(apps) >= 2 and list(roles.values()).count("nginx") == 1
    nginx = next(services[name] for name, role in roles.items() if role == "nginx")
    listed = nginx["environment"]["SMEDX_APP_SERVERS"].split(",")
    assert listed == [f"{name}:{services[name]['environment']['SMEDX_PORT']}" for name in apps]
    env = [services[name]["environment"] for name in apps]
    assert all(e == env[0] for e in env)  # one database, one cookie secret for every replica
    assert "@db:5432/" in env[0]["SMEDX_TRACKER_DB_URL"] and "STREAMLIT_SERVER_COOKIE_SECRET" in env[0]
    assert services["db"]["image"].startswith("postgres:")


def test_the_app_command_is_streamlit_run_of_the_entry_point() -> None:
    command = app_command({"SMEDX_PORT": "8600"})
    assert command[1:5] == ["-m", "streamlit", "run", "streamlit_app.py"]
    assert command[command.index("--server.port") + 1] == "8600"
    assert command[command.index("--server.headless") + 1] == "true"


def test_local_secrets_and_the_sqlite_store_stay_out_of_the_image() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert {".streamlit/secrets.toml", "var/", ".git"} <= set(ignored)
