//! A real reqwest client against a real server on 127.0.0.1: the response
//! check, the transport classification and the async runner, together, as a
//! user writes them. Delays are recorded instead of slept; each test checks
//! the requests the server saw, the delays chosen and the typed result.

use std::sync::Mutex;
use std::time::Duration;

use api_error_codes::call::{CallError, ResponseExt, TransportError, TransportKind};
use api_error_codes::response::MAX_BODY_BYTES;
use api_error_codes::retry::{self, Jitter, RetryError, RetryPolicy, StopReason};
use api_error_codes::sp_api::SpApiErrorCode;
use api_error_codes::x_ads::{self, XAdsErrorCode};
use api_error_codes::{ApiErrorCode, ErrorKind};
use api_error_codes_tests::loopback::{refused_url, Reply, Server};

const QUOTA: &str = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource.","details":""}]}"#;
const OVER_CAPACITY: &str =
    r#"{"errors":[{"code":"OVER_CAPACITY","message":"Service is temporarily over capacity"}]}"#;
const LOCKED: &str = r#"{"errors":[{"code":"ACCOUNT_LOCKED_OUT","message":"This account is locked"}],"request":{"params":{"account_id":"18ce54d4x5t"}}}"#;
const BAD_GATEWAY: &str =
    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A policy without jitter, so the delays are exact.
fn policy() -> RetryPolicy {
    RetryPolicy::builder().jitter(Jitter::None).build()
}

type Outcome<E> = Result<String, RetryError<CallError<E, reqwest::Error>>>;

/// The user's code: send, check, read; retried by the async runner. The
/// waits are recorded, not slept.
fn fetch<E: ApiErrorCode>(
    policy: &RetryPolicy,
    method: reqwest::Method,
    url: &str,
) -> (Outcome<E>, Vec<Duration>) {
    let client = client();
    let waits = Mutex::new(Vec::new());
    let outcome = runtime().block_on(retry::run_async(
        policy,
        |delay| {
            waits.lock().unwrap().push(delay);
            std::future::ready(())
        },
        |_| async {
            let response = client
                .request(method.clone(), url)
                .send()
                .await?
                .api_error_for_status()
                .await?;
            Ok(response.text().await?)
        },
    ));
    (outcome, waits.into_inner().unwrap())
}

#[test]
fn sp_api_429_quota_exceeded_waits_the_rate_limit_then_succeeds() {
    let server = Server::start(vec![
        Reply::new(429, QUOTA).header("x-amzn-RateLimit-Limit", "0.5"),
        Reply::new(200, r#"{"payload":{"Orders":[]}}"#),
    ]);
    let (outcome, waits) = fetch::<SpApiErrorCode>(
        &policy(),
        reqwest::Method::GET,
        &server.url("/orders/v0/orders"),
    );
    assert_eq!(outcome.unwrap(), r#"{"payload":{"Orders":[]}}"#);
    assert_eq!(
        waits,
        [Duration::from_secs(2)],
        "1 / 0.5 requests per second"
    );
    assert_eq!(server.finish_lines().len(), 2);
}

#[test]
fn x_ads_503_over_capacity_backs_off_then_succeeds() {
    let server = Server::start(vec![
        Reply::new(503, OVER_CAPACITY),
        Reply::new(200, r#"{"data":[]}"#),
    ]);
    let (outcome, waits) = fetch::<XAdsErrorCode>(
        &policy(),
        reqwest::Method::GET,
        &server.url("/12/accounts/18ce54d4x5t/campaigns"),
    );
    assert_eq!(outcome.unwrap(), r#"{"data":[]}"#);
    assert_eq!(waits, [Duration::from_secs(1)]);
    assert_eq!(server.finish_lines().len(), 2);
}

#[test]
fn permanent_403_is_one_request_and_a_typed_error() {
    let server = Server::start(vec![Reply::new(403, LOCKED)]);
    let (outcome, waits) = fetch::<XAdsErrorCode>(
        &policy(),
        reqwest::Method::GET,
        &server.url("/12/accounts/18ce54d4x5t"),
    );
    let failure = outcome.unwrap_err();
    assert_eq!(failure.reason(), StopReason::Permanent);
    assert_eq!(failure.attempts(), 1);
    let error = failure.error().api_error().expect("the server answered");
    assert_eq!(error.variant(), Some(XAdsErrorCode::AccountLockedOut));
    assert_eq!(error.kind(), ErrorKind::PermissionDenied);
    assert_eq!(
        error.request_params(),
        [("account_id".to_owned(), "18ce54d4x5t".to_owned())]
    );
    assert!(waits.is_empty());
    assert_eq!(server.finish_lines().len(), 1);
}

#[test]
fn html_502_is_retried_to_the_limit_then_typed_by_its_status() {
    let server = Server::start(vec![Reply::new(502, BAD_GATEWAY); 4]);
    let (outcome, waits) =
        fetch::<XAdsErrorCode>(&policy(), reqwest::Method::GET, &server.url("/12/accounts"));
    let failure = outcome.unwrap_err();
    assert_eq!(failure.reason(), StopReason::AttemptsExhausted { limit: 4 });
    let error = failure.error().api_error().expect("the server answered");
    assert_eq!(error.status(), 502);
    assert_eq!(error.code(), None);
    assert_eq!(error.excerpt(), Some("502 Bad Gateway"));
    assert_eq!(waits, [1, 2, 4].map(Duration::from_secs));
    assert_eq!(server.finish_lines().len(), 4);
}

#[test]
fn connection_dropped_before_the_response_is_retried_for_a_get() {
    let server = Server::start(vec![Reply::dropped(), Reply::new(200, "ok")]);
    let (outcome, waits) =
        fetch::<XAdsErrorCode>(&policy(), reqwest::Method::GET, &server.url("/12/accounts"));
    assert_eq!(outcome.unwrap(), "ok");
    assert_eq!(waits, [Duration::from_secs(1)]);
    assert_eq!(server.finish_lines().len(), 2);
}

#[test]
fn connection_dropped_before_the_response_is_not_retried_for_a_post() {
    let server = Server::start(vec![Reply::dropped(), Reply::new(200, "ok")]);
    let (outcome, waits) = fetch::<XAdsErrorCode>(
        &policy().for_method("POST"),
        reqwest::Method::POST,
        &server.url("/12/accounts/18ce54d4x5t/campaigns"),
    );
    let failure = outcome.unwrap_err();
    assert_eq!(failure.reason(), StopReason::NotIdempotent);
    let transport = failure.error().transport().expect("no answer");
    assert_eq!(transport.kind(), TransportKind::Closed);
    assert!(transport.kind().may_have_reached_server());
    assert!(waits.is_empty());
    assert_eq!(server.finish_lines().len(), 1);
}

#[test]
fn post_refused_with_503_is_not_replayed_unless_declared_safe() {
    let server = Server::start(vec![
        Reply::new(503, OVER_CAPACITY),
        Reply::new(503, OVER_CAPACITY),
        Reply::new(200, "created"),
    ]);
    let url = server.url("/12/accounts/18ce54d4x5t/campaigns");
    let post = policy().for_method("POST");
    let (refused, _) = fetch::<XAdsErrorCode>(&post, reqwest::Method::POST, &url);
    assert_eq!(refused.unwrap_err().reason(), StopReason::NotIdempotent);
    let safe = post.with_idempotency(retry::Idempotency::Idempotent);
    let (created, waits) = fetch::<XAdsErrorCode>(&safe, reqwest::Method::POST, &url);
    assert_eq!(created.unwrap(), "created");
    assert_eq!(waits, [Duration::from_secs(1)]);
    assert_eq!(server.finish_lines().len(), 3);
}

#[test]
fn a_refused_connect_is_retried_even_for_a_post_and_ends_typed() {
    let (outcome, waits) = fetch::<XAdsErrorCode>(
        &policy().for_method("POST"),
        reqwest::Method::POST,
        &refused_url("/12/accounts"),
    );
    let failure = outcome.unwrap_err();
    assert_eq!(failure.reason(), StopReason::AttemptsExhausted { limit: 4 });
    assert_eq!(
        failure.error().transport().map(TransportError::kind),
        Some(TransportKind::Connect)
    );
    assert_eq!(failure.error().kind(), ErrorKind::Unavailable);
    assert_eq!(waits, [1, 2, 4].map(Duration::from_secs));
}

#[test]
fn a_body_far_over_the_cap_is_cut_never_read_whole() {
    const HUGE: usize = 64 * 1024 * 1024;
    let server = Server::start(vec![Reply::huge(503, HUGE)]);
    let url = server.url("/12/accounts");
    let error = runtime().block_on(async {
        let response = client().get(&url).send().await.expect("a response");
        response
            .api_error_for_status::<XAdsErrorCode>()
            .await
            .expect_err("503")
    });
    assert_eq!(error.status(), 503);
    assert_eq!(error.kind(), ErrorKind::Unavailable);
    assert_eq!(error.code(), None);
    assert!(error.excerpt().is_some_and(|text| text.starts_with("xxx")));
    // Judged as `parse` judges any body over the cap: the same value.
    assert_eq!(
        error,
        x_ads::parse(
            503,
            &[("Content-Type", "application/json")],
            &vec![b'x'; MAX_BODY_BYTES + 1]
        )
    );
    let seen = server.finish();
    assert!(
        seen[0].body_written < HUGE,
        "the client stopped reading: {} of {HUGE} bytes taken",
        seen[0].body_written
    );
}

#[test]
fn an_error_body_cut_mid_way_keeps_what_arrived_and_the_status_decides() {
    let partial = r#"{"errors":[{"code":"OVER_CAPA"#;
    let server = Server::start(vec![Reply::cut(503, partial, 4096), Reply::new(200, "ok")]);
    let (outcome, waits) =
        fetch::<XAdsErrorCode>(&policy(), reqwest::Method::GET, &server.url("/12/accounts"));
    assert_eq!(
        outcome.unwrap(),
        "ok",
        "a 503 is retried, whole body or not"
    );
    assert_eq!(waits, [Duration::from_secs(1)]);
    assert_eq!(server.finish_lines().len(), 2);
}

#[test]
fn a_success_body_cut_mid_way_is_a_body_failure_retried_for_a_get_only() {
    let server = Server::start(vec![
        Reply::cut(200, r#"{"data":[{"id":"#, 4096),
        Reply::new(200, r#"{"data":[]}"#),
        Reply::cut(200, r#"{"data":[{"id":"#, 4096),
    ]);
    let url = server.url("/12/accounts");
    let (outcome, waits) = fetch::<XAdsErrorCode>(&policy(), reqwest::Method::GET, &url);
    assert_eq!(outcome.unwrap(), r#"{"data":[]}"#);
    assert_eq!(waits, [Duration::from_secs(1)]);
    let (posted, _) =
        fetch::<XAdsErrorCode>(&policy().for_method("POST"), reqwest::Method::POST, &url);
    let failure = posted.unwrap_err();
    assert_eq!(failure.reason(), StopReason::NotIdempotent);
    assert_eq!(
        failure.error().transport().map(TransportError::kind),
        Some(TransportKind::Body)
    );
    assert_eq!(server.finish_lines().len(), 3);
}

#[test]
fn the_check_gives_the_value_the_api_modules_parse_gives() {
    let server = Server::start(vec![Reply::new(403, LOCKED)
        .header("x-rate-limit-remaining", "0")
        .header("x-rate-limit-reset", "1700000000")]);
    let url = server.url("/12/accounts/18ce54d4x5t");
    let error = runtime().block_on(async {
        let response = client().get(&url).send().await.expect("a response");
        let headers = response.headers().clone();
        let error = response
            .api_error_for_status::<XAdsErrorCode>()
            .await
            .expect_err("403");
        assert_eq!(error, x_ads::parse(403, &headers, LOCKED.as_bytes()));
        error
    });
    assert_eq!(error.rate_limit().remaining(), Some(0));
    let _ = server.finish();
}

#[test]
fn a_success_is_handed_back_untouched() {
    let server = Server::start(vec![
        Reply::new(200, r#"{"data":[1,2,3]}"#).header("x-rate-limit-remaining", "199")
    ]);
    let url = server.url("/12/accounts");
    let (status, remaining, body) = runtime().block_on(async {
        let response = client()
            .get(&url)
            .send()
            .await
            .expect("a response")
            .api_error_for_status::<XAdsErrorCode>()
            .await
            .expect("200");
        let remaining = response.headers()["x-rate-limit-remaining"].clone();
        (
            response.status(),
            remaining,
            response.text().await.expect("the body"),
        )
    });
    assert_eq!(status, 200);
    assert_eq!(remaining, "199");
    assert_eq!(body, r#"{"data":[1,2,3]}"#);
    let _ = server.finish();
}

#[test]
fn reqwests_own_error_for_status_becomes_the_apis_error_for_the_status() {
    let server = Server::start(vec![Reply::new(503, OVER_CAPACITY), Reply::new(200, "ok")]);
    let url = server.url("/12/accounts");
    let client = client();
    let waits = Mutex::new(Vec::new());
    let outcome: Result<String, RetryError<CallError<XAdsErrorCode, reqwest::Error>>> = runtime()
        .block_on(retry::run_async(
            &policy(),
            |delay| {
                waits.lock().unwrap().push(delay);
                std::future::ready(())
            },
            |_| async {
                let response = client.get(&url).send().await?.error_for_status()?;
                Ok(response.text().await?)
            },
        ));
    assert_eq!(outcome.unwrap(), "ok");
    assert_eq!(waits.into_inner().unwrap(), [Duration::from_secs(1)]);
    assert_eq!(server.finish_lines().len(), 2);
}

/// A catalog whose failures may come with 200, as Slack's do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(body(code = "error", success_flag = "ok"))]
enum Slack {
    /// Too many attachments were sent.
    #[code(200, "too_many_attachments", kind = InvalidRequest)]
    TooManyAttachments,
}

const SLACK_FAILED: &str =
    include_str!("../fixtures/bodies/own_api/slack_too_many_attachments.json");

#[test]
fn a_200_whose_success_flag_is_false_fails_the_call() {
    let server = Server::start(vec![Reply::new(200, SLACK_FAILED)]);
    let url = server.url("/api/chat.postMessage");
    let checked = runtime().block_on(async {
        let response = client().get(&url).send().await.expect("a response");
        response.api_error_for_status::<Slack>().await
    });
    let error = checked.expect_err("ok: false");
    assert_eq!(error.status(), 200);
    assert_eq!(error.variant(), Some(Slack::TooManyAttachments));
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
}

#[test]
fn a_success_read_for_its_flag_is_handed_back_whole() {
    let body = r#"{"ok":true,"channel":"C123ABC456"}"#;
    let server = Server::start(vec![Reply::new(200, body).header("x-slack-req-id", "abc")]);
    let url = server.url("/api/chat.postMessage");
    let (seen_url, header, text) = runtime().block_on(async {
        let response = client().get(&url).send().await.expect("a response");
        let response = response
            .api_error_for_status::<Slack>()
            .await
            .expect("ok: true");
        let header = response.headers().get("x-slack-req-id").cloned();
        (
            response.url().to_string(),
            header,
            response.text().await.expect("the body"),
        )
    });
    assert_eq!(seen_url, url);
    assert_eq!(header.as_ref().map(|h| h.to_str().unwrap()), Some("abc"));
    assert_eq!(text, body);
}

#[test]
fn a_success_longer_than_the_cap_is_handed_back_uncut() {
    let length = 2 * MAX_BODY_BYTES + 7;
    let server = Server::start(vec![Reply::huge(200, length)]);
    let url = server.url("/");
    let bytes = runtime().block_on(async {
        let response = client().get(&url).send().await.expect("a response");
        let response = response
            .api_error_for_status::<Slack>()
            .await
            .expect("not JSON: a success");
        // The bytes read and what is left: the length announced.
        assert_eq!(response.content_length(), Some(length as u64));
        response.bytes().await.expect("the body")
    });
    assert_eq!(bytes.len(), length);
}

#[test]
fn a_success_cut_short_while_read_for_its_flag_still_fails_to_read() {
    let sent = r#"{"ok":true,"channel":"#;
    let server = Server::start(vec![Reply::cut(200, sent, 4_096)]);
    let url = server.url("/api/chat.postMessage");
    let read = runtime().block_on(async {
        let response = client().get(&url).send().await.expect("a response");
        let response = response
            .api_error_for_status::<Slack>()
            .await
            .expect("not JSON yet: a success");
        response.bytes().await
    });
    // The body failed where it failed; it did not end after the bytes read.
    let failed = TransportError::from(read.expect_err("cut short"));
    assert_eq!(failed.kind(), TransportKind::Body);
    assert_eq!(server.finish_lines().len(), 1);
}
