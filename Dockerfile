# The bot's image: `docker compose up` (compose.yaml) builds it. Not built on the development machine
# (Docker does not run there); tests/scaleout/test_compose.py checks what it can without Docker.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY keitaro ./keitaro
COPY storage ./storage
COPY alerts ./alerts
COPY services ./services
RUN pip install . && rm -rf /src

# an unprivileged user; /data holds the SQLite file and secret.key when those are used
RUN useradd --system --uid 10001 --home-dir /data --create-home bot
USER bot
WORKDIR /data
ENV DATABASE_PATH=/data/bot.sqlite3 \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"

# SIGTERM (docker stop) reaches the supervisor, which stops every worker gracefully
STOPSIGNAL SIGTERM
ENTRYPOINT ["keitaro-bot"]
