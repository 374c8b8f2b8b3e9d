# SPBE Graph: one image for the gateway, any one subgraph, and the one-shot commands.
#
#   docker build -t spbe-graph:0.1.0 .
#   docker run IMAGE gateway --subgraph identity=http://identity:4001/graphql ...   (or SPBE_GATEWAY_SUBGRAPHS)
#   docker run IMAGE serve identity                  # one subgraph (port 4001; --port P to change)
#   docker run IMAGE migrate                         # create missing databases, apply migrations
#   docker run IMAGE seed --citizens 3000            # demo data into empty databases
#   docker run IMAGE up                              # everything in one container (embedded database)
#
# Configured only through environment variables (DATABASE_URL, SPBE_SUBGRAPH_SECRET, SPBE_GATEWAY_*,
# SPBE_JWT_*): see "Containers and deployment" in docs/operations.md. No secret is built in.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------------------------
# Front-end assets: none yet. When tools/ or gateway/explorer gains a package.json with a build
# script, add a stage here, e.g.
#   FROM node:22-bookworm-slim AS assets
#   WORKDIR /src
#   COPY gateway/explorer/package.json gateway/explorer/package-lock.json ./
#   RUN npm ci --no-audit --no-fund
#   COPY gateway/explorer ./
#   RUN npm run build
# and copy its output into the build stage before the wheel is built:
#   COPY --from=assets /src/dist ./gateway/explorer/dist
# ---------------------------------------------------------------------------------------------

# Build stage: build the project's wheel and install it, with its dependencies, into /opt/venv.
FROM ${PYTHON_IMAGE} AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
COPY pyproject.toml README.md constraints.txt ./
COPY spbe ./spbe
COPY subgraphs ./subgraphs
COPY gateway ./gateway
# the "otlp" extra: traces to an OpenTelemetry collector when OTEL_EXPORTER_OTLP_ENDPOINT is set;
# constraints.txt: the versions CI tested (python3 dev.py lock)
RUN pip wheel --no-deps --wheel-dir /wheels . \
    && pip install -c constraints.txt "$(ls /wheels/spbe_graph-*.whl)[otlp]" \
    && python -c "import gateway, subgraphs, spbe.cli"

# Runtime stage: the venv, the migrations and the entrypoint; no compilers, not root.
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="spbe-graph" \
      org.opencontainers.image.description="SPBE Graph: federated GraphQL gateway and subgraphs"

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SPBE_SQL_DIR=/app/sql \
    SPBE_DATA_DIR=/var/lib/spbe \
    SPBE_HOST=0.0.0.0 \
    SPBE_LOG_FORMAT=json \
    SPBE_GATEWAY_ACCESS_LOG=1

RUN groupadd --system --gid 10001 spbe \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/spbe --no-create-home \
       --shell /usr/sbin/nologin spbe \
    && mkdir -p /var/lib/spbe \
    && chown 10001:10001 /var/lib/spbe

COPY --from=build /opt/venv /opt/venv
COPY sql /app/sql
COPY deploy/entrypoint.sh /usr/local/bin/spbe-entrypoint

WORKDIR /app
USER 10001:10001
VOLUME ["/var/lib/spbe"]
EXPOSE 4000-4008
STOPSIGNAL SIGTERM

# GET /health of whatever this container runs: SPBE_HEALTH_URL if set, else the first of the
# usual ports (gateway 4000, subgraphs 4001-4008) that answers. The gateway answers 200 once its
# supergraph is loaded, a subgraph once its database answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as r\nurl = os.environ.get('SPBE_HEALTH_URL')\nfor u in [url] if url else [f'http://127.0.0.1:{p}/health' for p in range(4000, 4009)]:\n    try:\n        sys.exit(0 if r.urlopen(u, timeout=3).status == 200 else 1)\n    except OSError:\n        pass\nsys.exit(1)"]

ENTRYPOINT ["spbe-entrypoint"]
CMD ["up"]
