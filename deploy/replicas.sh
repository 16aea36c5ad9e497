#!/usr/bin/env bash
# Two app replicas behind nginx (deploy/nginx.conf), sharing one cookie secret.
#
#   export STREAMLIT_SERVER_COOKIE_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
#   deploy/replicas.sh      # replicas on 127.0.0.1:8601 and :8602, nginx on :8600; Ctrl-C stops all
#
# Streamlit signs its cookies with server.cookieSecret, by default a random value per process:
# replicas must share one, or a cookie one of them signed is refused by the other. The secret
# comes from the environment (STREAMLIT_SERVER_COOKIE_SECRET, which Streamlit reads as
# server.cookieSecret) and is never written to the repository. XSRF protection stays on
# (.streamlit/config.toml). STREAMLIT and NGINX name the commands (default .venv/bin/streamlit, nginx).
set -euo pipefail
cd "$(dirname "$0")/.."

secret=${STREAMLIT_SERVER_COOKIE_SECRET:-}
if [ "${#secret}" -lt 32 ]; then
    echo "STREAMLIT_SERVER_COOKIE_SECRET must be set to the same secret of at least 32 characters" >&2
    echo "for every replica, e.g.:" >&2
    echo "  export STREAMLIT_SERVER_COOKIE_SECRET=\"\$(python3 -c 'import secrets; print(secrets.token_hex(32))')\"" >&2
    exit 2
fi
export STREAMLIT_SERVER_COOKIE_SECRET
STREAMLIT=${STREAMLIT:-.venv/bin/streamlit}
NGINX=${NGINX:-nginx}

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait' EXIT
for port in 8601 8602; do
    "$STREAMLIT" run app.py --server.port "$port" --server.address 127.0.0.1 &
    pids+=("$!")
done
if command -v "$NGINX" >/dev/null; then
    "$NGINX" -c "$PWD/deploy/nginx.conf" -g 'daemon off;' &
    pids+=("$!")
else
    echo "nginx is not installed (apt-get install nginx): the replicas run without the proxy" >&2
fi
wait -n
