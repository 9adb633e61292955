# The official Python client (Debian's python3-kubernetes) in the client compatibility matrix: the
# core operations an application does through it, in order, each printed as one JSON line
# {"name", "ok", "error"}. client-matrix.test.ts reads the op names from the @op("...") lines below.
# Usage: python3 python-client-ops.py KUBECONFIG NAMESPACE
import json
import sys
import time
import traceback

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

OPS = []


def op(name):
    def register(f):
        OPS.append((name, f))
        return f
    return register


KUBECONFIG, NS = sys.argv[1], sys.argv[2]
config.load_kube_config(config_file=KUBECONFIG)
core = client.CoreV1Api()
authz = client.AuthorizationV1Api()


def status_of(call, code):
    """status_of runs call, asserts it fails with HTTP `code`, and returns the decoded Status."""
    try:
        call()
    except ApiException as e:
        assert e.status == code, f"expected {code}, got {e.status}: {e.body}"
        return json.loads(e.body)
    raise AssertionError(f"expected an error {code}")


def until(cond, seconds=10):
    end = time.time() + seconds
    while not cond():
        assert time.time() < end, "timed out"
        time.sleep(0.1)


@op("VersionApi.get_code")
def _():
    assert client.VersionApi().get_code().git_version.startswith("v1.")


@op("list_namespace")
def _():
    assert "default" in [n.metadata.name for n in core.list_namespace().items]


@op("create_namespace")
def _():
    core.create_namespace({"metadata": {"name": NS}})
    until(lambda: any(sa.metadata.name == "default" for sa in core.list_namespaced_service_account(NS).items))


@op("create_namespaced_config_map")
def _():
    cm = core.create_namespaced_config_map(NS, {"metadata": {"name": "cm1", "labels": {"app": "py", "n": "1"}}, "data": {"a": "1"}})
    assert cm.metadata.uid and cm.data == {"a": "1"}


@op("create twice is 409 AlreadyExists")
def _():
    st = status_of(lambda: core.create_namespaced_config_map(NS, {"metadata": {"name": "cm1"}}), 409)
    assert st["reason"] == "AlreadyExists", st


@op("create with dry_run=All stores nothing")
def _():
    core.create_namespaced_config_map(NS, {"metadata": {"name": "ghost"}}, dry_run="All")
    status_of(lambda: core.read_namespaced_config_map("ghost", NS), 404)


@op("read_namespaced_config_map")
def _():
    assert core.read_namespaced_config_map("cm1", NS).data == {"a": "1"}


@op("replace_namespaced_config_map")
def _():
    cm = core.read_namespaced_config_map("cm1", NS)
    cm.data = {"a": "2"}
    assert core.replace_namespaced_config_map("cm1", NS, cm).data == {"a": "2"}


@op("patch_namespaced_config_map (dict: strategic merge)")
def _():
    assert core.patch_namespaced_config_map("cm1", NS, {"data": {"b": "3"}}).data == {"a": "2", "b": "3"}


@op("patch_namespaced_config_map (list: JSON patch)")
def _():
    cm = core.patch_namespaced_config_map("cm1", NS, [{"op": "remove", "path": "/data/a"}])
    assert cm.data == {"b": "3"}, cm.data


@op("list_namespaced_config_map with a label selector")
def _():
    for i in range(2, 6):
        core.create_namespaced_config_map(NS, {"metadata": {"name": f"cm{i}", "labels": {"app": "py", "n": str(i)}}})
    names = [c.metadata.name for c in core.list_namespaced_config_map(NS, label_selector="app=py,n in (2,3)").items]
    assert names == ["cm2", "cm3"], names


@op("list_namespaced_config_map with a field selector")
def _():
    names = [c.metadata.name for c in core.list_namespaced_config_map(NS, field_selector="metadata.name=cm4").items]
    assert names == ["cm4"], names


@op("list_namespaced_config_map paging (limit, _continue)")
def _():
    names, cont, pages = [], None, 0
    while True:
        page = core.list_namespaced_config_map(NS, limit=2, _continue=cont) if cont else core.list_namespaced_config_map(NS, limit=2)
        names += [c.metadata.name for c in page.items]
        if pages == 0:
            assert page.metadata.remaining_item_count == 4, page.metadata
        pages += 1
        cont = page.metadata._continue
        if not cont:
            break
    assert pages == 3 and sorted(names) == ["cm1", "cm2", "cm3", "cm4", "cm5", "kube-root-ca.crt"], names


@op("watch.Watch().stream (ADDED, MODIFIED, DELETED)")
def _():
    rv = core.list_namespaced_config_map(NS).metadata.resource_version
    core.create_namespaced_config_map(NS, {"metadata": {"name": "watched", "labels": {"w": "1"}}})
    core.patch_namespaced_config_map("watched", NS, {"data": {"x": "y"}})
    core.delete_namespaced_config_map("watched", NS)
    seen = []
    w = watch.Watch()
    for ev in w.stream(core.list_namespaced_config_map, NS, label_selector="w=1", resource_version=rv, timeout_seconds=10):
        seen.append(f"{ev['type']} {ev['object'].metadata.name}")
        if len(seen) == 3:
            w.stop()
    assert seen == ["ADDED watched", "MODIFIED watched", "DELETED watched"], seen


@op("delete_namespaced_config_map, then read is 404 NotFound")
def _():
    core.delete_namespaced_config_map("cm5", NS)
    assert status_of(lambda: core.read_namespaced_config_map("cm5", NS), 404)["reason"] == "NotFound"


@op("delete_collection_namespaced_config_map with a label selector")
def _():
    core.delete_collection_namespaced_config_map(NS, label_selector="app=py")
    assert core.list_namespaced_config_map(NS, label_selector="app=py").items == []


@op("create_namespaced_secret (string_data)")
def _():
    s = core.create_namespaced_secret(NS, {"metadata": {"name": "s1", "labels": {"app": "py"}}, "stringData": {"password": "hunter2"}})
    assert s.type == "Opaque" and s.data == {"password": "aHVudGVyMg=="}, s.data


@op("read_namespaced_secret and list_namespaced_secret")
def _():
    assert core.read_namespaced_secret("s1", NS).data["password"] == "aHVudGVyMg=="
    assert [s.metadata.name for s in core.list_namespaced_secret(NS, label_selector="app=py").items] == ["s1"]


@op("delete_namespaced_secret")
def _():
    core.delete_namespaced_secret("s1", NS)
    status_of(lambda: core.read_namespaced_secret("s1", NS), 404)


@op("create_namespaced_pod; the built-in node runs it")
def _():
    core.create_namespaced_pod(NS, {"metadata": {"name": "p1", "labels": {"app": "py"}}, "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}, {"name": "d", "image": "busybox:1.36"}]}})
    until(lambda: core.read_namespaced_pod("p1", NS).status.phase == "Running")
    assert core.read_namespaced_pod("p1", NS).spec.node_name == "node-1"


@op("patch_namespaced_pod (strategic merge: containers by name)")
def _():
    pod = core.patch_namespaced_pod("p1", NS, {"spec": {"containers": [{"name": "c", "image": "nginx:1.28"}]}})
    assert [c.image for c in pod.spec.containers] == ["nginx:1.28", "busybox:1.36"]


@op("list_pod_for_all_namespaces with a label selector")
def _():
    pods = core.list_pod_for_all_namespaces(label_selector="app=py").items
    assert [f"{p.metadata.namespace}/{p.metadata.name}" for p in pods] == [f"{NS}/p1"]


@op("read_namespaced_pod_log -> honest 400")
def _():
    st = status_of(lambda: core.read_namespaced_pod_log("p1", NS, container="c"), 400)
    assert "logs are not available for pod p1" in st["message"] and "run no containers" in st["message"], st


@op("create_self_subject_access_review (allowed)")
def _():
    r = authz.create_self_subject_access_review({"spec": {"resourceAttributes": {"namespace": NS, "verb": "create", "resource": "pods"}}})
    assert r.status.allowed is True


@op("create_namespaced_service_account_token; its user is denied secrets")
def _():
    core.create_namespaced_service_account(NS, {"metadata": {"name": "app"}})
    token = core.create_namespaced_service_account_token("app", NS, {"spec": {"audiences": [], "expirationSeconds": 600}}).status.token
    cfg = client.Configuration.get_default_copy()
    cfg.api_key = {"authorization": "Bearer " + token}
    api = client.ApiClient(cfg)
    r = client.AuthorizationV1Api(api).create_self_subject_access_review({"spec": {"resourceAttributes": {"namespace": NS, "verb": "list", "resource": "secrets"}}})
    assert r.status.allowed is False
    assert status_of(lambda: client.CoreV1Api(api).list_namespaced_secret(NS), 403)["reason"] == "Forbidden"


@op("delete_namespace")
def _():
    core.delete_namespace(NS)
    until(lambda: NS not in [n.metadata.name for n in core.list_namespace().items], 20)


for name, f in OPS:
    try:
        f()
        print(json.dumps({"name": name, "ok": True}), flush=True)
    except Exception as e:  # noqa: BLE001 - every failure is reported, the run goes on
        detail = e.body if isinstance(e, ApiException) else "".join(traceback.format_exception_only(type(e), e)).strip()
        print(json.dumps({"name": name, "ok": False, "error": f"{type(e).__name__}: {detail}"}), flush=True)
