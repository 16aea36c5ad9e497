#!/usr/bin/env bash
# Build the app's container image with buildah, run it, and check that it answers
# /_stcore/health, on a Debian machine with no Docker daemon.
#
#   sudo apt-get install -y buildah mmdebstrap
#   sudo deploy/build-image.sh --debian-base     # no container registry: a Debian base made here
#   sudo deploy/build-image.sh                   # the Dockerfile's pinned python:3.11.16 base
#
# --debian-base  Build FROM a Debian 12 "bookworm" base that mmdebstrap bootstraps here from
#                Debian's own packages (with Debian's Python 3.11), for a machine that reaches
#                Debian's archive and PyPI but no container registry. It is made once and
#                kept as $BASE (add --new-base to make it again, e.g. for security updates).
# --keep         Leave the app running (in the foreground of this script) after the checks.
#
# Environment: IMAGE (localhost/mali-map:latest), BASE (localhost/mali-map-base:bookworm),
# MIRROR (http://deb.debian.org/debian), PORT (8501).
#
# Why not `podman run`: in a sandbox whose container runtimes (crun, runc) may not set the
# cgroups or rlimits of a container ("cgroups in hybrid mode not supported", "setrlimit
# RLIMIT_NOFILE: Operation not permitted"), buildah's chroot isolation still works. It shares
# the host's network, so the app listens on the host's PORT. Where `podman run` works, use it:
#   podman run --rm -p 8501:8501 -e STREAMLIT_SERVER_COOKIE_SECRET "$IMAGE"
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${IMAGE:-localhost/mali-map:latest}
BASE=${BASE:-localhost/mali-map-base:bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
PORT=${PORT:-8501}
debian_base=0 new_base=0 keep=0
for arg in "$@"; do
    case "$arg" in
        --debian-base) debian_base=1 ;;
        --new-base) new_base=1 ;;
        --keep) keep=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
    esac
done

need() { command -v "$1" >/dev/null || { echo "$1 is missing: apt-get install -y $2" >&2; exit 1; }; }
need buildah buildah
[ "$debian_base" = 1 ] && need mmdebstrap mmdebstrap
[ "$(id -u)" = 0 ] || { echo "run as root (buildah's chroot isolation and mmdebstrap need it)" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "port $PORT is in use on this machine; free it or set PORT" >&2
    exit 1
fi

now() { date +%s.%N; }
took() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$1" "$(now)"; }

build_args=()
if [ "$debian_base" = 1 ]; then
    if [ "$new_base" = 1 ] || ! buildah inspect --type image "$BASE" >/dev/null 2>&1; then
        echo "== bootstrapping $BASE from $MIRROR (Debian 12, minbase + python3, python3-venv)"
        t=$(now)
        work=$(mktemp -d)
        # As the official slim images: no manuals, documentation (copyright files kept) or
        # translations. /usr/local/bin/python is the name the Dockerfile (and the official
        # image) use. PIP_CERT: pip trusts the system's certificate store, as Debian's own
        # pip does, so a proxy's certificate authority added to it is trusted too.
        mmdebstrap --variant=minbase \
            --include=python3,python3-venv,ca-certificates,netbase,tzdata \
            --dpkgopt='path-exclude=/usr/share/man/*' \
            --dpkgopt='path-exclude=/usr/share/doc/*' \
            --dpkgopt='path-include=/usr/share/doc/*/copyright' \
            --dpkgopt='path-exclude=/usr/share/locale/*' \
            --dpkgopt='path-exclude=/usr/share/info/*' \
            --customize-hook='ln -s /usr/bin/python3 "$1/usr/local/bin/python"' \
            --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
            bookworm "$work/base.tar" \
            "deb $MIRROR bookworm main" \
            "deb $MIRROR bookworm-updates main" \
            "deb ${MIRROR%/debian}/debian-security bookworm-security main"
        container=$(buildah from scratch)
        mount=$(buildah mount "$container")
        tar -xf "$work/base.tar" -C "$mount"
        buildah umount "$container" >/dev/null
        buildah config --env PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            --env LANG=C.UTF-8 --env PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
            --cmd python3 "$container"
        buildah commit --quiet --rm "$container" "$BASE" >/dev/null
        rm -rf "$work"
        echo "   base made in $(took "$t")"
    else
        echo "== using the base $BASE made before (--new-base to make it again)"
    fi
    build_args=(--pull=never --build-arg "BASE_IMAGE=$BASE")
fi

# The host's certificate store, bind-mounted for the build's RUN steps only (never committed
# to the image): pip reaches PyPI through whatever TLS proxy this machine trusts.
volumes=()
[ -f /etc/ssl/certs/ca-certificates.crt ] &&
    volumes=(--volume /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro)

echo "== building $IMAGE"
t=$(now)
# --format docker keeps the HEALTHCHECK (the OCI image format has no field for it).
buildah build --isolation chroot --format docker --layers "${build_args[@]}" "${volumes[@]}" \
    --tag "$IMAGE" --file Dockerfile .
echo "   built in $(took "$t")"
size=$(buildah images --format '{{.Size}}' "$IMAGE" | head -1)
echo "   image size: $size"

config=$(buildah inspect --type image "$IMAGE")
field() { python3 -c "import json, sys; c = json.load(sys.stdin)['Docker']['config']; print($1)" <<<"$config"; }
user=$(field "c['User']")
cmd=$(field "' '.join(c['Cmd'])")
health=$(field "c['Healthcheck']['Test'][1]")
[ "$(field "c['Healthcheck']['Test'][0]")" = CMD-SHELL ] || { echo "unexpected HEALTHCHECK form" >&2; exit 1; }
[ -n "$user" ] && [ "$user" != root ] && [ "$user" != 0 ] || { echo "the image runs as root" >&2; exit 1; }

container=$(buildah from --pull=never "$IMAGE")
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    buildah rm "$container" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== checking the code is not writable by the app user ($user)"
writable=$(buildah run --isolation chroot "$container" -- sh -c \
    'test "$(id -u)" != 0 || echo "runs as root"; find /app /opt/venv -writable | head -5')
[ -z "$writable" ] || { echo "writable by the app user: $writable" >&2; exit 1; }
echo "   none of /app and /opt/venv is writable by $(buildah run --isolation chroot "$container" -- id -un)"

echo "== running it: $cmd"
if [ "$PORT" != 8501 ]; then
    cmd="$cmd --server.port=$PORT"
    health=${health//8501/$PORT}
fi
t=$(now)
# The secret is made here for this run only; replicas behind a proxy share one (README).
STREAMLIT_SERVER_COOKIE_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
# shellcheck disable=SC2086  # the image's CMD, word by word
buildah run --isolation chroot --env "STREAMLIT_SERVER_COOKIE_SECRET=$STREAMLIT_SERVER_COOKIE_SECRET" \
    "$container" -- $cmd &
server=$!
for _ in $(seq 1 240); do
    if answer=$(python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$PORT/_stcore/health', timeout=2).read().decode())" 2>/dev/null); then
        break
    fi
    kill -0 "$server" 2>/dev/null || { echo "the app stopped before it served" >&2; exit 1; }
    sleep 0.5
done
[ "${answer:-}" = ok ] || { echo "no answer on /_stcore/health" >&2; exit 1; }
echo "   /_stcore/health answered \"$answer\" $(took "$t") after the start"
buildah run --isolation chroot "$container" -- sh -c "$health"
echo "   the image's own HEALTHCHECK command passes"
echo "== $IMAGE: built, not writable by its user, healthy (size $size)"

if [ "$keep" = 1 ]; then
    echo "== serving on http://127.0.0.1:$PORT (Ctrl-C stops it)"
    wait "$server"
fi
