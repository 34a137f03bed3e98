#!/usr/bin/env bash
# What our derive costs a user's build, against strum's and serde's.
#
#   scripts/build-time.sh [RUNS]      (default 3 runs per measurement)
#
# Creates three throwaway user crates under target/build-time/, each with
# the 77 X Ads codes as one enum:
#   ours   depends on api-error-codes (this checkout), #[derive(ApiErrorCode)]
#   strum  depends on strum,  #[derive(EnumString)]
#   serde  depends on serde,  #[derive(Deserialize)]
# and times, with hyperfine when installed (apt-get install hyperfine), else
# with `date` around each run:
#   cold     `cargo build` with the crate's target directory removed first:
#            every dependency compiled, as on a fresh clone or in CI;
#   rebuild  `cargo build` after touching src/lib.rs: the derive expanded and
#            its output compiled, nothing else;
# and, from one cold `cargo build --timings`, the seconds each proc-macro
# crate took to compile. Dev profile, CARGO_INCREMENTAL=0 (as in CI).
# Dependencies are fetched once, then every build runs --offline. Prints a
# markdown table (the one in BENCHMARKS.md).
set -euo pipefail

runs=${1:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
root="$repo/target/build-time"
export CARGO_INCREMENTAL=0
export CARGO_TERM_COLOR=never

mkdir -p "$root"

# `ACCOUNT_LOCKED_OUT` -> `AccountLockedOut`, from the fixture that states
# the X Ads table once: "status<TAB>code" per line.
variants() {
    grep -v '^#' "$repo/tests/fixtures/x_ads.tsv" | grep -v '^$' |
        awk -F'\t' '{
            n = split(tolower($2), words, "_"); name = ""
            for (i = 1; i <= n; i++) name = name toupper(substr(words[i], 1, 1)) substr(words[i], 2)
            print $1 "\t" $2 "\t" name
        }'
}

# make_crate NAME DEPENDENCY-LINE DERIVE-LINE ATTRIBUTE-TEMPLATE
# The template's %s are replaced by status and code.
make_crate() {
    local name=$1 dep=$2 derive=$3 template=$4 dir="$root/$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "user-$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$dep

[workspace]
EOF
    {
        echo "//! A user crate with the X Ads codes as one enum ($name)."
        echo
        echo "$derive"
        echo "pub enum XAdsError {"
        variants | while IFS=$'\t' read -r status code name; do
            # shellcheck disable=SC2059 # the template is ours
            printf "    $template\n" "$status" "$code"
            echo "    $name,"
        done
        echo "}"
    } >"$dir/src/lib.rs"
}

make_crate ours "api-error-codes = { path = \"$repo/core\" }" \
    '#[derive(Debug, Clone, Copy, PartialEq, Eq, api_error_codes::ApiErrorCode)]' \
    '#[code(%s, "%s")]'
make_crate strum 'strum = { version = "0.28", features = ["derive"] }' \
    '#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString)]' \
    '#[strum(serialize = "%.0s%s")]'
make_crate serde 'serde = { version = "1.0.200", features = ["derive"] }' \
    '#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]' \
    '#[serde(rename = "%.0s%s")]'

crates=(ours strum serde)
for crate in "${crates[@]}"; do
    (cd "$root/$crate" && cargo fetch -q)
done

# time_runs DIR PREPARE COMMAND -> mean seconds
time_runs() {
    local dir=$1 prepare=$2 command=$3
    if command -v hyperfine >/dev/null; then
        (cd "$dir" && hyperfine --style none --runs "$runs" --prepare "$prepare" \
            --export-json "$dir/hyperfine.json" "$command" >/dev/null 2>&1)
        grep -o '"mean": *[0-9.]*' "$dir/hyperfine.json" | head -1 | grep -o '[0-9.]*$'
    else
        local total=0 start end
        for _ in $(seq "$runs"); do
            (cd "$dir" && eval "$prepare")
            start=$(date +%s.%N)
            (cd "$dir" && eval "$command" >/dev/null 2>&1)
            end=$(date +%s.%N)
            total=$(echo "$total + $end - $start" | bc -l)
        done
        echo "$total / $runs" | bc -l
    fi
}

# Seconds the named crate's library took to compile in the last
# `cargo build --timings` of DIR (its build script, if any, not counted).
unit_seconds() {
    local dir=$1 unit=$2
    awk -v unit="$unit" '
        /"name":/ { name = $2; gsub(/[",]/, "", name) }
        /"target":/ { target = $0; sub(/.*"target": "/, "", target); sub(/".*/, "", target) }
        /"duration":/ {
            if (name == unit && target == "") { d = $2; gsub(/,/, "", d); print d; exit }
        }' "$dir/target/cargo-timings/cargo-timing.html"
}

declare -A cold rebuild derive_crate
for crate in "${crates[@]}"; do
    dir="$root/$crate"
    cold[$crate]=$(time_runs "$dir" 'rm -rf target' 'cargo build --offline -q')
    rebuild[$crate]=$(time_runs "$dir" 'touch src/lib.rs' 'cargo build --offline -q')
    (cd "$dir" && rm -rf target && cargo build --offline -q --timings >/dev/null 2>&1)
    case $crate in
    ours) derive_crate[$crate]=$(unit_seconds "$dir" api-error-codes-macros) ;;
    strum) derive_crate[$crate]=$(unit_seconds "$dir" strum_macros) ;;
    serde) derive_crate[$crate]=$(unit_seconds "$dir" serde_derive) ;;
    esac
done

fmt() { printf '%.2f' "$1"; }
ratio() { printf '%.2fx' "$(echo "$1 / $2" | bc -l)"; }

echo "| user crate (77-variant enum) | cold \`cargo build\` | vs serde alone | rebuild after touching lib.rs | proc-macro crate compile |"
echo "| --- | ---: | ---: | ---: | ---: |"
for crate in "${crates[@]}"; do
    echo "| $crate | $(fmt "${cold[$crate]}") s | $(ratio "${cold[$crate]}" "${cold[serde]}") | $(fmt "${rebuild[$crate]}") s | ${derive_crate[$crate]} s |"
done
echo
echo "$runs runs each, $(nproc) cores, $(rustc --version)."
