#!/bin/sh
# Entrypoint of the SPBE Graph image: the same image runs the gateway, one subgraph, or a command.
#
#   gateway [ARGS]       python -m gateway, on $SPBE_HOST (0.0.0.0) port $SPBE_GATEWAY_PORT (4000);
#                        each NAME=URL of $SPBE_GATEWAY_SUBGRAPHS (comma or space separated) becomes
#                        --subgraph NAME=URL, and $SPBE_GATEWAY_WORKERS becomes --workers
#   serve SERVICE [ARGS] one subgraph (spbe serve): migrates its database, then serves it
#   migrate | seed | up | compose | plan | keys | mandates | token | audit [ARGS]
#                        the spbe command of that name
#   anything else        run as given (e.g. sh)
#
# Everything else is configured through environment variables (docs/operations.md).
set -eu

command="${1:-up}"
[ "$#" -gt 0 ] && shift

case "$command" in
    gateway)
        subgraphs=$(printf '%s' "${SPBE_GATEWAY_SUBGRAPHS:-}" | tr ',' ' ')
        # Build the argument list in front of the caller's arguments (later options win).
        for item in $subgraphs; do
            set -- --subgraph "$item" "$@"
        done
        if [ -n "${SPBE_GATEWAY_WORKERS:-}" ]; then
            set -- --workers "$SPBE_GATEWAY_WORKERS" "$@"
        fi
        exec python -m gateway --host "${SPBE_HOST:-0.0.0.0}" --port "${SPBE_GATEWAY_PORT:-4000}" "$@"
        ;;
    serve | migrate | seed | up | compose | plan | keys | mandates | token | audit)
        exec spbe "$command" "$@"
        ;;
    *)
        exec "$command" "$@"
        ;;
esac
