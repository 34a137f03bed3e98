//! Retries inside reqwest, with one `.with(...)` line. Run it with
//! `cargo run --example middleware --features reqwest-middleware`.
//!
//! A small HTTP server on 127.0.0.1 answers the first request with X Ads'
//! 503 `OVER_CAPACITY` and the second with the campaigns. A real reqwest
//! client with `ApiRetryMiddleware` calls it: the middleware reads the
//! error, decides, waits and sends the request again; the caller sees the
//! success. A permanent 403 comes back after one request, typed with
//! `api_error_for_status`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use api_error_codes::call::middleware::ApiRetryMiddleware;
use api_error_codes::call::ResponseExt;
use api_error_codes::retry::{Jitter, RetryPolicy};
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::Sanitized;

const OVER_CAPACITY: &str = r#"{"errors":[{"code":"OVER_CAPACITY","message":"Over capacity"}]}"#;
const LOCKED: &str = r#"{"errors":[{"code":"ACCOUNT_LOCKED_OUT","message":"Account is locked"}]}"#;
const CAMPAIGNS: &str = r#"{"data":[{"id":"8wku2","name":"Spring"}]}"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = serve(vec![(503, OVER_CAPACITY), (200, CAMPAIGNS), (403, LOCKED)])?;

    // Short waits, so that the demo is quick; the defaults suit a real API.
    let policy = RetryPolicy::builder()
        .base_delay(Duration::from_millis(50))
        .jitter(Jitter::None)
        .build();
    let client =
        reqwest_middleware::ClientBuilder::new(reqwest::Client::builder().no_proxy().build()?)
            .with(
                ApiRetryMiddleware::<XAdsErrorCode>::new(policy).on_retry(|attempt| {
                    println!(
                        "  attempt {} of {} failed (HTTP {} {}): {}",
                        attempt.number(),
                        attempt.limit(),
                        attempt.status().unwrap_or_default(),
                        Sanitized(attempt.code().unwrap_or("-")),
                        attempt.decision()
                    );
                }),
            )
            .build();

    println!("GET /campaigns, the server over capacity once:");
    let response = client.get(format!("{url}/campaigns")).send().await?;
    let body = response
        .api_error_for_status::<XAdsErrorCode>()
        .await?
        .text()
        .await?;
    println!("  succeeded: {body}\n");

    println!("GET /accounts, the account locked:");
    let response = client.get(format!("{url}/accounts")).send().await?;
    match response.api_error_for_status::<XAdsErrorCode>().await {
        Ok(_) => return Err("a locked account answered".into()),
        Err(error) => println!("  typed error: {error}"),
    }
    Ok(())
}

/// Serves `script` on 127.0.0.1, one answer per connection; the base URL.
fn serve(script: Vec<(u16, &'static str)>) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    thread::spawn(move || {
        for (status, body) in script {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let reply = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    Ok(url)
}
