# The dashboard in a container.
#   docker build -t mali-map . && docker run --rm -p 8501:8501 mali-map
# Without a Docker daemon or a registry (Debian, buildah and podman): deploy/build-image.sh.
#
# The base is the official Python image, Python 3.11.16 on Debian 12 "bookworm", pinned by its
# tag and by the digest of its multi-platform index as docker-library/repo-info records it
# (repos/python/remote/3.11.16-slim-bookworm.md at commit 422f3cfe, image built 2026-09-01).
# That digest was read there, not pulled: no registry could be reached where this was written.
# A machine without the registry passes a base of its own with --build-arg BASE_IMAGE=...
# (deploy/build-image.sh --debian-base bootstraps one from Debian's packages).
ARG BASE_IMAGE=python:3.11.16-slim-bookworm@sha256:c425d915a89a6dcd3183b1797ad9bd8878caff5a417f6371c8df93c8ea8b727f
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# Dependencies first, so a code change does not reinstall them: a virtual environment that
# root owns, so the app cannot change its own libraries either.
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv /opt/venv \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The app user only runs the app: no password, no login shell. Its home, outside the code, is
# the one place it writes (Streamlit's and matplotlib's files).
RUN useradd --uid 10001 --user-group --create-home --home-dir /var/lib/mali-map \
        --shell /usr/sbin/nologin app
ENV HOME=/var/lib/mali-map \
    XDG_CACHE_HOME=/var/lib/mali-map/.cache \
    MPLCONFIGDIR=/var/lib/mali-map/.cache/matplotlib

# The code belongs to root and nobody else may write to it (COPY gives root:root; the modes
# are set here whatever the checkout's umask was). Compiled now, as root, since the app
# user cannot write __pycache__ beside the sources.
WORKDIR /app
COPY . /app
RUN chmod -R u=rwX,go=rX /app && python -m compileall -q /app

USER app

# Replicas behind a proxy share Streamlit's cookie secret: pass it at run time
# (-e STREAMLIT_SERVER_COOKIE_SECRET), never in the image. See README.md, "Beyond one machine".
EXPOSE 8501
# Streamlit answers "ok" on /_stcore/health once it serves; python is in the image, curl is not.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"

CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
