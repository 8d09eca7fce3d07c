#!/usr/bin/env bash
# Builds the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3, package cmd/pulumi) from Go modules, plus a
# Node.js language host (scripts/pulumi-cli/pulumi-language-nodejs) and the `pulumi-analyzer-policy`
# shim, into ${XDG_CACHE_HOME:-$HOME/.cache}/outcomeguard/pulumi-<version>/.
#
# Usage: scripts/pulumi-cli/build.sh            # version = node_modules/@pulumi/pulumi version
#        PULUMI_VERSION=3.259.0 scripts/pulumi-cli/build.sh
#
# Idempotent: when the cached binaries exist and answer --version, nothing is built.
# Progress goes to stderr; on success the last line on stdout is the cache directory.
# FORCE_REBUILD=1 rebuilds even when the cache is complete.
set -euo pipefail

die() {
  echo "pulumi-cli/build.sh: error: $*" >&2
  exit 1
}
log() { echo "pulumi-cli/build.sh: $*" >&2; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
LANGHOST_SRC="$SCRIPT_DIR/pulumi-language-nodejs/main.go"
[[ -f "$LANGHOST_SRC" ]] || die "missing $LANGHOST_SRC"

command -v node >/dev/null 2>&1 || die "node is not on PATH"

# --- version -----------------------------------------------------------------------------------------
VERSION="${PULUMI_VERSION:-}"
if [[ -z "$VERSION" ]]; then
  VERSION=$(cd "$REPO_ROOT" && node -p "require('@pulumi/pulumi/package.json').version" 2>/dev/null) ||
    die "cannot read the @pulumi/pulumi version from $REPO_ROOT/node_modules (run npm ci first, or set PULUMI_VERSION)"
fi
VERSION="${VERSION#v}"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || die "not a semantic version: '$VERSION'"

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/outcomeguard"
OUT="$CACHE_ROOT/pulumi-$VERSION"
mkdir -p "$CACHE_ROOT" || die "cannot create $CACHE_ROOT"

# The language host's source is part of this repo: rebuild it when it changes.
LANGHOST_SUM=$(sha256sum "$LANGHOST_SRC" | cut -d' ' -f1)

# --- pulumi-analyzer-policy shim ---------------------------------------------------------------------
# Same contract as the shim @pulumi/pulumi ships for the official CLI: run with cwd = the policy pack
# directory and arguments `<engineAddress> .`, resolve @pulumi/pulumi from there, and print Node's
# "Cannot find module" message when it is missing (the engine turns that into "try running npm
# install"). Pulumi v3.248 only uses it when no `pulumi-language-nodejs` is found (it then calls the
# language host's RunPlugin instead), and it looks it up as `pulumi-analyzer-policy-<runtime>`, so
# the shim is installed under both names.
write_shim() {
  local dest="$1/pulumi-analyzer-policy"
  cat >"$dest.tmp" <<'SHIM'
#!/bin/sh
# pulumi-analyzer-policy: starts a Node.js policy pack for the Pulumi engine (cwd = pack directory).
script=$(node -e "try { console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack')) } catch (e) { console.error(e.message); process.exit(1) }") || exit 1
exec node "$script" "$@"
SHIM
  chmod 0755 "$dest.tmp"
  mv -f "$dest.tmp" "$dest"
  ln -sfn pulumi-analyzer-policy "$1/pulumi-analyzer-policy-nodejs"
}

cache_complete() {
  [[ -x "$OUT/pulumi" && -x "$OUT/pulumi-language-nodejs" ]] || return 1
  [[ "$(cat "$OUT/.langhost.sha256" 2>/dev/null)" == "$LANGHOST_SUM" ]] || return 1
  "$OUT/pulumi" version >/dev/null 2>&1 || return 1
  "$OUT/pulumi-language-nodejs" -version >/dev/null 2>&1 || return 1
}

finish() {
  write_shim "$OUT"
  echo "$OUT"
  exit 0
}

if [[ -z "${FORCE_REBUILD:-}" ]] && cache_complete; then
  finish
fi

# Serialise concurrent builds of the same version (several test workers may call this at once).
exec 9>"$OUT.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi
if [[ -z "${FORCE_REBUILD:-}" ]] && cache_complete; then
  finish
fi

# --- Go toolchain ------------------------------------------------------------------------------------
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || die "the Go toolchain is not installed (need Go >= 1.25 on PATH)"

# pkg/v3's go.mod replaces sdk/v3 with ../sdk and so cannot be `go install`ed; we build it from a
# throwaway wrapper module instead. -mod=mod lets the go command complete go.mod/go.sum by itself.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
# The checksum database answers 404 for some pulumi/pulumi versions (seen for pkg/v3@v3.248.0), so
# skip it for this module path only. Third-party modules are still checked against the go.sum that
# pkg/v3 ships (copied below) and, for anything missing there, the checksum database.
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"

PKG="github.com/pulumi/pulumi/pkg/v3"
SDK="github.com/pulumi/pulumi/sdk/v3"

download_json() { # module@version -> JSON on stdout; dies with the go command's error
  local out
  if ! out=$(go mod download -json "$1" 2>&1); then
    local err
    err=$(printf '%s' "$out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).Error||s)}catch{console.log(s)}})')
    die "cannot download $1: $err
  (set PULUMI_VERSION to a version the module proxy serves, e.g. PULUMI_VERSION=3.259.0, or use your own CLI: see scripts/pulumi-cli/README.md)"
  fi
  printf '%s' "$out"
}
json_field() { # field name; JSON on stdin
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];if(!v)process.exit(1);console.log(v)})' "$1"
}

START=$(date +%s)
log "building Pulumi CLI v$VERSION and pulumi-language-nodejs into $OUT (cold: ~1.3 GB of Go modules, ~10 CPU-minutes, 6-7 min on 2 idle cores)"

PKG_JSON=$(download_json "$PKG@v$VERSION")
PKG_GOMOD=$(printf '%s' "$PKG_JSON" | json_field GoMod) || die "no go.mod for $PKG@v$VERSION"
PKG_DIR=$(printf '%s' "$PKG_JSON" | json_field Dir) || die "no source dir for $PKG@v$VERSION"
download_json "$SDK@v$VERSION" >/dev/null

WORK=$(mktemp -d "$CACHE_ROOT/build-$VERSION.XXXXXX")
cleanup() { chmod -R u+w "$WORK" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

GO_DIRECTIVE=$(awk '$1 == "go" { print $2; exit }' "$PKG_GOMOD")
# Repeat pkg/v3's replace directives, except those pointing at local directories (../sdk).
REPLACES=$(awk '
  function emit(line) { split(line, p, "=>"); rhs = p[2]; gsub(/^[ \t]+/, "", rhs);
                        if (rhs !~ /^(\.|\/)/) print "replace " line }
  inblock && $1 == ")" { inblock = 0; next }
  inblock && NF > 0 && $1 !~ /^\/\// { emit($0); next }
  $1 == "replace" && $2 == "(" { inblock = 1; next }
  $1 == "replace" { sub(/^replace[ \t]+/, ""); emit($0) }
' "$PKG_GOMOD")

{
  echo "// Generated by scripts/pulumi-cli/build.sh; throwaway."
  echo "module outcomeguard.invalid/pulumi-cli-build"
  echo
  echo "go ${GO_DIRECTIVE:-1.25}"
  echo
  echo "require ("
  echo "	$PKG v$VERSION"
  echo "	$SDK v$VERSION"
  echo ")"
  echo
  printf '%s\n' "$REPLACES"
} >"$WORK/go.mod"
cp "$PKG_DIR/go.sum" "$WORK/go.sum"
chmod u+w "$WORK/go.sum"
mkdir -p "$WORK/pulumi-language-nodejs"
cp "$LANGHOST_SRC" "$WORK/pulumi-language-nodejs/main.go"

log "wrapper go.mod:"
sed 's/^/    /' "$WORK/go.mod" >&2

mkdir -p "$WORK/bin"
LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"
(
  cd "$WORK"
  go build -trimpath -buildvcs=false -ldflags "$LDFLAGS" -o "$WORK/bin/" \
    "$PKG/cmd/pulumi" ./pulumi-language-nodejs
) || die "go build failed (see above)"

"$WORK/bin/pulumi" version >/dev/null || die "the built pulumi binary does not run"
"$WORK/bin/pulumi-language-nodejs" -version >/dev/null || die "the built pulumi-language-nodejs does not run"

mkdir -p "$OUT"
mv -f "$WORK/bin/pulumi" "$OUT/pulumi"
mv -f "$WORK/bin/pulumi-language-nodejs" "$OUT/pulumi-language-nodejs"
echo "$LANGHOST_SUM" >"$OUT/.langhost.sha256"
log "built in $(($(date +%s) - START)) s: $("$OUT/pulumi" version)"
finish
