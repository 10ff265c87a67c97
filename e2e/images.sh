#!/usr/bin/env bash
# Builds (or reuses) the container images the lab names, as docker-archive tars in
# the cache, keyed by input hash. Imported into the run's containerd by node.sh.
#
#   bash e2e/images.sh PROVISIONER_BINARY NGINX_EXPORTER_BINARY [CSI_BIN_DIR...]   # prints NAME=tar lines
#
# - httpd:2.4.62: the official image's recipe (../shared/upstream/docker-library-httpd-2.4.62)
#   on a Debian bookworm rootfs made by mmdebstrap, compiled from the Apache-signed
#   httpd tarball in Debian's apache2 source package (the version Debian has);
# - nginxinc/nginx-unprivileged:1.26.3: its recipe (../shared/upstream/nginx-unprivileged-stable-debian)
#   on a Debian trixie rootfs with Debian's nginx 1.26.3 (nginx.org is not reachable);
# - registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2: upstream's
#   Dockerfile (FROM alpine, ca-certificates, the program at /, its ENTRYPOINT) with
#   the program built by build.sh on Debian's busybox-static and ca-certificates in
#   place of Alpine (printed as a STAND-IN line);
# - nginx/nginx-prometheus-exporter:1.4.0: upstream's build/Dockerfile (FROM scratch,
#   a CA bundle, the program, user 1001) with the program build.sh built and Debian's
#   CA bundle;
# - registry.k8s.io/pause:3.9: a small static C pause (stand-in for the real one);
# - e2e-client:1: busybox-static and e2e/images/client (resolve a name, fetch its page);
# - csi-driver-nfs v4.13.4's images (registry.k8s.io/sig-storage/<program>:<tag>), from
#   the programs build.sh built into CSI_BIN_DIRs (folders named <module>-<tag>-<hash>):
#   nfsplugin on a Debian bookworm rootfs made by mmdebstrap, each sidecar alone in a
#   one-layer image (upstream: distroless/static).
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PROV_BIN="${1:?usage: images.sh PROVISIONER_BINARY NGINX_EXPORTER_BINARY [CSI_BIN_DIR...]}"
EXPORTER_BIN="${2:?usage: images.sh PROVISIONER_BINARY NGINX_EXPORTER_BINARY [CSI_BIN_DIR...]}"
shift 2
CSI_DIRS=("$@")
IMG="$CACHE/images"
mkdir -p "$IMG"
TMPS=()
trap 'rm -rf "${TMPS[@]}"' EXIT
tmpdir() { w="$(mktemp -d)"; TMPS+=("$w"); }
apt_install mmdebstrap busybox-static ca-certificates gcc libc6-dev gpg gpgv dpkg-dev jq

# docker_archive OUT NAME LAYER_TAR CONFIG_JSON: a one-layer image `ctr image import` reads.
docker_archive() {
  local out="$1" name="$2" layer="$3" cfg="$4" d diff
  d="$(mktemp -d)"
  TMPS+=("$d")
  diff="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"
  ln "$layer" "$d/layer.tar" 2>/dev/null || cp "$layer" "$d/layer.tar"
  jq -n --argjson c "$cfg" --arg diff "$diff" \
    '{architecture: "amd64", os: "linux", config: $c, rootfs: {type: "layers", diff_ids: [$diff]}}' >"$d/config.json"
  jq -n --arg name "$name" '[{Config: "config.json", RepoTags: [$name], Layers: ["layer.tar"]}]' >"$d/manifest.json"
  tar -C "$d" -cf "$out.tmp" manifest.json config.json layer.tar
  mv "$out.tmp" "$out"
  rm -rf "$d"
}

# debian_sources SUITE: the apt sources of a Debian release (its suite, updates and
# security), on the mirrors the machine's own apt configuration names.
debian_sources() {
  local main security k=/usr/share/keyrings/debian-archive-keyring.gpg
  main="$(debian_mirror)" && security="$(debian_mirror security)" || return 1
  printf 'deb [signed-by=%s] %s %s main\n' "$k" "$main" "$1" "$k" "$main" "$1-updates" "$k" "$security" "$1-security"
}

# ---- httpd ------------------------------------------------------------------
httpd_image() {
  local key out w ver
  key="$(hash_of <(declare -f httpd_image docker_archive) "$E2E_DIR/images/httpd-build.sh" \
    "$UPSTREAM/docker-library-httpd-2.4.62/Dockerfile" "$UPSTREAM/docker-library-httpd-2.4.62/httpd-foreground")"
  out="$IMG/httpd-$key.tar"
  if [ ! -f "$out" ]; then
    log "building httpd:2.4.62 (cold: about 5 min) into $out"
    tmpdir
    # Debian's apache2 source, through a private apt configuration (the host's is untouched).
    mkdir -p "$w/apt/lists/partial" "$w/apt/cache/archives/partial" "$w/src"
    # The bookworm suite itself (the security archive keeps no older sources).
    echo "deb-src $(debian_mirror) bookworm main" >"$w/apt/sources.list"
    local aptc=(-o "Dir::Etc::SourceList=$w/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$w/apt/lists" -o "Dir::Cache=$w/apt/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
    apt-get "${aptc[@]}" -qq update >&2
    (cd "$w/src" && apt-get "${aptc[@]}" -qq source --download-only apache2 >&2)
    local orig asc
    orig="$(ls "$w"/src/apache2_*.orig.tar.gz)"
    asc="$orig.asc"
    ver="$(basename "$orig" | sed 's/^apache2_\(.*\)\.orig\.tar\.gz$/\1/')"
    # The tarball's Apache signature, checked against the keys Debian ships with the source.
    mkdir -p "$w/deb"
    tar -C "$w/deb" -xf "$(ls "$w"/src/apache2_*.debian.tar.*)" debian/upstream/signing-key.asc
    gpg --batch --quiet --homedir "$w/gpg" --dearmor -o "$w/keys.gpg" "$w/deb/debian/upstream/signing-key.asc" 2>/dev/null ||
      { mkdir -p "$w/gpg" && chmod 700 "$w/gpg" && gpg --batch --quiet --homedir "$w/gpg" --dearmor -o "$w/keys.gpg" "$w/deb/debian/upstream/signing-key.asc"; }
    gpgv --keyring "$w/keys.gpg" "$asc" "$orig" >&2
    log "httpd $ver source verified against Apache's signing keys"
    cp "$orig" "$w/httpd.tar.gz"
    local build_deps="bzip2 dpkg-dev gcc libapr1-dev libaprutil1-dev libbrotli-dev libcurl4-openssl-dev libjansson-dev liblua5.2-dev libnghttp2-dev libpcre3-dev libssl-dev libxml2-dev make patch zlib1g-dev"
    # bookworm-slim: minbase without documentation.
    mmdebstrap --variant=minbase --quiet \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
      --include=ca-certificates,libaprutil1-ldap,libldap-common \
      --customize-hook='chroot "$1" sh -c "apt-mark showmanual > /tmp/saved-apt-mark"' \
      --customize-hook="chroot \"\$1\" apt-get install -y -qq --no-install-recommends $build_deps >/dev/null" \
      --customize-hook="copy-in $w/httpd.tar.gz $E2E_DIR/images/httpd-build.sh /tmp/" \
      --customize-hook='chroot "$1" sh /tmp/httpd-build.sh' \
      --customize-hook="copy-in $UPSTREAM/docker-library-httpd-2.4.62/httpd-foreground /usr/local/bin/" \
      --customize-hook='chmod 0755 "$1/usr/local/bin/httpd-foreground"; rm -f "$1/tmp/httpd-build.sh"' \
      bookworm "$w/rootfs.tar" - < <(debian_sources bookworm) >&2
    docker_archive "$out" httpd:2.4.62 "$w/rootfs.tar" "$(jq -n '{
      Env: ["PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HTTPD_PREFIX=/usr/local/apache2"],
      Cmd: ["httpd-foreground"], WorkingDir: "/usr/local/apache2", StopSignal: "SIGWINCH", ExposedPorts: {"80/tcp": {}}}')"
    echo "$ver" >"$out.version"
    rm -rf "$w"
  fi
  echo "HTTPD_IMAGE=$out"
  echo "HTTPD_VERSION=$(cat "$out.version")"
}

# ---- nginx-unprivileged -------------------------------------------------------
# nginxinc/nginx-unprivileged:1.26.3: its recipe (../shared/upstream/nginx-unprivileged-stable-debian)
# on a Debian trixie rootfs with Debian's own nginx package (nginx.org's repository is
# not reachable; trixie's nginx is the same upstream version as the tag).
NGINX_UP="$UPSTREAM/nginx-unprivileged-stable-debian"
NGINX_SCRIPTS=(10-listen-on-ipv6-by-default.sh 15-local-resolvers.envsh 20-envsubst-on-templates.sh 30-tune-worker-processes.sh)
nginx_image() {
  local key out w ver s
  key="$(hash_of <(declare -f nginx_image docker_archive) "$E2E_DIR/images/nginx-unprivileged-build.sh" \
    "$NGINX_UP/Dockerfile" "$NGINX_UP/docker-entrypoint.sh" "${NGINX_SCRIPTS[@]/#/$NGINX_UP/}")"
  out="$IMG/nginx-unprivileged-$key.tar"
  if [ ! -f "$out" ]; then
    log "building nginxinc/nginx-unprivileged:1.26.3 (cold: about 2 min) into $out"
    tmpdir
    local hooks=()
    for s in "${NGINX_SCRIPTS[@]}"; do hooks+=(--customize-hook="copy-in $NGINX_UP/$s /docker-entrypoint.d/"); done
    # trixie-slim: minbase without documentation; the recipe's packages (nginx, gettext-base
    # for the envsubst script, curl), the edits, the entrypoint and its scripts.
    mmdebstrap --variant=minbase --quiet \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
      --include=nginx,gettext-base,curl,ca-certificates \
      --customize-hook="copy-in $E2E_DIR/images/nginx-unprivileged-build.sh /tmp/" \
      --customize-hook='chroot "$1" sh /tmp/nginx-unprivileged-build.sh >&2; rm -f "$1/tmp/nginx-unprivileged-build.sh"' \
      --customize-hook="copy-in $NGINX_UP/docker-entrypoint.sh /" \
      "${hooks[@]}" \
      --customize-hook='chmod 0755 "$1/docker-entrypoint.sh" "$1"/docker-entrypoint.d/*' \
      --customize-hook='chroot "$1" dpkg-query -W -f="\${Version}" nginx >"$1/tmp/nginx.version"' \
      --customize-hook="copy-out /tmp/nginx.version $w" \
      --customize-hook='rm -f "$1/tmp/nginx.version"' \
      trixie "$w/rootfs.tar" - < <(debian_sources trixie) >&2
    ver="$(cat "$w/nginx.version")"
    # The tag names the upstream version: refuse another one.
    [ "${ver%%-*}" = 1.26.3 ] || { log "trixie's nginx is $ver, not 1.26.3: nginxinc/nginx-unprivileged:1.26.3 cannot stand in for it"; return 1; }
    docker_archive "$out" nginxinc/nginx-unprivileged:1.26.3 "$w/rootfs.tar" "$(jq -n '{
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION=1.26.3"],
      Entrypoint: ["/docker-entrypoint.sh"], Cmd: ["nginx", "-g", "daemon off;"], User: "101",
      StopSignal: "SIGQUIT", ExposedPorts: {"8080/tcp": {}}}')"
    echo "$ver" >"$out.version"
    rm -rf "$w"
  fi
  echo "NGINX_IMAGE=$out"
  echo "NGINX_VERSION=$(cat "$out.version")"
}

# ---- provisioner --------------------------------------------------------------
# Upstream's Dockerfile: FROM alpine, `apk add ca-certificates`, the program at
# /nfs-subdir-external-provisioner as the ENTRYPOINT. Alpine's packages are not
# reachable here: its base is Debian's busybox-static (the shell and tools an
# Alpine base has, with applets in /bin) and Debian's CA bundle at the path
# Alpine's has.
provisioner_image() {
  local out w a certs=/etc/ssl/certs/ca-certificates.crt
  out="$IMG/nfs-subdir-external-provisioner-$(hash_of <(declare -f provisioner_image docker_archive) "$PROV_BIN" /bin/busybox "$certs").tar"
  if [ ! -f "$out" ]; then
    tmpdir
    mkdir -p "$w/root/bin" "$w/root/etc/ssl/certs" "$w/root/tmp" "$w/root/persistentvolumes"
    chmod 1777 "$w/root/tmp"
    cp /bin/busybox "$w/root/bin/busybox"
    for a in $("$w/root/bin/busybox" --list); do [ -e "$w/root/bin/$a" ] || ln -s busybox "$w/root/bin/$a"; done
    cp "$certs" "$w/root/etc/ssl/certs/ca-certificates.crt"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' >"$w/root/etc/passwd"
    printf 'root:x:0:root\nnobody:x:65534:\n' >"$w/root/etc/group"
    install -m 0755 "$PROV_BIN" "$w/root/nfs-subdir-external-provisioner"
    tar --numeric-owner -C "$w/root" -cf "$w/layer.tar" .
    docker_archive "$out" registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2 "$w/layer.tar" "$(jq -n '{
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      Entrypoint: ["/nfs-subdir-external-provisioner"],
      Labels: {maintainers: "Kubernetes Authors", description: "NFS subdir external provisioner"}}')"
    rm -rf "$w"
  fi
  standin "nfs-subdir-external-provisioner:v4.0.2 is upstream's Dockerfile (FROM alpine, ca-certificates, the program) on Debian's busybox-static and CA bundle: Alpine's packages are not reachable"
  echo "PROVISIONER_IMAGE=$out"
}

# ---- nginx-prometheus-exporter -------------------------------------------------
# Upstream's build/Dockerfile: FROM scratch, Alpine's CA bundle, the program in
# /usr/bin, user 1001:1001. Here Debian's CA bundle, at the same path.
exporter_image() {
  local out w certs=/etc/ssl/certs/ca-certificates.crt
  out="$IMG/nginx-prometheus-exporter-$(hash_of <(declare -f exporter_image docker_archive) "$EXPORTER_BIN" "$certs").tar"
  if [ ! -f "$out" ]; then
    tmpdir
    mkdir -p "$w/root/usr/bin" "$w/root/etc/ssl/certs"
    cp "$certs" "$w/root/etc/ssl/certs/ca-certificates.crt"
    install -m 0755 "$EXPORTER_BIN" "$w/root/usr/bin/nginx-prometheus-exporter"
    tar --numeric-owner -C "$w/root" -cf "$w/layer.tar" .
    docker_archive "$out" nginx/nginx-prometheus-exporter:1.4.0 "$w/layer.tar" \
      '{"User": "1001:1001", "Entrypoint": ["/usr/bin/nginx-prometheus-exporter"]}'
    rm -rf "$w"
  fi
  echo "EXPORTER_IMAGE=$out"
}

# ---- pause ------------------------------------------------------------------
pause_image() {
  local out w
  out="$IMG/pause-$(hash_of <(declare -f pause_image docker_archive) "$E2E_DIR/images/pause.c").tar"
  if [ ! -f "$out" ]; then
    tmpdir
    mkdir -p "$w/root"
    gcc -Os -static -o "$w/root/pause" "$E2E_DIR/images/pause.c"
    tar --numeric-owner -C "$w/root" -cf "$w/layer.tar" .
    docker_archive "$out" registry.k8s.io/pause:3.9 "$w/layer.tar" '{"Entrypoint": ["/pause"], "User": "65535:65535"}'
    rm -rf "$w"
  fi
  echo "PAUSE_IMAGE=$out"
}

# ---- client -----------------------------------------------------------------
client_image() {
  local out w a
  out="$IMG/client-$(hash_of <(declare -f client_image docker_archive) /bin/busybox "$E2E_DIR/images/client/main.go").tar"
  if [ ! -f "$out" ]; then
    tmpdir
    mkdir -p "$w/root/bin" "$w/root/tmp" "$w/root/etc"
    cp /bin/busybox "$w/root/bin/busybox"
    (cd "$E2E_DIR/images/client" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags "-s -w" -o "$w/root/bin/e2e-get" main.go)
    for a in $("$w/root/bin/busybox" --list); do [ -e "$w/root/bin/$a" ] || ln -s busybox "$w/root/bin/$a"; done
    echo 'root:x:0:0:root:/:/bin/sh' >"$w/root/etc/passwd"
    tar --numeric-owner -C "$w/root" -cf "$w/layer.tar" .
    docker_archive "$out" e2e-client:1 "$w/layer.tar" '{"Env": ["PATH=/bin"], "Cmd": ["sh"]}'
    rm -rf "$w"
  fi
  echo "CLIENT_IMAGE=$out"
}

# ---- csi-driver-nfs and its sidecars ------------------------------------------
# One image per program, named as csi-driver-nfs v4.13.4's manifests name it; the
# tag is the one its module folder ends with (build.sh's CSI_MODULES).
csi_tag() { local m="${1%-*}"; echo "${m##*-}"; } # <module>-<tag>-<hash> -> <tag>
# nfsplugin: upstream's Dockerfile puts it on debian-base:bookworm with ca-certificates,
# mount, nfs-common and netbase; here bookworm minbase with the same packages but
# nfs-common (the kernel has no NFS client: the e2e app mounts e2e/nfs.sh's mount.nfs
# stand-in into the plugin's containers). tar, which the driver's snapshots can use,
# is part of minbase.
nfsplugin_image() {
  local bin="$1" tag="$2" key out w
  key="$(hash_of <(declare -f nfsplugin_image docker_archive) "$bin")"
  out="$IMG/nfsplugin-$tag-$key.tar"
  if [ ! -f "$out" ]; then
    log "building registry.k8s.io/sig-storage/nfsplugin:$tag (cold: about 1 min) into $out"
    tmpdir
    mmdebstrap --variant=minbase --quiet \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
      --include=ca-certificates,mount,netbase \
      --customize-hook="copy-in $bin /" \
      --customize-hook='chmod 0755 "$1/nfsplugin"' \
      --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
      bookworm "$w/rootfs.tar" - < <(debian_sources bookworm) >&2
    docker_archive "$out" "registry.k8s.io/sig-storage/nfsplugin:$tag" "$w/rootfs.tar" \
      '{"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Entrypoint": ["/nfsplugin"]}'
    rm -rf "$w"
  fi
  echo "$out"
}
# A sidecar: its one static binary as /<program>, the image's entrypoint.
sidecar_image() {
  local bin="$1" tag="$2" name out w
  name="$(basename "$bin")"
  out="$IMG/$name-$tag-$(hash_of <(declare -f sidecar_image docker_archive) "$bin").tar"
  if [ ! -f "$out" ]; then
    tmpdir
    mkdir -p "$w/root/tmp"
    chmod 1777 "$w/root/tmp"
    install -m 0755 "$bin" "$w/root/$name"
    tar --numeric-owner -C "$w/root" -cf "$w/layer.tar" .
    docker_archive "$out" "registry.k8s.io/sig-storage/$name:$tag" "$w/layer.tar" "$(jq -n --arg e "/$name" '{Entrypoint: [$e]}')"
    rm -rf "$w"
  fi
  echo "$out"
}
csi_images() {
  local d tag bin tars=()
  for d in "${CSI_DIRS[@]}"; do
    tag="$(csi_tag "$(basename "$d")")"
    for bin in "$d"/*; do
      [ -f "$bin" ] && [ -x "$bin" ] || continue
      if [ "$(basename "$bin")" = nfsplugin ]; then tars+=("$(nfsplugin_image "$bin" "$tag")")
      else tars+=("$(sidecar_image "$bin" "$tag")"); fi
    done
  done
  echo "CSI_IMAGES=\"${tars[*]}\""
}

httpd_image
nginx_image
provisioner_image
exporter_image
pause_image
client_image
[ "${#CSI_DIRS[@]}" -eq 0 ] || csi_images
