#!/usr/bin/env bash
# Builds what the engine tests run: the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3, package
# cmd/pulumi, from Go modules) and the UPSTREAM Node.js language host, from the unmodified source in
# ../shared/third_party/pulumi-language-nodejs/ next to the repository clone, both at one version,
# into ${XDG_CACHE_HOME:-$HOME/.cache}/outcomeguard/pulumi-<version>/.
#
# Usage: scripts/pulumi-cli/build.sh            # version = node_modules/@pulumi/pulumi version
#        PULUMI_VERSION=3.259.0 scripts/pulumi-cli/build.sh
#        OUTCOMEGUARD_LANGHOST_SRC=/path/to/pulumi-language-nodejs scripts/pulumi-cli/build.sh
#
# Idempotent: the CLI is rebuilt only when it is missing or does not answer `version` with the
# version wanted; the language host only when it is missing, does not answer `-version`, or was built
# from other sources (its cache key is a hash of the source files and the version).
# Progress goes to stderr; on success the last line on stdout is the cache directory. Every error
# names the step that failed. FORCE_REBUILD=1 rebuilds both.
set -Eeuo pipefail

STEP="start"
die() {
  echo "pulumi-cli/build.sh: error in step \"$STEP\": $*" >&2
  exit 1
}
log() { echo "pulumi-cli/build.sh: $*" >&2; }
step() { STEP="$1"; }
trap 'die "command failed (exit $?): $BASH_COMMAND"' ERR

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

step "check tools"
command -v node >/dev/null 2>&1 || die "node is not on PATH"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum is not on PATH"

# --- version -----------------------------------------------------------------------------------------
step "read the Pulumi version"
VERSION="${PULUMI_VERSION:-}"
if [[ -z "$VERSION" ]]; then
  VERSION=$(cd "$REPO_ROOT" && node -p "require('@pulumi/pulumi/package.json').version" 2>/dev/null) ||
    die "cannot read the @pulumi/pulumi version from $REPO_ROOT/node_modules (run npm ci first, or set PULUMI_VERSION)"
fi
VERSION="${VERSION#v}"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || die "not a semantic version: '$VERSION'"

# --- language host source ----------------------------------------------------------------------------
step "find the language host source"
HOST_SRC="${OUTCOMEGUARD_LANGHOST_SRC:-$REPO_ROOT/../shared/third_party/pulumi-language-nodejs}"
[[ -f "$HOST_SRC/main.go" && -f "$HOST_SRC/go.mod" ]] ||
  die "no upstream pulumi-language-nodejs source (main.go, go.mod) in $HOST_SRC
  (it is expected in shared/third_party/ next to the repository clone; set OUTCOMEGUARD_LANGHOST_SRC to use another copy)"
HOST_SRC=$(cd "$HOST_SRC" && pwd)
# Same version as the CLI: the host's go.mod pins the SDK it is built against.
HOST_SDK=$(awk '$1 == "github.com/pulumi/pulumi/sdk/v3" { print $2; exit }' "$HOST_SRC/go.mod")
[[ "$HOST_SDK" == "v$VERSION" ]] ||
  die "the language host in $HOST_SRC is built against sdk/v3 ${HOST_SDK:-(none)}, the CLI would be v$VERSION (set PULUMI_VERSION=${HOST_SDK#v}, or use a host source of v$VERSION)"
# Cache key: the version and every source file's name and content.
HOST_KEY=$(
  cd "$HOST_SRC"
  { echo "v$VERSION"; find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; } | sha256sum | cut -d' ' -f1
)

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/outcomeguard"
OUT="$CACHE_ROOT/pulumi-$VERSION"
step "create the cache directory"
mkdir -p "$OUT" || die "cannot create $OUT"

cli_ok() {
  [[ -x "$OUT/pulumi" ]] || return 1
  [[ "$(PULUMI_SKIP_UPDATE_CHECK=true "$OUT/pulumi" version 2>/dev/null)" == "v$VERSION" ]]
}
host_ok() {
  [[ -x "$OUT/pulumi-language-nodejs" ]] || return 1
  [[ "$(cat "$OUT/.langhost.sha256" 2>/dev/null)" == "$HOST_KEY" ]] || return 1
  [[ "$("$OUT/pulumi-language-nodejs" -version 2>/dev/null)" == "v$VERSION" ]]
}
done_if_complete() {
  if [[ -z "${FORCE_REBUILD:-}" ]] && cli_ok && host_ok; then
    echo "$OUT"
    exit 0
  fi
}

done_if_complete
# Serialise concurrent builds of the same version (several test runs may call this at once).
exec 9>"$OUT.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi
done_if_complete

# --- Go toolchain ------------------------------------------------------------------------------------
step "find the Go toolchain"
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || die "the Go toolchain is not installed (need Go >= 1.25 on PATH or in /usr/local/go/bin)"

# The checksum database answers 404 for some pulumi/pulumi versions (seen for pkg/v3@v3.248.0), so
# skip it for this module path only (as the host's README says). Third-party modules are still
# checked against go.sum and, for anything missing there, the checksum database.
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
LDFLAGS_VERSION="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"

WORK=$(mktemp -d "$CACHE_ROOT/build-$VERSION.XXXXXX")
cleanup() {
  chmod -R u+w "$WORK" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
START=$(date +%s)

# --- the CLI -----------------------------------------------------------------------------------------
# pkg/v3's go.mod replaces sdk/v3 with ../sdk and so cannot be `go install`ed; it is built from a
# throwaway wrapper module instead. -mod=mod lets the go command complete go.mod/go.sum by itself.
CLI_GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
PKG="github.com/pulumi/pulumi/pkg/v3"
SDK="github.com/pulumi/pulumi/sdk/v3"

download_json() { # module@version -> JSON on stdout; dies with the go command's error
  local out err
  if ! out=$(GOFLAGS="$CLI_GOFLAGS" go mod download -json "$1" 2>&1); then
    err=$(printf '%s' "$out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).Error||s)}catch{console.log(s)}})')
    die "cannot download $1: $err
  (set PULUMI_VERSION to a version the module proxy serves, or use your own CLI: see scripts/pulumi-cli/README.md)"
  fi
  printf '%s' "$out"
}
json_field() { # field name; JSON on stdin
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];if(!v)process.exit(1);console.log(v)})' "$1"
}

build_cli() {
  step "download the CLI modules"
  log "building the Pulumi CLI v$VERSION into $OUT (cold: ~1.3 GB of Go modules, about 4 min on 2 cores; warm: 10 s to 1.5 min)"
  local pkg_json pkg_gomod pkg_dir go_directive replaces
  # download_json reports its own error: `|| exit 1` keeps the ERR trap from repeating it.
  pkg_json=$(download_json "$PKG@v$VERSION") || exit 1
  pkg_gomod=$(printf '%s' "$pkg_json" | json_field GoMod) || die "no go.mod for $PKG@v$VERSION"
  pkg_dir=$(printf '%s' "$pkg_json" | json_field Dir) || die "no source dir for $PKG@v$VERSION"
  download_json "$SDK@v$VERSION" >/dev/null || exit 1

  step "write the CLI wrapper module"
  go_directive=$(awk '$1 == "go" { print $2; exit }' "$pkg_gomod")
  # Repeat pkg/v3's replace directives, except those pointing at local directories (../sdk).
  replaces=$(awk '
    function emit(line) { split(line, p, "=>"); rhs = p[2]; gsub(/^[ \t]+/, "", rhs);
                          if (rhs !~ /^(\.|\/)/) print "replace " line }
    inblock && $1 == ")" { inblock = 0; next }
    inblock && NF > 0 && $1 !~ /^\/\// { emit($0); next }
    $1 == "replace" && $2 == "(" { inblock = 1; next }
    $1 == "replace" { sub(/^replace[ \t]+/, ""); emit($0) }
  ' "$pkg_gomod")
  mkdir -p "$WORK/cli"
  {
    echo "// Generated by scripts/pulumi-cli/build.sh; throwaway."
    echo "module outcomeguard.invalid/pulumi-cli-build"
    echo
    echo "go ${go_directive:-1.25}"
    echo
    echo "require ("
    echo "	$PKG v$VERSION"
    echo "	$SDK v$VERSION"
    echo ")"
    echo
    printf '%s\n' "$replaces"
  } >"$WORK/cli/go.mod"
  cp "$pkg_dir/go.sum" "$WORK/cli/go.sum"
  chmod u+w "$WORK/cli/go.sum"

  step "build the CLI"
  (cd "$WORK/cli" && GOFLAGS="$CLI_GOFLAGS" go build -trimpath -buildvcs=false \
    -ldflags "-s -w $LDFLAGS_VERSION" -o "$WORK/pulumi" "$PKG/cmd/pulumi") ||
    die "go build of $PKG/cmd/pulumi failed (see above)"
  [[ "$(PULUMI_SKIP_UPDATE_CHECK=true "$WORK/pulumi" version)" == "v$VERSION" ]] ||
    die "the built pulumi binary does not answer 'version' with v$VERSION"
  mv -f "$WORK/pulumi" "$OUT/pulumi"
}

# --- the upstream language host ----------------------------------------------------------------------
build_host() {
  step "copy the language host source"
  log "building the upstream pulumi-language-nodejs v$VERSION from $HOST_SRC"
  mkdir -p "$WORK/host"
  cp -R "$HOST_SRC/." "$WORK/host/" || die "cannot copy $HOST_SRC to $WORK/host"
  chmod -R u+w "$WORK/host"

  step "build the language host"
  # As the source's README says: in the (writable) source directory, GONOSUMDB set above.
  (cd "$WORK/host" && go build -trimpath -ldflags "$LDFLAGS_VERSION" \
    -o "$WORK/pulumi-language-nodejs" .) ||
    die "go build of $HOST_SRC failed (see above)"
  [[ "$("$WORK/pulumi-language-nodejs" -version)" == "v$VERSION" ]] ||
    die "the built pulumi-language-nodejs does not answer '-version' with v$VERSION"
  mv -f "$WORK/pulumi-language-nodejs" "$OUT/pulumi-language-nodejs"
  echo "$HOST_KEY" >"$OUT/.langhost.sha256"
}

if [[ -n "${FORCE_REBUILD:-}" ]] || ! cli_ok; then build_cli; fi
if [[ -n "${FORCE_REBUILD:-}" ]] || ! host_ok; then build_host; fi
# Left by earlier versions of this script (a stand-in host's policy-pack shim); nothing uses them.
rm -f "$OUT/pulumi-analyzer-policy" "$OUT/pulumi-analyzer-policy-nodejs"

step "check the cache"
cli_ok || die "$OUT/pulumi does not answer 'version' with v$VERSION"
host_ok || die "$OUT/pulumi-language-nodejs is not the host built from $HOST_SRC"
log "ready in $(($(date +%s) - START)) s: pulumi $VERSION and the upstream pulumi-language-nodejs in $OUT"
echo "$OUT"
