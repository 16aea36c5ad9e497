"""What a hosted deployment relies on: the Streamlit settings, the Dockerfile, the proxy example."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import tomllib
import urllib.error
import urllib.request
import uuid

from benchmarks.harness import start_app, stop_app

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


def dockerfile_instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    text = (REPO / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _, arguments = line.strip().partition(" ")
            found.append((instruction.upper(), arguments.strip()))
    return found


def test_dockerfile_pins_its_base_image_by_full_version_debian_release_and_digest():
    steps = dockerfile_instructions()
    assert [arguments for instruction, arguments in steps if instruction == "FROM"] == ["${BASE_IMAGE}"]
    base = dict(arguments.split("=", 1) for instruction, arguments in steps if instruction == "ARG")["BASE_IMAGE"]
    match = re.fullmatch(r"python:(3\.\d+\.\d+)-slim-(bookworm|trixie)@sha256:[0-9a-f]{64}", base)
    assert match, base
    # The same Python as the one the project runs on elsewhere (Streamlit Cloud, .venv).
    assert match.group(1).startswith((REPO / ".python-version").read_text().strip() + ".")


def test_dockerfile_code_belongs_to_root_and_the_app_runs_unprivileged():
    steps = dockerfile_instructions()
    users = [(i, arguments) for i, (instruction, arguments) in enumerate(steps) if instruction == "USER"]
    assert len(users) == 1 and users[0][1] == "app", users
    after_user = [instruction for instruction, _ in steps[users[0][0] :]]
    # Everything that writes files happens as root, before USER: the app user writes nothing in.
    assert not {"RUN", "COPY", "ADD"} & set(after_user), after_user
    copies = [arguments for instruction, arguments in steps if instruction in ("COPY", "ADD")]
    assert copies and not any("--chown" in arguments or "--chmod" in arguments for arguments in copies)
    code = next(arguments.split()[-1] for arguments in copies if arguments.split()[0] == ".")
    workdir = [arguments for instruction, arguments in steps if instruction == "WORKDIR"][-1]
    assert code == workdir == "/app"
    # After the code is copied its modes are set: nobody but root may write to it.
    copied_at = next(i for i, (ins, arguments) in enumerate(steps) if ins == "COPY" and arguments.startswith(". "))
    runs_after = [arguments for instruction, arguments in steps[copied_at:] if instruction == "RUN"]
    assert any(re.search(r"chmod -R (u=rwX,)?go=rX /app|chmod -R go-w /app", run) for run in runs_after)
    # The user has a home to write in, outside the code.
    env = " ".join(arguments for instruction, arguments in steps if instruction == "ENV")
    home = re.search(r"\bHOME=(\S+)", env).group(1)
    assert not home.startswith("/app") and "--home-dir " + home in " ".join(runs for _, runs in steps)


def test_dockerfile_keeps_a_healthcheck_and_serves_the_app():
    steps = dict(dockerfile_instructions())
    assert "/_stcore/health" in steps["HEALTHCHECK"]
    assert steps["CMD"].startswith('["streamlit", "run", "app.py"')
    assert '"--server.address=0.0.0.0"' in steps["CMD"]


def test_the_build_script_builds_with_buildah_and_checks_the_health_endpoint():
    script = (REPO / "deploy" / "build-image.sh").read_text()
    assert script.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in script
    assert "buildah build" in script and "--format docker" in script  # docker format keeps HEALTHCHECK
    assert "/_stcore/health" in script and "mmdebstrap" in script
    assert (REPO / "deploy" / "build-image.sh").stat().st_mode & 0o111


def test_proxy_example_keeps_sessions_sticky_and_websockets_upgraded():
    nginx = (REPO / "deploy" / "nginx.conf").read_text()
    assert "ip_hash;" in nginx
    assert "proxy_set_header Upgrade $http_upgrade;" in nginx
    assert "client_max_body_size 250m;" in nginx


# Replicas behind a proxy: one shared cookie secret from the environment, XSRF on, no secret
# in the repository. The variable's name is assembled so this file does not match its own scan.
SECRET_VARIABLE = "STREAMLIT_SERVER_" + "COOKIE_SECRET"
# A value that is not a literal starts with $ (a variable or a command), a quote, or \ (an
# escaped quote, in a message that shows the command).
COMMITTED_SECRET = re.compile(
    rf"""(cookieSecret|cookie_secret)\s*=\s*["'][^"']+["']|{SECRET_VARIABLE}=(?![$"'\s\\])\S"""
)


def test_no_committed_file_sets_a_cookie_secret_and_xsrf_stays_on():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert "cookieSecret" not in config["server"]
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    paths = [REPO / name for name in tracked.decode().split("\0") if name]
    assert ".streamlit/secrets.toml" not in {str(path.relative_to(REPO)) for path in paths}
    found = []
    for path in paths:
        if path.suffix in ("", ".py", ".toml", ".md", ".sh", ".conf", ".txt", ".yml", ".yaml", ".cfg", ".ini"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in COMMITTED_SECRET.finditer(text)]
    assert not found, found


def test_the_scan_finds_a_committed_secret():
    assert COMMITTED_SECRET.search("cookie" + 'Secret = "0123abcd"')
    assert COMMITTED_SECRET.search(f"{SECRET_VARIABLE}=0123abcd streamlit run app.py")
    assert not COMMITTED_SECRET.search(f'{SECRET_VARIABLE}="$(python3 -c ...)"')


def test_the_replica_script_refuses_to_start_without_a_shared_secret(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != SECRET_VARIABLE}
    for secret in (None, "short"):
        if secret:
            env[SECRET_VARIABLE] = secret
        done = subprocess.run(
            ["bash", str(REPO / "deploy" / "replicas.sh")],
            env={**env, "STREAMLIT": str(tmp_path / "never-run")},
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 2 and SECRET_VARIABLE in done.stderr, done.stderr


def test_the_replica_script_gives_every_replica_the_same_secret(tmp_path):
    fake = tmp_path / "streamlit"
    log = tmp_path / "started.log"
    # Each fake replica notes its secret and arguments, then waits (up to 20 s) until both have:
    # the script stops every replica as soon as the first one ends.
    fake.write_text(
        f'#!/bin/sh\necho "${SECRET_VARIABLE} $*" >> {log}\n'
        f'for _ in $(seq 200); do [ "$(wc -l < {log})" -ge 2 ] && exit 0; sleep 0.1; done\n'
    )
    fake.chmod(0o755)
    secret = secrets.token_hex(32)
    subprocess.run(
        ["bash", str(REPO / "deploy" / "replicas.sh")],
        env={**os.environ, SECRET_VARIABLE: secret, "STREAMLIT": str(fake), "NGINX": str(tmp_path / "no-nginx")},
        capture_output=True,
        timeout=30,
        check=True,
    )
    started = sorted(log.read_text().splitlines())
    assert [line.split()[0] for line in started] == [secret, secret]
    assert ["--server.port 8601" in started[0], "--server.port 8602" in started[1]] == [True, True]


def xsrf_cookie(url: str) -> str:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        for header in response.headers.get_all("Set-Cookie"):
            name, _, rest = header.partition("=")
            if name == "_streamlit_xsrf":
                return rest.split(";")[0]
    raise AssertionError("no XSRF cookie: is XSRF protection off?")


def upload(url: str, cookie: str, token: str | None) -> tuple[int, str]:
    """PUT a one-line file to Streamlit's upload endpoint, as the browser does; (status, body)."""
    boundary = secrets.token_hex(8)
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\nevent_id\r\n--{boundary}--\r\n"
    ).encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": f"_streamlit_xsrf={cookie}"}
    if token:
        headers["X-Xsrftoken"] = token
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{uuid.uuid4()}/{uuid.uuid4()}", data=body, headers=headers, method="PUT"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_two_replicas_with_one_secret_accept_each_others_xsrf_token_and_enforce_xsrf():
    env = {SECRET_VARIABLE: secrets.token_hex(32)}
    first, first_url = start_app(env=env)
    try:
        second, second_url = start_app(env=env)
        try:
            issued_by_first = xsrf_cookie(first_url)
            issued_by_second = xsrf_cookie(second_url)
            # The first replica's token passes the second's XSRF check; the second then refuses
            # the upload only because the session lives on the first (why nginx pins sessions).
            status, body = upload(second_url, issued_by_first, issued_by_first)
            assert status == 400 and "Invalid session_id" in body, (status, body)
            # XSRF is enforced there: a token that does not match the cookie, or none, is refused.
            assert upload(second_url, issued_by_first, issued_by_second)[0] == 403
            assert upload(second_url, issued_by_first, None)[0] == 403
        finally:
            stop_app(second)
    finally:
        stop_app(first)
