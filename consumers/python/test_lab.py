"""The tutorial's lab built through the Python binding (the wheel in dist/python).

The lab is the same as examples/lab/lab.ts, construct id for construct id (the ids
make the default names). LAB_YAML names the TypeScript lab's output; the lab
synthesized here must equal it object for object. The app is on cdk8s-plus-34,
the newest line: its own Deployment, with that line's probe and CPU types,
sits beside a StatefulWeb whose props take the library's own types.
"""
import os

import cdk8s_plus_34 as kplus
import pytest
import yaml
from cdk8s import App, Chart, Duration, Size

from cdk8s_stateful_web import (
    ClaimAccessMode,
    ComputeResources,
    CpuAmount,
    CpuRequestLimit,
    HeadlessService,
    HealthProbe,
    NfsStorage,
    PodSecurityLevel,
    PodSecurityNamespace,
    ReclaimPolicy,
    SizeRequestLimit,
    StatefulWeb,
    Toleration,
    TolerationEffect,
    UpdateStrategy,
    VolumeBindingMode,
)


def build_lab(app):
    chart = Chart(app, "lab", namespace="xgp-lll")
    namespace = PodSecurityNamespace(
        chart,
        "Namespace",
        enforce=PodSecurityLevel.BASELINE,
        warn=PodSecurityLevel.RESTRICTED,
        audit=PodSecurityLevel.RESTRICTED,
    ).api_object
    storage = NfsStorage(
        chart,
        "Nfs",
        server="192.168.1.21",
        path="/nfsdata",
        provisioner_name="xgp",
        storage_class_name="stateful-nfs",
        reclaim_policy=ReclaimPolicy.RETAIN,
        volume_binding_mode=VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
    )
    service = HeadlessService(chart, "Service", name="headless-svc")
    web = StatefulWeb(
        chart,
        "Web",
        name="statefulset-test",
        replicas=3,
        image="httpd:2.4.62",
        service=service,
        storage=storage,
        claim_name="test",
        storage_size=Size.mebibytes(100),
        access_modes=[ClaimAccessMode.READ_WRITE_ONCE],
        mount_path="/usr/local/apache2/htdocs",
        pages=["123", "456", "789"],
    )
    for construct in (storage, service, web):
        construct.node.add_dependency(namespace)
    return storage, service, web


def key(obj):
    meta = obj.get("metadata") or {}
    return f"{obj.get('apiVersion')}/{obj.get('kind')}/{meta.get('namespace', '')}/{meta.get('name')}"


def differences(expected, actual, path=""):
    """Paths where two parsed YAML values differ, with both values."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for k in sorted(set(expected) | set(actual)):
            if k not in actual:
                out.append(f"{path}/{k}: missing here (TypeScript: {expected[k]!r})")
            elif k not in expected:
                out.append(f"{path}/{k}: extra here ({actual[k]!r})")
            else:
                out += differences(expected[k], actual[k], f"{path}/{k}")
        return out
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [d for i, (e, a) in enumerate(zip(expected, actual)) for d in differences(e, a, f"{path}/{i}")]
    return [] if expected == actual else [f"{path or '/'}: TypeScript {expected!r}, here {actual!r}"]


def compare_streams(expected_text, actual_text):
    expected = [d for d in yaml.safe_load_all(expected_text) if d is not None]
    actual = [d for d in yaml.safe_load_all(actual_text) if d is not None]
    problems = []
    by_key = {}
    for side, docs in (("TypeScript", expected), ("Python", actual)):
        keys = [key(d) for d in docs]
        for k in {k for k in keys if keys.count(k) > 1}:
            problems.append(f"{k}: twice in the {side} output")
        by_key[side] = dict(zip(keys, docs))
    e, a = by_key["TypeScript"], by_key["Python"]
    for k in e:
        if k not in a:
            problems.append(f"{k}: missing from the Python output")
    for k in a:
        if k not in e:
            problems.append(f"{k}: not in the TypeScript output")
    for k in e:
        if k in a:
            problems += [f"{k} {d}" for d in differences(e[k], a[k])]
    if not problems and list(e) != list(a):
        problems.append(f"same objects, other order: TypeScript {list(e)}, Python {list(a)}")
    return len(expected), problems


def test_lab_equals_the_typescript_lab(tmp_path):
    with open(os.environ["LAB_YAML"], encoding="utf-8") as f:
        expected = f.read()
    app = App(outdir=str(tmp_path))
    build_lab(app)
    app.synth()
    actual = (tmp_path / "lab.k8s.yaml").read_text(encoding="utf-8")
    count, problems = compare_streams(expected, actual)
    assert count > 0, "the TypeScript lab has no objects"
    assert problems == [], "\n".join(problems)
    print(f"python: {count} objects equal to the TypeScript lab's")


def test_resolved_values_cross_the_binding():
    app = App()
    storage, service, web = build_lab(app)
    assert storage.storage_class_name == "stateful-nfs"
    assert storage.provisioner_name == "xgp"
    assert storage.reclaim_policy == ReclaimPolicy.RETAIN
    assert storage.namespace == "xgp-lll"
    assert web.replicas == 3
    assert web.claim_names == [f"test-statefulset-test-{i}" for i in range(3)]
    assert web.service.name == "headless-svc"
    assert service.pod_dns_name("statefulset-test-0") == "statefulset-test-0.headless-svc.xgp-lll.svc.cluster.local"
    assert [p.name for p in service.ports] == ["http"]


def test_bad_input_fails_with_the_library_message():
    chart = Chart(App(), "bad", namespace="bad")
    storage = NfsStorage(chart, "Nfs", server="192.168.1.21", path="/nfsdata")
    with pytest.raises(Exception, match=r"'replicas' must be .*-1"):
        StatefulWeb(chart, "Web", replicas=-1, storage=storage)
    with pytest.raises(Exception, match=r"'path' must be"):
        NfsStorage(chart, "Nfs2", server="192.168.1.21", path="nfsdata")


def test_the_apps_own_line_beside_the_library():
    app = App()
    chart = Chart(app, "site", namespace="site")
    storage = NfsStorage(chart, "Nfs", server="192.168.1.21", path="/nfsdata")
    StatefulWeb(
        chart,
        "Web",
        storage=storage,
        readiness=HealthProbe.http_get("/", period=Duration.seconds(5)),
        resources=ComputeResources(
            cpu=CpuRequestLimit(request=CpuAmount.millis(100), limit=CpuAmount.cores(1)),
            memory=SizeRequestLimit(request=Size.mebibytes(64)),
        ),
        tolerations=[Toleration(key="dedicated", value="web", effect=TolerationEffect.NO_SCHEDULE)],
        update_strategy=UpdateStrategy.rolling_update(partition=1),
        image_pull_secrets=["regcred"],
    )
    kplus.Deployment(
        chart,
        "Api",
        containers=[
            kplus.ContainerProps(
                image="registry.example.com/api:1.0",
                port_number=8080,
                readiness=kplus.Probe.from_http_get("/healthz"),
                resources=kplus.ContainerResources(cpu=kplus.CpuResources(request=kplus.Cpu.millis(100))),
            )
        ],
    )
    docs = chart.to_json()
    sts = next(d for d in docs if d["kind"] == "StatefulSet")
    pod = sts["spec"]["template"]["spec"]
    web = pod["containers"][0]
    assert web["readinessProbe"]["httpGet"]["path"] == "/"
    assert web["readinessProbe"]["periodSeconds"] == 5
    assert web["resources"]["requests"]["cpu"] == "100m"
    assert web["resources"]["limits"]["cpu"] == "1"
    assert pod["tolerations"] == [{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"}]
    assert pod["imagePullSecrets"] == [{"name": "regcred"}]
    assert sts["spec"]["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}}
    api = next(d for d in docs if d["kind"] == "Deployment" and "api" in d["metadata"]["name"])
    assert api["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["path"] == "/healthz"
