"""What a hosted deployment relies on: the Streamlit settings, the Dockerfile, the proxy example."""

from __future__ import annotations

import re
import tomllib

from .conftest import REPO


def test_streamlit_settings_for_a_hosted_app():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["magicEnabled"] is False
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    # The upload caps agree: Streamlit's (MiB), the importer's, the proxy's.
    from geo.importers.limits import MAX_FILE_BYTES

    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES
    nginx = (REPO / "deploy" / "nginx.conf").read_text()
    assert f"client_max_body_size {config['server']['maxUploadSize']}m;" in nginx
    assert config["server"]["enableStaticServing"] is True  # the vendored Leaflet
    assert config["theme"]["base"] in ("light", "dark")


def test_requirements_are_exact_pins():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (REPO / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.\-]*", line), line


def test_dockerfile_runs_unprivileged_with_a_healthcheck():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    assert re.search(r"^USER app$", dockerfile, re.M)
    assert "/_stcore/health" in dockerfile and re.search(r"^HEALTHCHECK", dockerfile, re.M)
    assert '"--server.address=0.0.0.0"' in dockerfile and '"app.py"' in dockerfile


def test_proxy_example_keeps_sessions_sticky_and_websockets_upgraded():
    nginx = (REPO / "deploy" / "nginx.conf").read_text()
    assert "ip_hash;" in nginx
    assert "proxy_set_header Upgrade $http_upgrade;" in nginx
    assert "client_max_body_size 250m;" in nginx
