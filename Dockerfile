# Pansuk production image: gunicorn (web), celery worker and beat, and the
# one-shot `pansuk setup-database` share it. Python is pinned to its minor
# version, as the lock files are (requirements.lock: every package, with hashes).

# The front-end packages (package-lock.json): the plot map and the camera QR
# reader's fallback decoder, copied into core/static/vendor/.
FROM node:20-bookworm-slim AS static-vendor
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts/copy-vendor-assets.mjs scripts/
RUN npm run build

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # The source tree in /app is the code that runs (migrations/ and instance/
    # are found beside the packages); `pansuk` is `python -m core.cli`.
    PYTHONPATH=/app \
    UPLOAD_DIR=/data/uploads

# pg_dump and pg_restore for `pansuk backup` and `pansuk restore` (Debian
# bookworm's client is PostgreSQL 15, the server of docker-compose.yml).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .
COPY --from=static-vendor /src/core/static/vendor core/static/vendor
RUN printf '#!/bin/sh\nexec python -m core.cli "$@"\n' > /usr/local/bin/pansuk \
    && chmod 755 /usr/local/bin/pansuk \
    && SECRET_KEY=build-only SECRETS_KEYS=build-only pansuk i18n compile \
    # gzip copies of the static files, which WhiteNoise sends to browsers that accept them
    && python -m whitenoise.compress core/static \
    && rm -rf /app/instance \
    && useradd --system --uid 10001 --create-home --home-dir /home/pansuk --shell /usr/sbin/nologin pansuk \
    && mkdir -p /app/instance /data/uploads /var/lib/pansuk/beat \
    && chown -R pansuk:pansuk /app/instance /data /var/lib/pansuk

# The code stays root's (read-only to the service); the service writes only its
# home (gunicorn's control socket), instance/, the uploads and beat's schedule.
USER pansuk
ENV HOME=/home/pansuk
EXPOSE 8000

HEALTHCHECK --interval=60s --timeout=20s --start-period=60s --retries=3 \
    CMD pansuk check --quiet --url http://127.0.0.1:8000/healthz

CMD ["gunicorn", "--workers", "2", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "core.wsgi:app"]
