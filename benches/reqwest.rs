//! The reqwest adapter against plain reqwest, on loopback, in one run:
//! `cargo bench -p api-error-codes-benches --bench reqwest --features reqwest`.
//!
//! - **Success**: `send`, then the body, with and without
//!   `api_error_for_status` in between. The check is a status compare; the
//!   goal is the same time within noise (2 %).
//! - **Failure** (an SP-API 429 with a 130-byte body): plain reqwest reading
//!   the body whole and calling `sp_api::parse`, against the adapter reading
//!   it capped and parsing it. The goal is the parse's own cost plus the read.
//!
//! A keep-alive HTTP/1.1 server on 127.0.0.1, started here, answers every
//! request at once from memory, so the figures are the client's.

use std::hint::black_box;
use std::time::Duration;

use api_error_codes::call::ResponseExt;
use api_error_codes::sp_api::{self, SpApiErrorCode};
use criterion::{criterion_group, criterion_main, Criterion};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SUCCESS_BODY: &str = r#"{"payload":{"Orders":[{"AmazonOrderId":"902-3159896-1390916"}]}}"#;
const QUOTA_BODY: &str = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource.","details":""}]}"#;

/// Answers `/ok` with 200 and anything else with a 429 quota error, on
/// one keep-alive connection per client, until the bench ends.
async fn serve(mut stream: TcpStream) {
    let mut buffer = vec![0u8; 16 * 1024];
    let mut filled = 0;
    loop {
        let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") else {
            if filled == buffer.len() {
                return;
            }
            match stream.read(&mut buffer[filled..]).await {
                Ok(0) | Err(_) => return,
                Ok(n) => filled += n,
            }
            continue;
        };
        let ok = buffer.starts_with(b"GET /ok ");
        buffer.copy_within(end + 4..filled, 0);
        filled -= end + 4;
        let reply = if ok {
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{SUCCESS_BODY}",
                SUCCESS_BODY.len()
            )
        } else {
            format!(
                "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nx-amzn-RateLimit-Limit: 0.5\r\nx-amzn-RequestId: 6b1ffcc6-8a4f-4ad7-b6d0-0c57ab2a6f0e\r\ncontent-length: {}\r\n\r\n{QUOTA_BODY}",
                QUOTA_BODY.len()
            )
        };
        if stream.write_all(reply.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn loopback(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("an address");
    runtime.spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream));
        }
    });
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client");
    let ok = format!("http://{addr}/ok");
    let limited = format!("http://{addr}/orders/v0/orders");

    let mut group = c.benchmark_group("reqwest success");
    group.bench_function("plain reqwest", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let response = client.get(&ok).send().await.expect("a response");
                black_box(response.bytes().await.expect("a body"))
            })
        });
    });
    group.bench_function("with api_error_for_status", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let response = client
                    .get(&ok)
                    .send()
                    .await
                    .expect("a response")
                    .api_error_for_status::<SpApiErrorCode>()
                    .await
                    .expect("a success");
                black_box(response.bytes().await.expect("a body"))
            })
        });
    });
    group.finish();

    let mut group = c.benchmark_group("reqwest failure (SP-API 429)");
    group.bench_function("plain reqwest: bytes, then sp_api::parse", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let response = client.get(&limited).send().await.expect("a response");
                let status = response.status();
                let headers = response.headers().clone();
                let body = response.bytes().await.expect("a body");
                black_box(sp_api::parse(status, &headers, &body))
            })
        });
    });
    group.bench_function("api_error_for_status", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let response = client.get(&limited).send().await.expect("a response");
                black_box(
                    response
                        .api_error_for_status::<SpApiErrorCode>()
                        .await
                        .expect_err("a 429"),
                )
            })
        });
    });
    group.finish();
}

criterion_group!(benches, loopback);
criterion_main!(benches);
