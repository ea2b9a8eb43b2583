# Pansuk production image: gunicorn (web), celery worker and beat share it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # The source tree in /app is the code that runs (it holds migrations/ and
    # instance/, found relative to the package); pip installs the dependencies
    # and the `pansuk` command.
    PYTHONPATH=/app \
    UPLOAD_DIR=/data/uploads

WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY core/__init__.py core/__init__.py
COPY market/__init__.py market/__init__.py
COPY welfare/__init__.py welfare/__init__.py
COPY producers/__init__.py producers/__init__.py
RUN pip install .

COPY . .
RUN pip install --no-deps . \
    && SECRET_KEY=build-only pansuk i18n compile \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin pansuk \
    && mkdir -p /app/instance /data/uploads /var/lib/pansuk/beat \
    && chown -R pansuk:pansuk /app/instance /data /var/lib/pansuk

USER pansuk
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"

CMD ["gunicorn", "-w", "2", "-b", "0.0.0.0:8000", "--access-logfile", "-", "core.wsgi:app"]
