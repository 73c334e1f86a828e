#!/usr/bin/env bash
# Prints the folder to use as npm's `nodedir` (the one holding include/node/) when the running Node's
# own headers are on this machine, or nothing. A native module that builds from source (code-server's
# argon2 when no prebuilt binary fits) otherwise has node-gyp download the headers from nodejs.org.
# The headers come with NodeSource's `nodejs` package (/usr), Debian's `libnode-dev`, the official
# tarballs and nvm (<prefix>/include/node). Only headers of the very same version are taken.
set -euo pipefail
want=$(node -p 'process.versions.node')
node_bin=$(readlink -f "$(command -v node)")
for prefix in "$(dirname "$(dirname "$node_bin")")" /usr /usr/local; do
  header="$prefix/include/node/node_version.h"
  [ -f "$header" ] || continue
  have=$(awk '/#define NODE_(MAJOR|MINOR|PATCH)_VERSION /{v[$2]=$3}
    END{print v["NODE_MAJOR_VERSION"] "." v["NODE_MINOR_VERSION"] "." v["NODE_PATCH_VERSION"]}' "$header")
  if [ "$have" = "$want" ]; then
    echo "$prefix"
    exit 0
  fi
done
