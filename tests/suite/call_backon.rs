//! The backon functions end to end: a real reqwest client (HTTP/1, no
//! TLS) against the loopback server, retried by backon with
//! `.when(backon::when(policy))` and `.adjust(backon::adjust(policy))`,
//! through the six scenarios, on tokio's paused clock. The delays are
//! the ones backon reports to `.notify(...)`, just before it sleeps them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use api_error_codes::call::{backon as api_backon, CallError, ResponseExt, TransportKind};
use api_error_codes::retry::{Idempotency, RetryPolicy};
use api_error_codes::sp_api::SpApiErrorCode;
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::ApiErrorCode;
use api_error_codes_tests::loopback::{Reply, Server};
use api_error_codes_tests::scenario::{
    ms, policy, sp_quota_reply, sp_unauthorized_reply, BASE_DELAY, HTML_502, SP_ORDERS,
    SP_REQUEST_ID, X_CAMPAIGNS, X_OVER_CAPACITY,
};
use backon::{ExponentialBuilder, Retryable};

type Answer<E> = Result<String, CallError<E, reqwest::Error>>;

async fn fetch<E: ApiErrorCode>(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
) -> Answer<E> {
    let response = client.request(method, url).body("{}").send().await?;
    Ok(response.api_error_for_status().await?.text().await?)
}

/// backon's exponential backoff from 10 ms, without jitter (its default),
/// and as many retries as the policy allows.
fn backoff() -> ExponentialBuilder {
    ExponentialBuilder::default()
        .with_min_delay(BASE_DELAY)
        .with_max_times(5)
}

/// Runs `method url` with backon and the crate's two functions; the
/// answer and the delays backon slept.
async fn run<E: ApiErrorCode>(
    policy: RetryPolicy,
    method: reqwest::Method,
    url: &str,
) -> (Answer<E>, Vec<Duration>) {
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client");
    let slept = Arc::new(Mutex::new(Vec::new()));
    let notified = Arc::clone(&slept);
    let answer = (|| fetch::<E>(&client, method.clone(), url))
        .retry(backoff())
        .when(api_backon::when(policy))
        .adjust(api_backon::adjust(policy))
        .notify(move |_, delay| notified.lock().unwrap().push(delay))
        .await;
    let slept = slept.lock().unwrap().clone();
    (answer, slept)
}

#[tokio::test(start_paused = true)]
async fn sp_api_quota_waits_the_rate_spacing_then_succeeds() {
    let server = Server::start(vec![sp_quota_reply(), Reply::new(200, SP_ORDERS)]);
    let (answer, slept) = run::<SpApiErrorCode>(
        policy(),
        reqwest::Method::GET,
        &server.url("/orders/v0/orders"),
    )
    .await;
    assert_eq!(answer.unwrap(), SP_ORDERS);
    // backon proposed 10 ms; the rate of 0.5 requests per second requires 2 s.
    assert_eq!(slept, [Duration::from_secs(2)]);
    assert_eq!(server.finish_lines(), ["GET /orders/v0/orders HTTP/1.1"; 2]);
}

#[tokio::test(start_paused = true)]
async fn x_ads_over_capacity_then_success() {
    let server = Server::start(vec![
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(200, X_CAMPAIGNS),
    ]);
    let (answer, slept) = run::<XAdsErrorCode>(
        policy(),
        reqwest::Method::GET,
        &server.url("/12/accounts/hkk5/campaigns"),
    )
    .await;
    assert_eq!(answer.unwrap(), X_CAMPAIGNS);
    // Nothing required a wait: backon's own backoff.
    assert_eq!(slept, [ms(10)]);
    assert_eq!(server.finish_lines().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn permanent_403_is_sent_once() {
    let server = Server::start(vec![sp_unauthorized_reply()]);
    let (answer, slept) = run::<SpApiErrorCode>(
        policy(),
        reqwest::Method::GET,
        &server.url("/orders/v0/orders"),
    )
    .await;
    let error = answer.unwrap_err();
    assert_eq!(error.variant(), Some(SpApiErrorCode::Unauthorized));
    assert_eq!(error.request_id(), Some(SP_REQUEST_ID));
    assert_eq!(slept, []);
    assert_eq!(server.finish_lines().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn html_502_is_retried_to_the_policy_limit_then_typed() {
    let server = Server::start(vec![Reply::new(502, HTML_502); 3]);
    let (answer, slept) = run::<SpApiErrorCode>(
        policy(),
        reqwest::Method::GET,
        &server.url("/orders/v0/orders"),
    )
    .await;
    let error = answer.unwrap_err().into_api_error().unwrap();
    assert_eq!((error.status(), error.code()), (502, None));
    assert_eq!(error.excerpt(), Some("502 Bad Gateway"));
    // backon would retry 5 times; the policy's 3 attempts stop it.
    assert_eq!(slept, [ms(10), ms(20)]);
    assert_eq!(server.finish_lines().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn dropped_connection_is_retried_for_get_not_for_post() {
    let server = Server::start(vec![
        Reply::dropped(),
        Reply::new(200, X_CAMPAIGNS),
        Reply::dropped(),
    ]);
    let url = server.url("/12/accounts/hkk5/campaigns");
    let get = policy().for_method("GET");
    let (answer, slept) = run::<XAdsErrorCode>(get, reqwest::Method::GET, &url).await;
    assert_eq!(answer.unwrap(), X_CAMPAIGNS);
    assert_eq!(slept, [ms(10)]);

    let post = policy().for_method("POST");
    let (answer, slept) = run::<XAdsErrorCode>(post, reqwest::Method::POST, &url).await;
    assert_eq!(
        answer.unwrap_err().transport().map(|t| t.kind()),
        Some(TransportKind::Closed)
    );
    assert_eq!(slept, []);
    let seen = server.finish_lines();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[2], "POST /12/accounts/hkk5/campaigns HTTP/1.1");
}

#[tokio::test(start_paused = true)]
async fn post_refused_with_503_is_not_replayed_unless_declared_safe() {
    let server = Server::start(vec![
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(200, X_CAMPAIGNS),
    ]);
    let url = server.url("/12/accounts/hkk5/campaigns");
    let post = policy().for_method("POST");
    let (answer, slept) = run::<XAdsErrorCode>(post, reqwest::Method::POST, &url).await;
    assert_eq!(
        answer.unwrap_err().variant(),
        Some(XAdsErrorCode::OverCapacity)
    );
    assert_eq!(slept, []);

    let declared = post.with_idempotency(Idempotency::Idempotent);
    let (answer, slept) = run::<XAdsErrorCode>(declared, reqwest::Method::POST, &url).await;
    assert_eq!(answer.unwrap(), X_CAMPAIGNS);
    assert_eq!(slept, [ms(10)]);
    assert_eq!(
        server.finish_lines(),
        ["POST /12/accounts/hkk5/campaigns HTTP/1.1"; 3]
    );
}

/// backon passes `None` once its own limit is spent; `adjust` keeps it,
/// though the policy would allow more attempts.
#[tokio::test(start_paused = true)]
async fn backon_limit_spent_stays_spent() {
    let server = Server::start(vec![Reply::new(503, X_OVER_CAPACITY); 2]);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = server.url("/12/accounts/hkk5/campaigns");
    let policy = RetryPolicy::default();
    let answer = (|| fetch::<XAdsErrorCode>(&client, reqwest::Method::GET, &url))
        .retry(
            ExponentialBuilder::default()
                .with_min_delay(BASE_DELAY)
                .with_max_times(1),
        )
        .when(api_backon::when(policy))
        .adjust(api_backon::adjust(policy))
        .await;
    assert_eq!(
        answer.unwrap_err().variant(),
        Some(XAdsErrorCode::OverCapacity)
    );
    assert_eq!(server.finish_lines().len(), 2);
}
