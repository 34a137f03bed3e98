//! A real ureq client against a real server on 127.0.0.1: the blocking
//! response check, ureq's errors classified, and the blocking runner.

use std::time::Duration;

use api_error_codes::call::{BlockingResponseExt, CallError, TransportError, TransportKind};
use api_error_codes::response::MAX_BODY_BYTES;
use api_error_codes::retry::{self, Jitter, RetryError, RetryPolicy, StopReason};
use api_error_codes::sp_api::SpApiErrorCode;
use api_error_codes::x_ads::{self, XAdsErrorCode};
use api_error_codes::{ApiErrorCode, ErrorKind};
use api_error_codes_tests::loopback::{refused_url, Reply, Server};

const QUOTA: &str = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource."}]}"#;

/// An agent that hands error statuses back as responses, as the check
/// wants, and talks to 127.0.0.1 directly.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

type Outcome<E> = Result<String, RetryError<CallError<E, ureq::Error>>>;

fn fetch<E: ApiErrorCode>(
    agent: &ureq::Agent,
    policy: &RetryPolicy,
    url: &str,
) -> (Outcome<E>, Vec<Duration>) {
    let mut waits = Vec::new();
    let outcome = retry::run_with(
        policy,
        |delay| waits.push(delay),
        |_| {
            let response = agent.get(url).call()?.api_error_for_status()?;
            Ok(response.into_body().read_to_string()?)
        },
    );
    (outcome, waits)
}

fn policy() -> RetryPolicy {
    RetryPolicy::builder().jitter(Jitter::None).build()
}

#[test]
fn sp_api_429_waits_the_rate_limit_then_succeeds() {
    let server = Server::start(vec![
        Reply::new(429, QUOTA).header("x-amzn-RateLimit-Limit", "0.5"),
        Reply::new(200, "orders"),
    ]);
    let (outcome, waits) =
        fetch::<SpApiErrorCode>(&agent(), &policy(), &server.url("/orders/v0/orders"));
    assert_eq!(outcome.unwrap(), "orders");
    assert_eq!(waits, [Duration::from_secs(2)]);
    assert_eq!(server.finish_lines().len(), 2);
}

#[test]
fn a_dropped_connection_is_retried_for_a_get() {
    let server = Server::start(vec![Reply::dropped(), Reply::new(200, "ok")]);
    let (outcome, waits) = fetch::<XAdsErrorCode>(&agent(), &policy(), &server.url("/12/accounts"));
    assert_eq!(outcome.unwrap(), "ok");
    assert_eq!(waits, [Duration::from_secs(1)]);
    assert_eq!(server.finish_lines().len(), 2);
}

#[test]
fn a_dropped_connection_is_not_retried_for_a_post() {
    let server = Server::start(vec![Reply::dropped()]);
    let url = server.url("/12/accounts");
    let agent = agent();
    let outcome: Outcome<XAdsErrorCode> = retry::run_with(
        &policy().for_method("POST"),
        |_| panic!("no retry"),
        |_| {
            let response = agent.post(&url).send("{}")?.api_error_for_status()?;
            Ok(response.into_body().read_to_string()?)
        },
    );
    let failure = outcome.unwrap_err();
    assert_eq!(failure.reason(), StopReason::NotIdempotent);
    let kind = failure.error().transport().map(TransportError::kind);
    assert!(
        matches!(kind, Some(TransportKind::Closed)),
        "a connection closed before the response: {kind:?} ({})",
        failure.error()
    );
    assert_eq!(server.finish_lines().len(), 1);
}

#[test]
fn a_refused_connect_is_a_connect_failure() {
    let (outcome, waits) = fetch::<XAdsErrorCode>(&agent(), &policy(), &refused_url("/"));
    let failure = outcome.unwrap_err();
    assert_eq!(
        failure.error().transport().map(TransportError::kind),
        Some(TransportKind::Connect)
    );
    assert_eq!(failure.reason(), StopReason::AttemptsExhausted { limit: 4 });
    assert_eq!(waits, [1, 2, 4].map(Duration::from_secs));
}

#[test]
fn a_body_far_over_the_cap_is_cut_never_read_whole() {
    const HUGE: usize = 64 * 1024 * 1024;
    let server = Server::start(vec![Reply::huge(503, HUGE)]);
    let response = agent().get(&server.url("/")).call().expect("a response");
    let error = response
        .api_error_for_status::<XAdsErrorCode>()
        .expect_err("503");
    let over_cap = x_ads::parse(
        503,
        &[("Content-Type", "application/json")],
        &vec![b'x'; MAX_BODY_BYTES + 1],
    );
    assert_eq!(error, over_cap);
    let seen = server.finish();
    assert!(
        seen[0].body_written < HUGE,
        "{} bytes taken",
        seen[0].body_written
    );
}

#[test]
fn ureqs_default_status_errors_keep_the_status() {
    let server = Server::start(vec![Reply::new(429, QUOTA), Reply::new(200, "ok")]);
    // ureq's default agent turns 429 into `Error::StatusCode(429)`.
    let strict: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    let (outcome, waits) =
        fetch::<SpApiErrorCode>(&strict, &policy(), &server.url("/orders/v0/orders"));
    assert_eq!(outcome.unwrap(), "ok");
    assert_eq!(waits.len(), 1, "429 is retried by its status");
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

#[test]
fn a_200_whose_success_flag_is_false_fails_the_call() {
    let body = include_str!("../fixtures/bodies/own_api/slack_too_many_attachments.json");
    let server = Server::start(vec![Reply::new(200, body)]);
    let response = agent()
        .get(&server.url("/api/chat.postMessage"))
        .call()
        .expect("a response");
    let error = response
        .api_error_for_status::<Slack>()
        .expect_err("ok: false");
    assert_eq!(error.status(), 200);
    assert_eq!(error.variant(), Some(Slack::TooManyAttachments));
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
}

#[test]
fn a_success_read_for_its_flag_is_handed_back_whole() {
    let length = 2 * MAX_BODY_BYTES + 7;
    let server = Server::start(vec![Reply::huge(200, length)]);
    let response = agent().get(&server.url("/")).call().expect("a response");
    let mut response = response.api_error_for_status::<Slack>().expect("a success");
    let bytes = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .expect("the body");
    assert_eq!(bytes.len(), length);
    let body = r#"{"ok":true}"#;
    let server = Server::start(vec![Reply::new(200, body)]);
    let response = agent().get(&server.url("/")).call().expect("a response");
    let mut response = response.api_error_for_status::<Slack>().expect("a success");
    assert_eq!(
        response.body_mut().read_to_string().expect("the body"),
        body
    );
}
