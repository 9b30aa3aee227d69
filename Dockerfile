# syntax=docker/dockerfile:1
# The app image: the wheel and its pinned dependencies (constraints.txt), run by gunicorn as
# an unprivileged user. One image serves every role; compose.yaml picks the command:
#   web (default)      gunicorn on :8000
#   release            dgr init-db && dgr load-knowledge   (once per release, before web)
#   outbox worker      dgr outbox-worker
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY . .
# The app's wheel, then wheels of exactly the pinned dependencies (no compiler needed:
# every pinned package ships manylinux wheels).
RUN pip wheel --no-deps --wheel-dir /wheels . \
 && pip wheel --wheel-dir /wheels --constraint constraints.txt /wheels/dgr_bot-*.whl

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    WEB_CONCURRENCY=2 \
    GUNICORN_CMD_ARGS="--graceful-timeout=30" \
    LOG_LEVEL=INFO \
    DGR_CACHE_DIR=/srv/dgr/cache
COPY --from=build /wheels /wheels
COPY constraints.txt /tmp/constraints.txt
RUN pip install --no-index --find-links=/wheels --constraint /tmp/constraints.txt dgr-bot \
 && rm -rf /wheels /tmp/constraints.txt \
 && useradd --system --uid 10001 --user-group --home-dir /srv/dgr --create-home dgr
WORKDIR /srv/dgr
# The same gunicorn settings as the Procfile: workers forked warm from a preloaded master,
# each delivering the outbox from its start; JSON log lines (dgr_ops.GunicornLogger).
COPY gunicorn.conf.py /srv/dgr/gunicorn.conf.py
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz\", timeout=4)"]
# gunicorn.conf.py reads HOST, PORT, WEB_CONCURRENCY and GUNICORN_THREADS; its own lines and
# the app's are JSON lines on standard error.
CMD ["gunicorn", "--config", "/srv/dgr/gunicorn.conf.py", "dgr:create_app()"]
