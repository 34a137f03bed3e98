//! End to end: a real HTTP client (`ureq`) against a real HTTP server on
//! 127.0.0.1, started by each test, that replays what each API documents.
//! The runners choose the delays; the tests record them instead of
//! sleeping, and check the attempts the server saw and the typed result.

use std::time::Duration;

use api_error_codes::amazon_scraper::{self, AmazonScraperErrorCode};
use api_error_codes::response::MAX_BODY_BYTES;
use api_error_codes::retry::{self, Idempotency, Jitter, RetryPolicy, StopReason};
use api_error_codes::sp_api::{self, SpApiErrorCode};
use api_error_codes::x_ads::{self, XAdsErrorCode};
use api_error_codes::{ApiError, ErrorKind};
use api_error_codes_tests::block_on;
use api_error_codes_tests::loopback::{Reply, Server};

// --- the client --------------------------------------------------------------

/// A `ureq` agent that hands back error responses instead of turning them
/// into `Err`, and talks to 127.0.0.1 directly whatever proxy the
/// environment names.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// Response headers as `(name, value)` pairs, which `parse` reads.
type Headers = Vec<(String, String)>;

/// What came back: status, headers and body, read in full (bounded).
struct Fetched {
    status: u16,
    headers: Headers,
    body: Vec<u8>,
}

fn fetched(mut response: ureq::http::Response<ureq::Body>) -> Fetched {
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
        .expect("read body");
    Fetched {
        status: response.status().as_u16(),
        headers,
        body,
    }
}

fn get(agent: &ureq::Agent, url: &str) -> Fetched {
    fetched(agent.get(url).call().expect("GET"))
}

/// The body on 2xx; the API's typed error otherwise.
fn answer<E>(
    fetched: Fetched,
    parse: fn(u16, &Headers, &[u8]) -> ApiError<E>,
) -> Result<String, ApiError<E>> {
    if (200..300).contains(&fetched.status) {
        Ok(String::from_utf8(fetched.body).expect("UTF-8 body"))
    } else {
        Err(parse(fetched.status, &fetched.headers, &fetched.body))
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

const SCRAPER_RATE_LIMITED: &str = r#"{"error":"rate_limited","message":"Too many requests for this key","docs_url":"https://amazonscraperapi.com/docs/guides/errors#rate_limited","request_id":"req_9f2c8a1b3e4d"}"#;
const PRODUCT: &str = r#"{"asin":"B000000001","title":"A product"}"#;
const X_OVER_CAPACITY: &str = r#"{"errors":[{"code":"OVER_CAPACITY","message":"Over capacity"}],"request":{"params":{"account_id":"hkk5"}}}"#;
const X_CAMPAIGNS: &str = r#"{"data":[],"request":{"params":{"account_id":"hkk5"}}}"#;
const SP_QUOTA: &str = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource.","details":""}]}"#;
const SP_ORDERS: &str = r#"{"payload":{"Orders":[]}}"#;
const HTML_502: &str =
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";

// --- the scenarios -----------------------------------------------------------

#[test]
fn scraper_429_with_retry_after_then_success() {
    let server = Server::start(vec![
        Reply::new(429, SCRAPER_RATE_LIMITED).header("Retry-After", "2"),
        Reply::new(200, PRODUCT),
    ]);
    let agent = agent();
    let url = server.url("/api/v1/amazon/product?asin=B000000001");
    let mut sleeps = Vec::new();
    let mut errors = Vec::new();
    let result = retry::run_with(
        &RetryPolicy::default(),
        |delay| sleeps.push(delay),
        |_| {
            answer(get(&agent, &url), amazon_scraper::parse).inspect_err(|e| {
                errors.push((
                    e.variant(),
                    e.request_id().map(str::to_owned),
                    e.is_billed(),
                ));
            })
        },
    );
    assert_eq!(result.unwrap(), PRODUCT);
    // The code says "respect Retry-After": the server's 2 s, spread by at
    // most a tenth of it so that refused clients do not return together.
    assert_eq!(sleeps.len(), 1);
    assert!(
        sleeps[0] > secs(2) && sleeps[0] <= secs(2) + Duration::from_millis(200),
        "{sleeps:?}"
    );
    assert_eq!(
        errors,
        [(
            Some(AmazonScraperErrorCode::RateLimited),
            Some("req_9f2c8a1b3e4d".to_owned()),
            false
        )]
    );
    let seen = server.finish_lines();
    assert_eq!(seen.len(), 2);
    assert!(seen
        .iter()
        .all(|line| line == "GET /api/v1/amazon/product?asin=B000000001 HTTP/1.1"));
}

#[test]
fn x_ads_503_over_capacity_then_success_with_seeded_jitter() {
    let policy = RetryPolicy::builder().jitter_seed(2024).build();
    let run_once = || {
        let server = Server::start(vec![
            Reply::new(503, X_OVER_CAPACITY),
            Reply::new(503, X_OVER_CAPACITY),
            Reply::new(200, X_CAMPAIGNS),
        ]);
        let agent = agent();
        let url = server.url("/12/accounts/hkk5/campaigns");
        let mut sleeps = Vec::new();
        let result = retry::run_with(
            &policy,
            |delay| sleeps.push(delay),
            |_| answer(get(&agent, &url), x_ads::parse),
        );
        assert_eq!(result.unwrap(), X_CAMPAIGNS);
        assert_eq!(server.finish_lines().len(), 3);
        sleeps
    };
    let sleeps = run_once();
    // Full jitter under a 1 s, then 2 s ceiling; the very delays `decide`
    // gives for the documented response; the same on a second run.
    let documented = x_ads::parse(503, &(), X_OVER_CAPACITY.as_bytes());
    assert_eq!(documented.variant(), Some(XAdsErrorCode::OverCapacity));
    let decided: Vec<_> = (1..=2)
        .map(|n| policy.decide(&documented, n).delay().unwrap())
        .collect();
    assert_eq!(sleeps, decided);
    assert!(sleeps[0] <= secs(1) && sleeps[1] <= secs(2), "{sleeps:?}");
    assert_eq!(run_once(), sleeps);
}

#[test]
fn sp_api_429_quota_exceeded_waits_out_the_rate_limit() {
    let server = Server::start(vec![
        Reply::new(429, SP_QUOTA)
            .header("x-amzn-RateLimit-Limit", "0.5")
            .header("x-amzn-RequestId", "6875f61f-6aa1-11e8-98c6-9bExample"),
        Reply::new(200, SP_ORDERS),
    ]);
    let agent = agent();
    let url = server.url("/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER");
    let mut sleeps = Vec::new();
    let mut seen_errors = Vec::new();
    let result = retry::run_with(
        &RetryPolicy::default(),
        |delay| sleeps.push(delay),
        |_| {
            answer(get(&agent, &url), sp_api::parse).inspect_err(|e| {
                seen_errors.push((e.variant(), e.rate_limit().requests_per_second()));
            })
        },
    );
    assert_eq!(result.unwrap(), SP_ORDERS);
    // 0.5 requests per second: 2 s apart, longer than any first backoff.
    assert_eq!(sleeps, [secs(2)]);
    assert_eq!(
        seen_errors,
        [(Some(SpApiErrorCode::QuotaExceeded), Some(0.5))]
    );
    assert_eq!(server.finish_lines().len(), 2);
}

#[test]
fn sp_api_rate_slower_than_the_maximum_delay_stops_with_the_wait() {
    // One request every 200 s is more than the default 60 s maximum.
    let server = Server::start(vec![
        Reply::new(429, SP_QUOTA).header("x-amzn-RateLimit-Limit", "0.005")
    ]);
    let agent = agent();
    let url = server.url("/reports/2021-06-30/reports");
    let result = retry::run_with(
        &RetryPolicy::default(),
        |_| panic!("no retry expected"),
        |_| answer(get(&agent, &url), sp_api::parse),
    );
    let failure = result.unwrap_err();
    assert_eq!(failure.attempts(), 1);
    assert_eq!(
        failure.reason(),
        StopReason::WaitTooLong {
            wanted: secs(200),
            max: secs(60),
            source: retry::DelaySource::RateLimitSpacing,
        }
    );
    assert_eq!(server.finish_lines().len(), 1);
}

#[test]
fn permanent_403_is_tried_once() {
    let locked = r#"{"errors":[{"code":"ACCOUNT_LOCKED_OUT","message":"This account is locked"}]}"#;
    // A success is scripted next so that a wrong retry would show.
    let server = Server::start(vec![
        Reply::new(403, locked).header("Retry-After", "1"),
        Reply::new(200, X_CAMPAIGNS),
    ]);
    let agent = agent();
    let url = server.url("/12/accounts/hkk5/campaigns");
    let result = retry::run_with(
        &RetryPolicy::default(),
        |_| panic!("a permanent error must not be retried"),
        |_| answer(get(&agent, &url), x_ads::parse),
    );
    let failure = result.unwrap_err();
    assert_eq!(failure.attempts(), 1);
    assert_eq!(failure.reason(), StopReason::Permanent);
    assert_eq!(
        failure.error().variant(),
        Some(XAdsErrorCode::AccountLockedOut)
    );
    assert_eq!(failure.error().message(), Some("This account is locked"));
    assert_eq!(server.finish_lines().len(), 1);
}

#[test]
fn html_502_page_is_retried_by_its_status_until_attempts_run_out() {
    let server = Server::start((0..4).map(|_| Reply::new(502, HTML_502)).collect());
    let agent = agent();
    let url = server.url("/api/v1/amazon/search?query=kettle");
    let policy = RetryPolicy::builder().jitter(Jitter::None).build();
    let mut sleeps = Vec::new();
    let result = retry::run_with(
        &policy,
        |delay| sleeps.push(delay),
        |_| answer(get(&agent, &url), amazon_scraper::parse),
    );
    let failure = result.unwrap_err();
    assert_eq!(failure.attempts(), 4);
    assert_eq!(failure.reason(), StopReason::AttemptsExhausted { limit: 4 });
    assert_eq!(sleeps, [secs(1), secs(2), secs(4)]);
    let error = failure.error();
    assert_eq!(error.status(), 502);
    assert_eq!(error.code(), None);
    assert_eq!(error.kind(), ErrorKind::ServerError);
    assert_eq!(error.excerpt(), Some("502 Bad Gateway"));
    assert!(!error.is_billed());
    assert_eq!(server.finish_lines().len(), 4);
}

#[test]
fn post_is_not_replayed_unless_declared_safe() {
    let created = r#"{"data":{"id":"8fgzf"}}"#;
    let server = Server::start(vec![
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(200, created),
    ]);
    let agent = agent();
    let url = server.url("/12/accounts/hkk5/campaigns");
    let post = |key: Option<&str>| {
        let mut request = agent.post(&url);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        answer(fetched(request.send_empty().expect("POST")), x_ads::parse)
    };
    let policy = RetryPolicy::builder().jitter(Jitter::None).build();

    // A plain POST: one attempt.
    let plain = retry::run_with(
        &policy.for_method("POST"),
        |_| panic!("a POST must not be replayed"),
        |_| post(None),
    );
    let failure = plain.unwrap_err();
    assert_eq!(failure.attempts(), 1);
    assert_eq!(failure.reason(), StopReason::NotIdempotent);

    // The caller sends an idempotency key and says the POST is safe.
    let mut sleeps = Vec::new();
    let keyed = retry::run_with(
        &policy
            .for_method("POST")
            .with_idempotency(Idempotency::Idempotent),
        |delay| sleeps.push(delay),
        |_| post(Some("campaign-2024-001")),
    );
    assert_eq!(keyed.unwrap(), created);
    assert_eq!(sleeps, [secs(1)]);
    let seen = server.finish_lines();
    assert_eq!(seen.len(), 3);
    assert!(seen
        .iter()
        .all(|line| line == "POST /12/accounts/hkk5/campaigns HTTP/1.1"));
}

#[test]
fn async_runner_against_the_server() {
    use std::cell::RefCell;

    let server = Server::start(vec![
        Reply::new(429, SCRAPER_RATE_LIMITED).header("Retry-After", "3"),
        Reply::new(200, PRODUCT),
    ]);
    let agent = agent();
    let url = server.url("/api/v1/amazon/product?asin=B000000001");
    let sleeps = RefCell::new(Vec::new());
    let result = block_on(retry::run_async(
        &RetryPolicy::default(),
        |delay| {
            sleeps.borrow_mut().push(delay);
            std::future::ready(())
        },
        |_| {
            // A blocking call inside the future is fine for this executor.
            let fetched = get(&agent, &url);
            async move { answer(fetched, amazon_scraper::parse) }
        },
    ));
    assert_eq!(result.unwrap(), PRODUCT);
    let sleeps = sleeps.borrow();
    assert_eq!(sleeps.len(), 1);
    assert!(
        sleeps[0] > secs(3) && sleeps[0] <= secs(3) + Duration::from_millis(300),
        "{sleeps:?}"
    );
    assert_eq!(server.finish_lines().len(), 2);
}

/// With the `http` feature, a `ureq` response (an `http::Response`) is
/// parsed by the API module's `parse_response` once its body is read.
#[cfg(feature = "http")]
#[test]
fn http_feature_parses_ureq_responses() {
    let server = Server::start(vec![
        Reply::new(429, SP_QUOTA)
            .header("x-amzn-RateLimit-Limit", "0.5")
            .header("x-amzn-RequestId", "a1b2"),
        Reply::new(200, SP_ORDERS),
    ]);
    let agent = agent();
    let url = server.url("/orders/v0/orders");
    let mut sleeps = Vec::new();
    let result = retry::run_with(
        &RetryPolicy::default(),
        |delay| sleeps.push(delay),
        |_| {
            let mut response = agent.get(&url).call().expect("GET");
            let body = response
                .body_mut()
                .with_config()
                .limit(MAX_BODY_BYTES as u64)
                .read_to_vec()
                .expect("read body");
            let response = response.map(|_| body);
            if response.status().is_success() {
                Ok(response.into_body())
            } else {
                let error = sp_api::parse_response(&response);
                assert_eq!(error.request_id(), Some("a1b2"));
                Err(error)
            }
        },
    );
    assert_eq!(result.unwrap(), SP_ORDERS.as_bytes());
    assert_eq!(sleeps, [secs(2)]);
    assert_eq!(server.finish_lines().len(), 2);
}
