#!/usr/bin/env bash
# Builds the real-cluster binaries that connect mode's tests run against, from upstream sources fetched
# through the Go module proxy: kube-apiserver and kube-controller-manager (k8s.io/kubernetes), and kine
# (an etcd-compatible store on SQLite, github.com/k3s-io/kine). No kubelet or container runtime: pods
# stay Pending, which is all the tests need.
#
#   build.sh           build what is missing into the cache (a cold build takes ~20 min on 2 cores)
#   build.sh --check   exit 0 when every binary is in the cache, 1 otherwise (prints the folder)
#
# Cache: ${GATEHOUSE_CLUSTER_CACHE:-~/.cache/gatehouse/cluster}/v$K8S_VERSION/{kube-apiserver,kube-controller-manager,kine}
set -euo pipefail

K8S_VERSION=1.37.2
KINE_VERSION=0.17.5
CACHE_ROOT="${GATEHOUSE_CLUSTER_CACHE:-$HOME/.cache/gatehouse/cluster}"
OUT="$CACHE_ROOT/v$K8S_VERSION"
BINARIES=(kube-apiserver kube-controller-manager kine)

have_all() {
  for b in "${BINARIES[@]}"; do [ -x "$OUT/$b" ] || return 1; done
}

if [ "${1:-}" = "--check" ]; then
  if have_all; then echo "$OUT"; exit 0; fi
  echo "missing: real-cluster binaries in $OUT (run src/server/connect/cluster/build.sh)" >&2
  exit 1
fi

if have_all; then
  echo "real-cluster binaries: cached in $OUT"
  exit 0
fi

command -v go >/dev/null || { echo "build.sh: Go 1.26 or later is required on the PATH" >&2; exit 1; }
mkdir -p "$OUT"
WORK="$CACHE_ROOT/build"
mkdir -p "$WORK/k8s" "$WORK/kine"
export GOFLAGS=-mod=mod
export GOTOOLCHAIN=local
start=$(date +%s)
log() { echo "[build.sh $(( $(date +%s) - start ))s] $*"; }

# kube-apiserver + kube-controller-manager: k8s.io/kubernetes replaces its staging modules with
# ./staging paths, which a module consumer does not get, so pin each to its published v0 version.
if [ ! -x "$OUT/kube-apiserver" ] || [ ! -x "$OUT/kube-controller-manager" ]; then
  cd "$WORK/k8s"
  STAGING=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
    cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api
    cri-client cri-streaming csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms
    kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics mount-utils
    pod-security-admission sample-apiserver sample-cli-plugin sample-controller streaming)
  {
    echo "module gatehouse.dev/cluster-build"
    echo
    echo "go 1.26.0"
    echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    echo "replace ("
    for m in "${STAGING[@]}"; do echo "	k8s.io/$m => k8s.io/$m v0.${K8S_VERSION#1.}"; done
    echo ")"
  } > go.mod
  cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
GO
  log "resolving k8s.io/kubernetes v$K8S_VERSION modules"
  go mod tidy -e >/dev/null 2>&1 || true
  go get "k8s.io/kubernetes@v$K8S_VERSION" >/dev/null
  for b in kube-apiserver kube-controller-manager; do
    if [ ! -x "$OUT/$b" ]; then
      log "building $b"
      CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2)" -o "$OUT/$b.tmp" "k8s.io/kubernetes/cmd/$b"
      mv "$OUT/$b.tmp" "$OUT/$b"
      log "built $b"
    fi
  done
fi

# kine with SQLite (cgo).
if [ ! -x "$OUT/kine" ]; then
  cd "$WORK/kine"
  printf 'module gatehouse.dev/kine-build\n\ngo 1.26.5\n\nrequire github.com/k3s-io/kine v%s\n' "$KINE_VERSION" > go.mod
  cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/k3s-io/kine"
GO
  log "resolving kine v$KINE_VERSION"
  go get "github.com/k3s-io/kine@v$KINE_VERSION" >/dev/null
  log "building kine"
  CGO_ENABLED=1 go build -trimpath -ldflags "-s -w" -o "$OUT/kine.tmp" github.com/k3s-io/kine
  mv "$OUT/kine.tmp" "$OUT/kine"
  log "built kine"
fi
log "real-cluster binaries in $OUT"
