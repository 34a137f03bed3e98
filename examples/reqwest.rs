//! Typed errors and safe retries for a reqwest client, against a real
//! server. Run it with `cargo run --example reqwest --features reqwest`.
//!
//! The example starts a small HTTP server on 127.0.0.1 that misbehaves the
//! way the APIs do: an SP-API quota error with its rate-limit header, an X
//! Ads 503, a permanent 403, an HTML 502 from a gateway, and a connection
//! dropped before any answer. A real reqwest client calls it through
//! `fetch` below: the whole integration is those lines.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api_error_codes::call::{CallError, FailedAttempt, ResponseExt};
use api_error_codes::retry::{Retrier, RetryError, RetryPolicy};
use api_error_codes::sp_api::SpApiErrorCode;
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::ApiErrorCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A failed call to the API `E`: its typed error, or reqwest's, classified.
type Failure<E> = CallError<E, reqwest::Error>;

// --- the integration: this is all a user writes ---------------------------

/// GETs `url`; on failure, a typed error after the retries the policy
/// allows. (`api_error_codes::retry::run_async(policy, ...)` is the same
/// without the hook.)
async fn fetch<E: ApiErrorCode>(
    client: &reqwest::Client,
    policy: &RetryPolicy,
    url: &str,
) -> Result<String, RetryError<Failure<E>>> {
    let retrier = Retrier::new(*policy).on_retry(&show_attempt);
    retrier
        .run_async(tokio::time::sleep, |_| async {
            let response = client.get(url).send().await?.api_error_for_status().await?;
            Ok(response.text().await?)
        })
        .await
}

/// Prints each failed attempt and what was decided on it.
fn show_attempt(attempt: &FailedAttempt<'_>) {
    let what = match (attempt.status(), attempt.transport_kind()) {
        (Some(status), _) => format!("HTTP {status} {}", attempt.code().unwrap_or("(no code)")),
        (None, Some(kind)) => format!("no answer ({kind})"),
        (None, None) => "failed".to_owned(),
    };
    println!(
        "   attempt {} of {}: {what} -> {}",
        attempt.number(),
        attempt.limit(),
        attempt.decision()
    );
}

// --- the demo --------------------------------------------------------------

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base = start_server().await;
    let client = reqwest::Client::builder()
        .no_proxy() // the server is local, whatever the environment says
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a reqwest client");
    // Short backoff so the demo takes seconds; server-named waits are real.
    let policy = RetryPolicy::builder()
        .base_delay(Duration::from_millis(200))
        .build();

    println!("Typed errors and retries for reqwest, against http://{base}\n");

    report(
        "SP-API: 429 QuotaExceeded with x-amzn-RateLimit-Limit: 0.5, then 200",
        "0.5 requests per second: the next request may leave 2 s after the last",
        fetch::<SpApiErrorCode>(&client, &policy, &format!("http://{base}/orders/v0/orders")),
    )
    .await;
    report(
        "X Ads: 503 OVER_CAPACITY, then 200",
        "transient; no time named by the server: jittered backoff",
        fetch::<XAdsErrorCode>(&client, &policy, &format!("http://{base}/12/accounts")),
    )
    .await;
    report(
        "X Ads: 403 ACCOUNT_LOCKED_OUT",
        "permanent: a person has to unlock the account; asking again cannot help",
        fetch::<XAdsErrorCode>(
            &client,
            &policy,
            &format!("http://{base}/12/accounts/locked"),
        ),
    )
    .await;
    report(
        "A gateway's HTML 502 page, every time",
        "no code in the body: judged by its status, retried to the attempt limit",
        fetch::<XAdsErrorCode>(&client, &policy, &format!("http://{base}/gateway")),
    )
    .await;
    report(
        "A GET whose connection is dropped before any answer, then 200",
        "the server may have seen it, but a GET is safe to repeat",
        fetch::<XAdsErrorCode>(&client, &policy, &format!("http://{base}/dropped-once")),
    )
    .await;

    let post = policy.for_method("POST");
    let url = format!("http://{base}/dropped-post");
    report(
        "A POST whose connection is dropped before any answer",
        "the server may have acted on it: a POST is never sent twice unless declared safe",
        Retrier::new(post)
            .on_retry(&show_attempt)
            .run_async(tokio::time::sleep, |_| async {
                let response = client.post(&url).body("{}").send().await?;
                let response = response.api_error_for_status::<XAdsErrorCode>().await?;
                Ok(response.text().await?)
            }),
    )
    .await;
}

/// Runs one scenario and prints what came of it and why.
async fn report<E: ApiErrorCode + std::fmt::Debug>(
    title: &str,
    why: &str,
    call: impl std::future::Future<Output = Result<String, RetryError<Failure<E>>>>,
) {
    println!("{title}\n   why: {why}");
    let started = Instant::now();
    let outcome = call.await;
    let took = started.elapsed();
    match outcome {
        Ok(body) => println!("   => {body} after {took:.1?}\n"),
        Err(failure) => {
            println!(
                "   => gave up after {} attempt(s) in {took:.1?}: {}",
                failure.attempts(),
                failure.reason()
            );
            match failure.error() {
                CallError::Api(error) => println!(
                    "      HTTP {} {:?}, kind {}: {error}\n",
                    error.status(),
                    error.variant(),
                    error.kind()
                ),
                CallError::Transport(transport) => {
                    println!("      no answer ({}): {transport}\n", transport.kind())
                }
            }
        }
    }
}

// --- the server --------------------------------------------------------------

const QUOTA: &str = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource.","details":""}]}"#;
const OVER_CAPACITY: &str =
    r#"{"errors":[{"code":"OVER_CAPACITY","message":"Service is temporarily over capacity"}]}"#;
const LOCKED: &str =
    r#"{"errors":[{"code":"ACCOUNT_LOCKED_OUT","message":"This account is locked"}]}"#;
const BAD_GATEWAY: &str =
    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";

/// What the server answers to the `n`th request (from 0) for `path`;
/// `None` drops the connection without a word.
fn answer(path: &str, n: usize) -> Option<(u16, &'static str, &'static str)> {
    let limit = ("x-amzn-RateLimit-Limit", "0.5");
    Some(match (path, n) {
        ("/orders/v0/orders", 0) => (429, limit.1, QUOTA),
        ("/orders/v0/orders", _) => (200, limit.1, r#"{"payload":{"Orders":[]}}"#),
        ("/12/accounts", 0) => (503, "", OVER_CAPACITY),
        ("/12/accounts", _) => (200, "", r#"{"data":[{"id":"18ce54d4x5t"}]}"#),
        ("/12/accounts/locked", _) => (403, "", LOCKED),
        ("/gateway", _) => (502, "", BAD_GATEWAY),
        ("/dropped-once", 0) | ("/dropped-post", _) => return None,
        ("/dropped-once", _) => (200, "", "ok"),
        _ => (404, "", r#"{"errors":[{"code":"ROUTE_NOT_FOUND"}]}"#),
    })
}

/// Starts the server on 127.0.0.1 and returns its address. It serves one
/// request per connection until the example ends.
async fn start_server() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("an address");
    let seen = Arc::new(Mutex::new(HashMap::<String, usize>::new()));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, Arc::clone(&seen)));
        }
    });
    addr
}

async fn serve(mut stream: TcpStream, seen: Arc<Mutex<HashMap<String, usize>>>) {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    // The head, at most 64 KiB; these requests carry at most a tiny body.
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 64 * 1024 {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let head = String::from_utf8_lossy(&request);
    let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
    let n = {
        let mut seen = seen.lock().expect("the counter");
        let count = seen.entry(path.clone()).or_insert(0);
        *count += 1;
        *count - 1
    };
    let Some((status, rate_limit, body)) = answer(&path, n) else {
        return; // dropped: the connection closes unanswered
    };
    let content_type = if body.starts_with('<') {
        "text/html"
    } else {
        "application/json"
    };
    let mut reply = format!(
        "HTTP/1.1 {status} Status\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if !rate_limit.is_empty() {
        reply.push_str(&format!("x-amzn-RateLimit-Limit: {rate_limit}\r\n"));
    }
    reply.push_str("\r\n");
    reply.push_str(body);
    let _ = stream.write_all(reply.as_bytes()).await;
}
