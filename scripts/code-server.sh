#!/usr/bin/env bash
# Installs (once) code-server, the real VS Code workbench served to a browser, for end-to-end tests
# and the demo. Cached outside the clone, keyed by version. Prints the code-server binary's path.
# Needs nothing from the user's npm configuration (~/.npmrc): see the nodedir step below.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
RIPGREP_CACHE_VERSION="1.15.11"
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}"
dir="$cache/code-server-$CODE_SERVER_VERSION"
bin="$dir/node_modules/.bin/code-server"
mkdir -p "$cache"
# One installer at a time (tests and the demo may start together); the others wait, then reuse it.
exec 9>"$dir.lock"
flock 9
if [ ! -x "$bin" ] || [ ! -f "$dir/.complete" ]; then
  bash "$here/system-packages.sh" >&2
  # code-server's argon2 builds from source when no prebuilt binary fits, and node-gyp then downloads
  # Node's headers (no network for that here) unless npm's nodedir names local ones.
  if [ -z "${npm_config_nodedir:-}" ]; then
    nodedir="$(bash "$here/node-headers.sh")"
    if [ -n "$nodedir" ]; then
      export npm_config_nodedir="$nodedir"
    else
      echo "code-server.sh: no headers of Node $(node --version) here; a native build will download them" \
        "(README: Quick start)" >&2
    fi
  fi
  # @vscode/ripgrep's install step downloads ripgrep from GitHub (unreachable here); it looks in
  # <tmpdir>/vscode-ripgrep-cache-<version> first, so seed that with Debian's rg. The install gets a
  # temp folder of its own: another install on the machine (another HOME) cannot touch its cache.
  export TMPDIR="$dir.tmp"
  rm -rf "$TMPDIR" "$dir"
  rgcache="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_CACHE_VERSION"
  mkdir -p "$rgcache" "$TMPDIR/rgpack" "$dir"
  cp "$(command -v rg)" "$TMPDIR/rgpack/rg"
  tar -czf "$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rgpack" rg
  (cd "$dir" && echo '{"name":"mlops-lens-code-server","private":true}' > package.json &&
    npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error \
      "code-server@$CODE_SERVER_VERSION" >&2)
  rm -rf "$TMPDIR"
  touch "$dir/.complete"
fi
echo "$bin"
