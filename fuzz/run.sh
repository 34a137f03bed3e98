#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each), starting
# from the committed seed corpus. Usage: fuzz/run.sh [SECONDS] [TARGET...]
#
# cargo-fuzz drives libFuzzer with nightly-only flags (-Zsanitizer); the
# machine's stable toolchain accepts them with RUSTC_BOOTSTRAP=1. Installs
# cargo-fuzz from crates.io if it is missing.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^api-error-codes-fuzz$')
fi

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

python3 seeds.py
for target in "${targets[@]}"; do
    echo "== $target for ${seconds}s"
    # Fresh findings go to a scratch corpus so the committed seeds stay
    # small and reviewable; -rss_limit_mb and -timeout turn a blow-up or a
    # hang into a reported crash.
    mkdir -p "target/corpus/$target" "corpus/$target"
    cargo fuzz run -O "$target" "target/corpus/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=300000 \
        -print_final_stats=1 2>&1 | grep -E "^(#[0-9]+\s+DONE|stat::|==|SUMMARY|Done)" || true
    if compgen -G "artifacts/$target/crash-*" >/dev/null || compgen -G "artifacts/$target/timeout-*" >/dev/null || compgen -G "artifacts/$target/oom-*" >/dev/null; then
        echo "!! $target left artifacts in fuzz/artifacts/$target" >&2
        exit 1
    fi
done
echo "fuzzing finished: no crash, hang or blow-up"
