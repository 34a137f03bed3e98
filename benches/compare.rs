//! Wall time, against the alternatives a Rust user would reach for, in one
//! run: `cargo bench --bench compare` (add `-- --quick` for a short run).
//!
//! On a shared 2-core machine these times move with the neighbours' load;
//! `benches/instructions.rs` counts instructions instead, and its numbers
//! are the ones BENCHMARKS.md compares.

mod common;

use std::hint::black_box;

use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{ApiErrorCode, Code};

use common::bodies;
use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, Throughput,
};

/// Inputs per iteration: more than the predictor can learn, few enough to
/// stay in L1.
const STREAM: usize = 1024;

/// Times `f` over the whole `stream`, each input and result behind
/// `black_box`.
fn bench_stream<T>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    label: &str,
    stream: &[&str],
    f: impl Fn(&str) -> T,
) {
    group.bench_function(label, |b| {
        b.iter(|| {
            for &input in stream {
                black_box(f(black_box(input)));
            }
        });
    });
}

fn lookups(c: &mut Criterion) {
    common::check_agreement();
    let map = common::hash_map();
    for (name, stream) in [
        ("known", common::known_stream(STREAM)),
        ("20% unknown", common::mixed_stream(STREAM)),
    ] {
        let mut group = c.benchmark_group(format!("string -> variant, {name}"));
        group.throughput(Throughput::Elements(stream.len() as u64));
        let g = &mut group;
        bench_stream(g, "ours from_code", &stream, XAdsErrorCode::from_code);
        bench_stream(g, "ours classify", &stream, |code| {
            XAdsErrorCode::classify(400, Some(code), None)
        });
        bench_stream(
            g,
            "ours all_with_code",
            &stream,
            XAdsErrorCode::all_with_code,
        );
        bench_stream(g, "strum EnumString", &stream, common::by_strum);
        bench_stream(g, "match", &stream, common::by_match);
        bench_stream(g, "phf", &stream, |code| common::PHF.get(code));
        bench_stream(g, "HashMap", &stream, |code| map.get(code));
        bench_stream(g, "serde derive", &stream, common::by_serde);
        group.finish();
    }
}

fn codes_from_json(c: &mut Criterion) {
    for (name, stream) in [
        ("known", common::known_stream(STREAM)),
        ("20% unknown", common::mixed_stream(STREAM)),
    ] {
        let json = common::as_json(&stream);
        let json: Vec<&str> = json.iter().map(String::as_str).collect();
        let mut group = c.benchmark_group(format!("code from JSON, {name}"));
        group.throughput(Throughput::Elements(json.len() as u64));
        let g = &mut group;
        bench_stream(g, "ours Code<E>", &json, |json| {
            serde_json::from_str::<Code<XAdsErrorCode>>(json).ok()
        });
        bench_stream(g, "serde untagged Known/Unknown", &json, |json| {
            serde_json::from_str::<common::UntaggedCode>(json).ok()
        });
        bench_stream(g, "ours derive", &json, |json| {
            serde_json::from_str::<XAdsErrorCode>(json).ok()
        });
        bench_stream(g, "serde derive", &json, |json| {
            serde_json::from_str::<common::Twin>(json).ok()
        });
        bench_stream(g, "String", &json, |json| {
            serde_json::from_str::<String>(json).ok()
        });
        group.finish();
    }
}

/// One way of parsing a body.
type Parser = fn(&bodies::Body) -> usize;

fn parses(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse documented body");
    for body in bodies::ALL {
        group.throughput(Throughput::Bytes(body.bytes.len() as u64));
        let contenders: [(&str, Parser); 4] = [
            ("ours parse", common::parse_ours),
            ("typed struct from_slice", common::parse_typed),
            ("typed struct from_str", common::parse_typed_str),
            ("serde_json::Value", common::parse_value),
        ];
        for (label, parse) in contenders {
            group.bench_with_input(BenchmarkId::new(label, body.api), body, |b, body| {
                b.iter(|| parse(black_box(body)));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, lookups, codes_from_json, parses);
criterion_main!(benches);
