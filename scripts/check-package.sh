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

echo "-- cargo package (builds each crate from its tarball)"
cargo package --allow-dirty -q -p api-error-codes-macros -p api-error-codes

echo "-- doc tests from the tarball (the README's examples included)"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for crate in api-error-codes api-error-codes-macros; do
    tar -xzf "target/package/$crate-0.1.0.crate" -C "$scratch"
done
# Outside this workspace, and with the unpublished macro crate taken from
# its own tarball.
(cd "$scratch/api-error-codes-0.1.0" &&
    CARGO_TARGET_DIR="$PWD/../target" cargo test -q --doc --all-features \
        --config 'patch.crates-io.api-error-codes-macros.path="../api-error-codes-macros-0.1.0"' 2>&1 |
    grep -E '^(test result|error)' )
grep -q 'struct ReadmeDoctests' "$scratch/api-error-codes-0.1.0/src/lib.rs"
echo "package check passed"
