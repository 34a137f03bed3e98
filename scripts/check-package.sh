#!/usr/bin/env bash
# The published package `api-error-codes` holds the runtime and nothing
# else, and works from its tarball: it builds there (cargo's own
# verification), and its doc tests, the README's examples among them, pass
# there. Run from anywhere: scripts/check-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."

echo "-- files in the package"
files=$(cargo package --list --allow-dirty -p api-error-codes)
echo "$files" | sed 's/^/   /'
unexpected=$(echo "$files" | grep -vE '^(src/.*\.rs|Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|README\.md|\.cargo_vcs_info\.json)$' || true)
if [ -n "$unexpected" ]; then
    echo "!! files that are not the runtime's:" >&2
    echo "$unexpected" >&2
    exit 1
fi
echo "$files" | grep -qx 'README.md' || { echo "!! README.md is not packaged" >&2; exit 1; }

echo "-- cargo package"
# The macro crate has no local dependency, so cargo's own verification
# builds it from its tarball. The runtime's is skipped here and done below
# instead: cargo would verify it against the macro crate through a local
# overlay registry, and it extracts that overlay into CARGO_HOME keyed by
# the checkout's path, name and version, never extracting it again. A CI
# machine that keeps CARGO_HOME and clones to the same path would build
# today's runtime against the macro crate of an earlier run.
cargo package --allow-dirty -q -p api-error-codes-macros
cargo package --allow-dirty -q --no-verify -p api-error-codes-macros -p api-error-codes

echo "-- the runtime from its tarball: builds, and its doc tests (the README's examples included) pass"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for crate in api-error-codes api-error-codes-macros; do
    tar -xzf "target/package/$crate-0.1.0.crate" -C "$scratch"
done
# Outside this workspace, with the unpublished macro crate taken from its
# own tarball by path, so nothing cached elsewhere can stand in for it.
patch='patch.crates-io.api-error-codes-macros.path="../api-error-codes-macros-0.1.0"'
(cd "$scratch/api-error-codes-0.1.0" &&
    export CARGO_TARGET_DIR="$PWD/../target" &&
    cargo build -q --config "$patch" &&
    cargo test -q --doc --all-features --config "$patch" 2>&1 |
    grep -E '^(test result|error)' )
grep -q 'struct ReadmeDoctests' "$scratch/api-error-codes-0.1.0/src/lib.rs"
echo "package check passed"
