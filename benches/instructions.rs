//! Instructions per operation, counted by callgrind: deterministic where
//! wall time on a shared 2-core machine is not.
//!
//! `cargo bench --bench instructions` builds this file with the bench
//! profile, checks that every contender agrees, then runs itself again under
//! `valgrind --tool=callgrind`, reads each runner's inclusive instruction
//! count with `callgrind_annotate`, subtracts the matching empty loop and
//! divides by the number of operations. It prints markdown tables (the ones
//! in BENCHMARKS.md). Needs `valgrind` on the `PATH`.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::env;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{ApiErrorCode, Code};
use common::bodies::{self, Body};
use common::{by_match, by_serde, by_strum, Twin, PHF};

/// Lookups per runner: enough that the fixed cost of a call vanishes.
const LOOKUPS: usize = 100_000;
/// Parses per runner and body.
const PARSES: usize = 2_000;
/// Set, to a column's index, in a child that runs the lookups under
/// callgrind.
const CHILD: &str = "API_ERROR_CODES_UNDER_CALLGRIND";
/// Set, to a body's index, in a child that parses one body under callgrind.
const CHILD_BODY: &str = "API_ERROR_CODES_UNDER_CALLGRIND_BODY";

/// `#[inline(never)] fn $name(inputs: &[&str], ...)`: applies `$body` to
/// every input, behind `black_box` on both sides so that nothing is folded
/// or hoisted. Each runner is a named function so callgrind can tell them
/// apart.
macro_rules! runner {
    ($name:ident($($state:ident: $ty:ty),*), |$code:ident| $body:expr) => {
        #[inline(never)]
        fn $name(inputs: &[&str] $(, $state: $ty)*) {
            for &$code in inputs {
                let $code = black_box($code);
                black_box($body);
            }
        }
    };
}

// The loop alone, subtracted from every runner below. One for both tables:
// LLVM merges functions with identical bodies, so two would be one symbol.
runner!(empty(), |code| code);
runner!(lookup_ours(), |code| XAdsErrorCode::from_code(code));
runner!(lookup_ours_classify(), |code| XAdsErrorCode::classify(
    400,
    Some(code),
    None
));
runner!(lookup_ours_all_with_code(), |code| {
    XAdsErrorCode::all_with_code(code)
});
runner!(lookup_strum(), |code| by_strum(code));
runner!(lookup_match(), |code| by_match(code));
runner!(lookup_phf(), |code| PHF.get(code).copied());
runner!(lookup_hash_map(map: &HashMap<&str, Twin>), |code| map
    .get(code)
    .copied());
runner!(lookup_serde(), |code| by_serde(code));

runner!(json_code(), |json| serde_json::from_str::<
    Code<XAdsErrorCode>,
>(json)
.ok());
runner!(json_ours_derive(), |json| serde_json::from_str::<
    XAdsErrorCode,
>(json)
.ok());
runner!(json_serde_derive(), |json| serde_json::from_str::<Twin>(
    json
)
.ok());
runner!(json_serde_untagged(), |json| serde_json::from_str::<
    common::UntaggedCode,
>(json)
.ok());
runner!(json_string(), |json| serde_json::from_str::<String>(json)
    .ok());

/// `#[inline(never)] fn $name(body, n)`: parses `body` `n` times.
macro_rules! parser {
    ($name:ident, |$body:ident| $parse:expr) => {
        #[inline(never)]
        fn $name(body: &Body, n: usize) {
            for _ in 0..n {
                let $body = black_box(body);
                black_box($parse);
            }
        }
    };
}

parser!(parse_empty, |body| body.bytes.len());
parser!(parse_ours, |body| common::parse_ours(body));
parser!(parse_pathed, |body| common::parse_pathed(body));
parser!(parse_typed, |body| common::parse_typed(body));
parser!(parse_typed_str, |body| common::parse_typed_str(body));
parser!(parse_value, |body| common::parse_value(body));

/// The input streams, by column name.
fn streams() -> [(&'static str, Vec<&'static str>); 3] {
    [
        ("known codes", common::known_stream(LOOKUPS)),
        ("20% unknown", common::mixed_stream(LOOKUPS)),
        ("unknown only", common::unknown_stream(LOOKUPS)),
    ]
}

/// What a child runs under callgrind for one column of inputs: every
/// lookup runner once. One process per column keeps each runner's count to
/// one kind of input.
fn child(column: usize) {
    let streams = streams();
    let (_, codes) = &streams[column];
    let map = common::hash_map();
    let json: Vec<String> = common::as_json(codes);
    let json: Vec<&str> = json.iter().map(String::as_str).collect();

    empty(codes);
    lookup_ours(codes);
    lookup_ours_classify(codes);
    lookup_ours_all_with_code(codes);
    lookup_strum(codes);
    lookup_match(codes);
    lookup_phf(codes);
    lookup_hash_map(codes, &map);
    lookup_serde(codes);

    json_code(&json);
    json_serde_untagged(&json);
    json_ours_derive(&json);
    json_serde_derive(&json);
    json_string(&json);
}

/// What a child runs under callgrind for one body.
fn child_body(index: usize) {
    let Some(body) = bodies::ALL.get(index) else {
        return;
    };
    // Warm the allocator and serde's first-use paths outside the counted
    // runs.
    common::parse_ours(body);
    common::parse_pathed(body);
    common::parse_typed(body);
    common::parse_typed_str(body);
    common::parse_value(body);
    parse_empty(body, PARSES);
    parse_ours(body, PARSES);
    parse_pathed(body, PARSES);
    parse_typed(body, PARSES);
    parse_typed_str(body, PARSES);
    parse_value(body, PARSES);
}

/// Inclusive instruction counts by function name, from `callgrind_annotate`.
fn inclusive_counts(out: &str) -> Result<BTreeMap<String, Vec<u64>>, String> {
    let annotated = Command::new("callgrind_annotate")
        .args(["--inclusive=yes", "--threshold=100", out])
        .output()
        .map_err(|e| format!("callgrind_annotate: {e}"))?;
    if !annotated.status.success() {
        return Err(String::from_utf8_lossy(&annotated.stderr).into_owned());
    }
    let mut counts: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&annotated.stdout).lines() {
        // `  1,234,567 (12.34%)  ???:instructions::lookup_ours [/path]`
        let Some(at) = line.find("instructions::") else {
            continue;
        };
        let name: String = line[at + "instructions::".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let Some(Ok(count)) = line
            .split_whitespace()
            .next()
            .map(|n| n.replace(',', "").parse::<u64>())
        else {
            continue;
        };
        counts.entry(name).or_default().push(count);
    }
    Ok(counts)
}

/// Runs this binary under callgrind with `var=index` (one child's work)
/// and returns each function's inclusive count. The profile is kept in
/// `target/tmp/callgrind/` for `callgrind_annotate`.
fn measure(var: &str, index: usize) -> Result<BTreeMap<String, u64>, String> {
    let exe = env::current_exe().map_err(|e| e.to_string())?;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("callgrind");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let out = dir.join(format!("{}-{index}.out", var.to_lowercase()));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(&exe)
        .env(var, index.to_string())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("valgrind (is it installed?): {e}"))?;
    if !status.success() {
        return Err(format!("valgrind exited with {status}"));
    }
    let counts = inclusive_counts(&out.display().to_string())?;
    // A function listed twice (callgrind separates recursion cycles) counts
    // once: the largest line is the inclusive one.
    Ok(counts
        .into_iter()
        .map(|(name, n)| (name, n.into_iter().max().unwrap_or(0)))
        .collect())
}

/// Instructions per operation: (runner - empty) / n, to one decimal.
fn per_op(counts: &BTreeMap<String, u64>, runner: &str, empty: &str, n: usize) -> Option<f64> {
    let total = *counts.get(runner)?;
    let base = *counts.get(empty)?;
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    Some((total.saturating_sub(base)) as f64 / n as f64)
}

fn format(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.1}"))
}

fn main() -> ExitCode {
    if let Ok(index) = env::var(CHILD_BODY) {
        child_body(index.parse().unwrap_or(0));
        return ExitCode::SUCCESS;
    }
    if let Ok(column) = env::var(CHILD) {
        child(column.parse().unwrap_or(0));
        return ExitCode::SUCCESS;
    }
    // `cargo test --benches` and `cargo bench -- --list` only ask whether it
    // runs; skip the minute under valgrind then.
    if env::args().any(|a| a == "--list" || a == "--test") {
        common::check_agreement();
        return ExitCode::SUCCESS;
    }
    common::check_agreement();
    let mut columns = Vec::new();
    for column in 0..3 {
        match measure(CHILD, column) {
            Ok(counts) => columns.push(counts),
            Err(e) => {
                eprintln!("instructions: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let names: Vec<&str> = streams().iter().map(|(name, _)| *name).collect();

    println!("### string -> variant, 77 X Ads codes (instructions per lookup)\n");
    println!("| contender | {} |", names.join(" | "));
    println!("| --- |{}", " ---: |".repeat(names.len()));
    for (label, runner) in [
        ("ours: `XAdsErrorCode::from_code`", "lookup_ours"),
        (
            "ours: `XAdsErrorCode::classify` (status 400, code, no message)",
            "lookup_ours_classify",
        ),
        (
            "ours: `XAdsErrorCode::all_with_code` (the lookup inside `classify`)",
            "lookup_ours_all_with_code",
        ),
        ("strum `EnumString`", "lookup_strum"),
        ("hand-written `match`", "lookup_match"),
        ("`phf_map!`", "lookup_phf"),
        ("`std::collections::HashMap`", "lookup_hash_map"),
        (
            "serde derive `Deserialize` on a string (no JSON)",
            "lookup_serde",
        ),
    ] {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| format(per_op(c, runner, "empty", LOOKUPS)))
            .collect();
        println!("| {label} | {} |", cells.join(" | "));
    }

    println!("\n### a code from JSON (`serde_json::from_str`, instructions per code)\n");
    println!("| contender | {} |", names.join(" | "));
    println!("| --- |{}", " ---: |".repeat(names.len()));
    for (label, runner) in [
        ("ours: `Code<XAdsErrorCode>` (never fails)", "json_code"),
        (
            "serde derive: `#[serde(untagged)] enum { Known(E), Unknown(String) }` (never fails)",
            "json_serde_untagged",
        ),
        (
            "ours: derived `Deserialize` of `XAdsErrorCode` (fails on unknown)",
            "json_ours_derive",
        ),
        (
            "serde derive `Deserialize` (fails on unknown)",
            "json_serde_derive",
        ),
        ("`String` (no lookup)", "json_string"),
    ] {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| format(per_op(c, runner, "empty", LOOKUPS)))
            .collect();
        println!("| {label} | {} |", cells.join(" | "));
    }
    if let (Some(known), Some(unknown)) = (
        per_op(&columns[0], "json_code", "empty", LOOKUPS),
        per_op(&columns[2], "json_code", "empty", LOOKUPS),
    ) {
        println!("\n`Code<E>` unknown / known: {:.2}x", unknown / known);
    }

    match parse_table() {
        Ok(table) => println!("{table}"),
        Err(e) => {
            eprintln!("instructions: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// One callgrind run per body, since the parse runners are shared by all
/// bodies.
fn parse_table() -> Result<String, String> {
    let mut table = String::from(
        "\n### parsing each API's documented body (instructions per parse)\n\n\
         | body | bytes | ours: `parse` | ours, catalog with `body(...)` paths | typed struct, `from_slice` | typed struct, `from_utf8` + `from_str` | `serde_json::Value` | ours / typed | ours / typed (`from_str`) | ours / Value |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (index, body) in bodies::ALL.iter().enumerate() {
        let counts = measure(CHILD_BODY, index)?;
        let ours = per_op(&counts, "parse_ours", "parse_empty", PARSES);
        let pathed = per_op(&counts, "parse_pathed", "parse_empty", PARSES);
        let typed = per_op(&counts, "parse_typed", "parse_empty", PARSES);
        let typed_str = per_op(&counts, "parse_typed_str", "parse_empty", PARSES);
        let value = per_op(&counts, "parse_value", "parse_empty", PARSES);
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.2}x", a / b),
            _ => "n/a".to_owned(),
        };
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            body.api,
            body.bytes.len(),
            format(ours),
            format(pathed),
            format(typed),
            format(typed_str),
            format(value),
            ratio(ours, typed),
            ratio(ours, typed_str),
            ratio(ours, value),
        ));
    }
    Ok(table)
}
