//! Retrying the right way, against a real server. Run it with
//! `cargo run --example retry`.
//!
//! A small HTTP server on 127.0.0.1 plays back responses the four APIs
//! document (a 429 with `Retry-After`, a 503 `OVER_CAPACITY`, an SP-API
//! quota error with its rate-limit header, a permanent 403, an HTML 502
//! page). A real HTTP client (`ureq`) calls it, each error response is
//! parsed into a typed `ApiError`, and `retry::run_with` decides what to do.
//! Waits are real but a hundred times shorter, so the demo takes seconds.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use api_error_codes::response::MAX_BODY_BYTES;
use api_error_codes::retry::{self, RetryPolicy};
use api_error_codes::{amazon_scraper, sp_api, x_ads, ApiError, ApiErrorCode};

/// The demo waits this many times less than the policy decides.
const SCALE: u32 = 100;

fn main() {
    println!("Retry decisions with api-error-codes");
    println!("====================================\n");
    let policy = RetryPolicy::default();
    println!(
        "Policy: at most {} attempts, backoff from {:?} doubling up to {:?}, full jitter.\n",
        policy.max_attempts(),
        policy.base_delay(),
        policy.max_delay()
    );

    explain_first_failures(&policy);

    println!("\n2. Real requests against a local server (waits shortened {SCALE}x)\n");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        // Error responses are data to parse, not transport errors.
        .http_status_as_error(false)
        // The server is local; never send it through a proxy from the environment.
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();

    scenario(
        "Amazon Scraper: 429 rate_limited with Retry-After: 2, then 200",
        "the code says to respect Retry-After: wait exactly what the server asks",
        &[
            reply(429, &[("Retry-After", "2")], SCRAPER_RATE_LIMITED),
            reply(200, &[], PRODUCT),
        ],
        |url| fetch(&agent, &policy, "GET", url, amazon_scraper::parse),
    );

    scenario(
        "X Ads: 503 OVER_CAPACITY twice, then 200",
        "no advice beyond the status: exponential backoff with full jitter, under 1s, then under 2s",
        &[
            reply(503, &[], X_OVER_CAPACITY),
            reply(503, &[], X_OVER_CAPACITY),
            reply(200, &[], X_CAMPAIGNS),
        ],
        |url| fetch(&agent, &policy, "GET", url, x_ads::parse),
    );

    scenario(
        "SP-API: 429 QuotaExceeded with x-amzn-RateLimit-Limit: 0.5, then 200",
        "0.5 requests per second means at least 2s between requests",
        &[
            reply(429, &[("x-amzn-RateLimit-Limit", "0.5")], SP_QUOTA),
            reply(200, &[], SP_ORDERS),
        ],
        |url| fetch(&agent, &policy, "GET", url, sp_api::parse),
    );

    scenario(
        "X Ads: 403 ACCOUNT_LOCKED_OUT (with a Retry-After that must not matter)",
        "a permanent error: one attempt, whatever the headers say",
        &[reply(403, &[("Retry-After", "1")], X_LOCKED)],
        |url| fetch(&agent, &policy, "GET", url, x_ads::parse),
    );

    scenario(
        "Amazon Scraper: an HTML 502 page from a proxy, every time",
        "no code to read, so the status decides: 502 retries, with random waits under 1s, 2s, 4s",
        &[
            reply(502, &[], HTML_502),
            reply(502, &[], HTML_502),
            reply(502, &[], HTML_502),
            reply(502, &[], HTML_502),
        ],
        |url| fetch(&agent, &policy, "GET", url, amazon_scraper::parse),
    );

    scenario(
        "X Ads: POST a campaign, 503 OVER_CAPACITY (a POST may act twice)",
        "a POST is not repeated unless the caller says it is safe, e.g. with an idempotency key",
        &[reply(503, &[], X_OVER_CAPACITY)],
        |url| {
            fetch(
                &agent,
                &policy.for_method("POST"),
                "POST",
                url,
                x_ads::parse,
            )
        },
    );
}

/// Part 1: `decide` on its own, for each documented response.
fn explain_first_failures(policy: &RetryPolicy) {
    println!("1. What the policy decides after a first failure\n");
    let rows: [(&str, String); 5] = [
        (
            "Amazon Scraper 429 rate_limited, Retry-After: 2",
            policy
                .decide(
                    &amazon_scraper::parse(
                        429,
                        &[("Retry-After", "2")],
                        SCRAPER_RATE_LIMITED.as_bytes(),
                    ),
                    1,
                )
                .to_string(),
        ),
        (
            "X Ads 503 OVER_CAPACITY",
            policy
                .decide(&x_ads::parse(503, &(), X_OVER_CAPACITY.as_bytes()), 1)
                .to_string(),
        ),
        (
            "SP-API 429 QuotaExceeded, x-amzn-RateLimit-Limit: 0.5",
            policy
                .decide(
                    &sp_api::parse(
                        429,
                        &[("x-amzn-RateLimit-Limit", "0.5")],
                        SP_QUOTA.as_bytes(),
                    ),
                    1,
                )
                .to_string(),
        ),
        (
            "X Ads 403 ACCOUNT_LOCKED_OUT, Retry-After: 1",
            policy
                .decide(
                    &x_ads::parse(403, &[("Retry-After", "1")], X_LOCKED.as_bytes()),
                    1,
                )
                .to_string(),
        ),
        (
            "Amazon Scraper 502 HTML page",
            policy
                .decide(&amazon_scraper::parse(502, &(), HTML_502.as_bytes()), 1)
                .to_string(),
        ),
    ];
    for (response, decision) in rows {
        println!("   {response:<55} -> {decision}");
    }
}

/// Starts a server for `replies`, runs `client` against it, prints the end.
fn scenario<T, E: ApiErrorCode>(
    title: &str,
    why: &str,
    replies: &[Vec<u8>],
    client: impl FnOnce(&str) -> Result<T, retry::RetryError<ApiError<E>>>,
) {
    println!("== {title}");
    println!("   ({why})");
    let url = serve(replies.to_vec());
    match client(&url) {
        Ok(_) => println!("   => success\n"),
        Err(failure) => println!(
            "   => gave up after {} attempt{}: {}\n      last error: {}\n",
            failure.attempts(),
            if failure.attempts() == 1 { "" } else { "s" },
            failure.reason(),
            failure.error()
        ),
    }
}

/// The headers as `call` returns them.
type Headers = Vec<(String, String)>;

/// Sends `method` to `url` until it succeeds or `policy` stops, printing
/// each attempt; error responses are parsed with the API's `parse`.
fn fetch<E: ApiErrorCode>(
    agent: &ureq::Agent,
    policy: &RetryPolicy,
    method: &str,
    url: &str,
    parse: fn(u16, &Headers, &[u8]) -> ApiError<E>,
) -> Result<Vec<u8>, retry::RetryError<ApiError<E>>> {
    retry::run_with(policy, sleep_scaled, |attempt| {
        let (status, headers, body) = call(agent, method, url);
        if (200..300).contains(&status) {
            println!("   attempt {attempt}: HTTP {status}, {} bytes", body.len());
            Ok(body)
        } else {
            let error = parse(status, &headers, &body);
            println!("   attempt {attempt}: {error}");
            Err(error)
        }
    })
}

fn sleep_scaled(delay: Duration) {
    let shown = Duration::from_millis(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
    println!("   waiting {shown:?} (the demo sleeps {:?})", shown / SCALE);
    thread::sleep(delay / SCALE);
}

/// Sends one request; the status, headers and body (at most
/// `MAX_BODY_BYTES`, all the parser reads).
fn call(agent: &ureq::Agent, method: &str, url: &str) -> (u16, Headers, Vec<u8>) {
    let response = match method {
        "POST" => agent.post(url).send_empty(),
        _ => agent.get(url).call(),
    };
    let mut response = response.expect("the local server answers");
    let headers = response
        .headers()
        .iter()
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY_BYTES as u64)
        .read_to_vec()
        .expect("read the body");
    (response.status().as_u16(), headers, body)
}

/// An HTTP/1.1 response, ready to send.
fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        403 => "Forbidden",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        _ => "Service Unavailable",
    };
    let content_type = if body.starts_with('<') {
        "text/html"
    } else {
        "application/json"
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    [head.as_bytes(), body.as_bytes()].concat()
}

/// Serves `replies` in order on 127.0.0.1, one connection each, then stops.
fn serve(replies: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}/", listener.local_addr().expect("address"));
    thread::spawn(move || {
        for response in replies {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            // The client sends a head without a body: read up to its end.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut request = Vec::new();
            let mut chunk = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 65_536 {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&chunk[..n]),
                }
            }
            let _ = stream.write_all(&response);
        }
    });
    url
}

const SCRAPER_RATE_LIMITED: &str = r#"{"error":"rate_limited","message":"Too many requests for this key","docs_url":"https://amazonscraperapi.com/docs/guides/errors#rate_limited","request_id":"req_9f2c8a1b3e4d"}"#;
const PRODUCT: &str = r#"{"asin":"B000000001","title":"A product"}"#;
const X_OVER_CAPACITY: &str = r#"{"errors":[{"code":"OVER_CAPACITY","message":"Over capacity"}]}"#;
const X_LOCKED: &str =
    r#"{"errors":[{"code":"ACCOUNT_LOCKED_OUT","message":"This account is locked"}]}"#;
const X_CAMPAIGNS: &str = r#"{"data":[]}"#;
const SP_QUOTA: &str = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource."}]}"#;
const SP_ORDERS: &str = r#"{"payload":{"Orders":[]}}"#;
const HTML_502: &str =
    "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
