//! The tower layer end to end: `ApiRetryLayer` over a tower service that
//! sends `http::Request`s with a real reqwest client (HTTP/1, no TLS) to
//! the loopback server, through the six scenarios. Time is tokio's paused
//! clock, so the waits chosen cost nothing; the delays are asserted from
//! the decisions the layer reports.

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use api_error_codes::call::tower::ApiRetryLayer;
use api_error_codes::call::{CallError, ResponseExt, TransportKind};
use api_error_codes::response::MAX_BODY_BYTES;
use api_error_codes::retry::{
    DelaySource, Idempotency, Jitter, RetryDecision, RetryPolicy, StopReason,
};
use api_error_codes::sp_api::SpApiErrorCode;
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{ApiErrorCode, ErrorKind};
use api_error_codes_tests::loopback::{Reply, Server};
use api_error_codes_tests::scenario::{
    self, answered, ms, policy, sp_quota_reply, sp_unauthorized_reply, unanswered, Recorder,
    HTML_502, SP_ORDERS, SP_REQUEST_ID, X_CAMPAIGNS, X_OVER_CAPACITY,
};
use bytes::Buf;
use http_body::{Body, Frame, SizeHint};
use tower::{Layer, Service, ServiceExt};

/// A tower service over reqwest: `http::Request<String>` in,
/// `http::Response<reqwest::Body>` out, reqwest's error as the error.
#[derive(Clone)]
struct Reqwest {
    client: reqwest::Client,
    /// When set, the first call takes this long before it is sent.
    slow_first: Option<(Duration, Arc<AtomicBool>)>,
}

impl Reqwest {
    fn new() -> Reqwest {
        Reqwest {
            client: reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("reqwest client"),
            slow_first: None,
        }
    }
}

impl Service<http::Request<String>> for Reqwest {
    type Response = http::Response<reqwest::Body>;
    type Error = reqwest::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, reqwest::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), reqwest::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<String>) -> Self::Future {
        let client = self.client.clone();
        let delay = self
            .slow_first
            .as_ref()
            .filter(|(_, done)| !done.swap(true, Ordering::SeqCst))
            .map(|(delay, _)| *delay);
        Box::pin(async move {
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
            let request = reqwest::Request::try_from(request)?;
            Ok(http::Response::from(client.execute(request).await?))
        })
    }
}

type Answer<E> = Result<(u16, String), CallError<E, reqwest::Error>>;

/// Sends `request` through the layer over `inner`; the status and body,
/// or the typed error.
async fn send<E: ApiErrorCode + 'static>(
    layer: &ApiRetryLayer<E>,
    inner: Reqwest,
    request: http::Request<String>,
) -> Answer<E> {
    let mut service = layer.layer(inner);
    let response = service.ready().await?.call(request).await?;
    let status = response.status().as_u16();
    // A success's body as the layer hands it on, read as reqwest reads it.
    let response = reqwest::Response::from(response.map(reqwest::Body::wrap));
    Ok((status, response.text().await?))
}

fn get(url: &str) -> http::Request<String> {
    http::Request::get(url)
        .body(String::new())
        .expect("request")
}

fn post(url: &str) -> http::Request<String> {
    http::Request::post(url)
        .body(r#"{"name":"campaign"}"#.to_owned())
        .expect("request")
}

fn retry(delay: Duration, source: DelaySource) -> RetryDecision {
    RetryDecision::Retry { delay, source }
}

#[tokio::test(start_paused = true)]
async fn sp_api_quota_waits_the_rate_spacing_then_succeeds() {
    let server = Server::start(vec![sp_quota_reply(), Reply::new(200, SP_ORDERS)]);
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<SpApiErrorCode>::new(policy()).on_retry(recorder.hook());
    let answer = send(
        &layer,
        Reqwest::new(),
        get(&server.url("/orders/v0/orders")),
    )
    .await;
    assert_eq!(answer.unwrap(), (200, SP_ORDERS.to_owned()));
    // 0.5 requests per second: 2 s, not the 10 ms backoff, and not a stop.
    assert_eq!(
        recorder.decided(),
        [answered(
            (1, 3),
            429,
            Some("QuotaExceeded"),
            retry(Duration::from_secs(2), DelaySource::RateLimitSpacing)
        )]
    );
    assert_eq!(server.finish_lines(), ["GET /orders/v0/orders HTTP/1.1"; 2]);
}

#[tokio::test(start_paused = true)]
async fn x_ads_over_capacity_then_success() {
    let server = Server::start(vec![
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(200, X_CAMPAIGNS),
    ]);
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<XAdsErrorCode>::new(policy()).on_retry(recorder.hook());
    let answer = send(
        &layer,
        Reqwest::new(),
        get(&server.url("/12/accounts/hkk5/campaigns")),
    )
    .await;
    assert_eq!(answer.unwrap(), (200, X_CAMPAIGNS.to_owned()));
    assert_eq!(
        recorder.decided(),
        [answered(
            (1, 3),
            503,
            Some("OVER_CAPACITY"),
            retry(ms(10), DelaySource::Backoff)
        )]
    );
    assert_eq!(server.finish_lines().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn permanent_403_is_sent_once() {
    let server = Server::start(vec![sp_unauthorized_reply()]);
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<SpApiErrorCode>::new(policy()).on_retry(recorder.hook());
    let error = send(
        &layer,
        Reqwest::new(),
        get(&server.url("/orders/v0/orders")),
    )
    .await
    .unwrap_err();
    assert_eq!(error.variant(), Some(SpApiErrorCode::Unauthorized));
    assert_eq!(error.status(), Some(403));
    assert_eq!(error.request_id(), Some(SP_REQUEST_ID));
    assert_eq!(
        recorder.decided(),
        [answered(
            (1, 3),
            403,
            Some("Unauthorized"),
            RetryDecision::Stop(StopReason::Permanent)
        )]
    );
    assert_eq!(server.finish_lines().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn html_502_is_retried_to_the_limit_then_typed() {
    let server = Server::start(vec![Reply::new(502, HTML_502); 3]);
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<SpApiErrorCode>::new(policy()).on_retry(recorder.hook());
    let error = send(
        &layer,
        Reqwest::new(),
        get(&server.url("/orders/v0/orders")),
    )
    .await
    .unwrap_err();
    let error = error.into_api_error().expect("the server answered");
    assert_eq!((error.status(), error.code()), (502, None));
    assert_eq!(error.excerpt(), Some("502 Bad Gateway"));
    assert_eq!(
        recorder.decided(),
        [
            answered((1, 3), 502, None, retry(ms(10), DelaySource::Backoff)),
            answered((2, 3), 502, None, retry(ms(20), DelaySource::Backoff)),
            answered(
                (3, 3),
                502,
                None,
                RetryDecision::Stop(StopReason::AttemptsExhausted { limit: 3 })
            ),
        ]
    );
    assert_eq!(server.finish_lines().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn dropped_connection_is_retried_for_get_not_for_post() {
    let server = Server::start(vec![
        Reply::dropped(),
        Reply::new(200, X_CAMPAIGNS),
        Reply::dropped(),
    ]);
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<XAdsErrorCode>::new(policy()).on_retry(recorder.hook());
    let url = server.url("/12/accounts/hkk5/campaigns");

    let answer = send(&layer, Reqwest::new(), get(&url)).await;
    assert_eq!(answer.unwrap(), (200, X_CAMPAIGNS.to_owned()));
    let error = send(&layer, Reqwest::new(), post(&url)).await.unwrap_err();
    assert_eq!(
        error.transport().map(|t| t.kind()),
        Some(TransportKind::Closed)
    );

    assert_eq!(
        recorder.decided(),
        [
            unanswered(
                (1, 3),
                TransportKind::Closed,
                retry(ms(10), DelaySource::Backoff)
            ),
            unanswered(
                (1, 3),
                TransportKind::Closed,
                RetryDecision::Stop(StopReason::NotIdempotent)
            ),
        ]
    );
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
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<XAdsErrorCode>::new(policy()).on_retry(recorder.hook());
    let url = server.url("/12/accounts/hkk5/campaigns");

    let error = send(&layer, Reqwest::new(), post(&url)).await.unwrap_err();
    assert_eq!(error.variant(), Some(XAdsErrorCode::OverCapacity));

    let mut declared = post(&url);
    declared.extensions_mut().insert(Idempotency::Idempotent);
    let answer = send(&layer, Reqwest::new(), declared).await;
    assert_eq!(answer.unwrap(), (200, X_CAMPAIGNS.to_owned()));

    assert_eq!(
        recorder.decided(),
        [
            answered(
                (1, 3),
                503,
                Some("OVER_CAPACITY"),
                RetryDecision::Stop(StopReason::NotIdempotent)
            ),
            answered(
                (1, 3),
                503,
                Some("OVER_CAPACITY"),
                retry(ms(10), DelaySource::Backoff)
            ),
        ]
    );
    let seen = server.finish_lines();
    assert_eq!(seen, ["POST /12/accounts/hkk5/campaigns HTTP/1.1"; 3]);
}

/// The budget counts from where tower first asks the policy (for a copy
/// of the request, before the first attempt is sent), and per call: a
/// first attempt that takes 3 s leaves no room for a 2 s wait in a 4 s
/// budget, and the next call on the same service starts its own clock.
#[tokio::test(start_paused = true)]
async fn budget_clock_starts_before_the_first_attempt_of_each_call() {
    let server = Server::start(vec![
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(200, X_CAMPAIGNS),
    ]);
    let policy = RetryPolicy::builder()
        .base_delay(Duration::from_secs(2))
        .jitter(Jitter::None)
        .max_elapsed(Duration::from_secs(4))
        .build();
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<XAdsErrorCode>::new(policy).on_retry(recorder.hook());
    let inner = Reqwest {
        slow_first: Some((Duration::from_secs(3), Arc::new(AtomicBool::new(false)))),
        ..Reqwest::new()
    };
    let mut service = layer.layer(inner);
    let url = server.url("/12/accounts/hkk5/campaigns");

    let first = service.ready().await.unwrap().call(get(&url)).await;
    assert_eq!(
        first.unwrap_err().variant(),
        Some(XAdsErrorCode::OverCapacity)
    );
    tokio::time::sleep(Duration::from_secs(60)).await;
    let second = service.ready().await.unwrap().call(get(&url)).await;
    assert_eq!(second.unwrap().status(), 200);

    let budget = Duration::from_secs(4);
    assert_eq!(
        recorder.decided(),
        [
            // 3 s spent + 2 s backoff > 4 s.
            answered(
                (1, 4),
                503,
                Some("OVER_CAPACITY"),
                RetryDecision::Stop(StopReason::ElapsedLimit {
                    max_elapsed: budget
                })
            ),
            // A fresh clock: not the 63 s since the first call began.
            answered(
                (1, 4),
                503,
                Some("OVER_CAPACITY"),
                retry(Duration::from_secs(2), DelaySource::Backoff)
            ),
        ]
    );
    assert_eq!(server.finish_lines().len(), 3);
}

/// The same typed error as `api_error_for_status` gives for the same
/// response: the layer reads the body as the extension does.
#[tokio::test(start_paused = true)]
async fn final_error_matches_api_error_for_status() {
    let server = Server::start(vec![sp_unauthorized_reply(), sp_unauthorized_reply()]);
    let layer = ApiRetryLayer::<SpApiErrorCode>::new(scenario::policy());
    let url = server.url("/orders/v0/orders");
    let through_layer = send(&layer, Reqwest::new(), get(&url)).await.unwrap_err();
    let direct = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(&url)
        .send()
        .await
        .unwrap()
        .api_error_for_status::<SpApiErrorCode>()
        .await
        .unwrap_err();
    assert_eq!(through_layer.into_api_error().unwrap(), direct);
    assert_eq!(server.finish_lines().len(), 2);
}

/// The shared retry budget holds across calls of one layer: once spent,
/// a call stops with its own reason instead of retrying.
#[tokio::test(start_paused = true)]
async fn a_spent_retry_budget_stops_the_next_retry() {
    let server = Server::start(vec![Reply::new(503, X_OVER_CAPACITY); 4]);
    let url = server.url("/12/accounts");
    // One retry's worth: 5 tokens, a retry costs 5.
    let budget = api_error_codes::retry::RetryBudget::with_capacity(5);
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<XAdsErrorCode>::new(policy())
        .budget(budget.clone())
        .on_retry(recorder.hook());
    let first = send(&layer, Reqwest::new(), get(&url)).await.unwrap_err();
    assert_eq!(first.status(), Some(503));
    assert_eq!(budget.available(), 0);
    let second = send(&layer, Reqwest::new(), get(&url)).await.unwrap_err();
    assert_eq!(second.status(), Some(503));
    let stops: Vec<_> = recorder
        .decided()
        .into_iter()
        .map(|decided| decided.decision)
        .collect();
    assert_eq!(
        stops,
        [
            retry(ms(10), DelaySource::Backoff),
            RetryDecision::Stop(StopReason::RetryBudgetEmpty),
            RetryDecision::Stop(StopReason::RetryBudgetEmpty),
        ]
    );
    assert_eq!(server.finish_lines().len(), 3);
}

/// The pacer learns the SP-API's rate from a success's header and spaces
/// the next call of the same operation, before it is sent.
#[tokio::test(start_paused = true)]
async fn the_pacer_spaces_calls_by_the_rate_a_success_announced() {
    let server = Server::start(vec![
        Reply::new(200, SP_ORDERS).header("x-amzn-RateLimit-Limit", "0.5"),
        Reply::new(200, SP_ORDERS).header("x-amzn-RateLimit-Limit", "0.5"),
    ]);
    let url = server.url("/orders/v0/orders");
    let pacer = api_error_codes::retry::Pacer::new();
    let layer = ApiRetryLayer::<SpApiErrorCode>::new(
        policy()
            .to_builder()
            .max_delay(Duration::from_secs(5))
            .build(),
    )
    .pacer(pacer.clone());
    let started = tokio::time::Instant::now();
    assert_eq!(
        send(&layer, Reqwest::new(), get(&url)).await.unwrap().0,
        200
    );
    let first_took = started.elapsed();
    assert_eq!(
        send(&layer, Reqwest::new(), get(&url)).await.unwrap().0,
        200
    );
    // The paused clock moves only by the pacer's sleep: about 2 s (1 / 0.5
    // requests per second), measured on the system clock the pacer reads.
    let paced = started.elapsed() - first_took;
    assert!(
        paced > Duration::from_millis(1_500) && paced <= Duration::from_secs(2),
        "paced {paced:?}"
    );
    assert_eq!(server.finish_lines().len(), 2);
}

/// A catalog whose successes can state errors, as Slack's do: a 200 with
/// `"ok": false` is a failure, judged by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(body(code = "error", success_flag = "ok"))]
enum Slack {
    /// The method was called too often.
    #[code(200, "ratelimited", kind = RateLimited, retry)]
    Ratelimited,
    /// The token is invalid.
    #[code(200, "invalid_auth", kind = Unauthenticated)]
    InvalidAuth,
}

const SLACK_RATELIMITED: &str = r#"{"ok":false,"error":"ratelimited"}"#;
const SLACK_INVALID_AUTH: &str = r#"{"ok":false,"error":"invalid_auth"}"#;
const SLACK_HISTORY: &str = r#"{"ok":true,"messages":[],"has_more":false}"#;

/// The body of an `http_body::Body`, read to its end.
async fn collect<B: Body>(body: B) -> Result<Vec<u8>, B::Error> {
    let mut body = std::pin::pin!(body);
    let mut bytes = Vec::new();
    while let Some(frame) = poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        if let Ok(mut data) = frame?.into_data() {
            while data.has_remaining() {
                let chunk = data.chunk();
                bytes.extend_from_slice(chunk);
                let read = chunk.len();
                data.advance(read);
            }
        }
    }
    Ok(bytes)
}

#[tokio::test(start_paused = true)]
async fn a_200_whose_flag_is_false_with_a_retryable_code_is_retried_then_succeeds() {
    let server = Server::start(vec![
        Reply::new(200, SLACK_RATELIMITED),
        Reply::new(200, SLACK_HISTORY),
    ]);
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<Slack>::new(policy()).on_retry(recorder.hook());
    let answer = send(
        &layer,
        Reqwest::new(),
        get(&server.url("/api/conversations.history")),
    )
    .await;
    assert_eq!(answer.unwrap(), (200, SLACK_HISTORY.to_owned()));
    assert_eq!(
        recorder.decided(),
        [answered(
            (1, 3),
            200,
            Some("ratelimited"),
            retry(ms(10), DelaySource::Backoff)
        )]
    );
    assert_eq!(
        server.finish_lines(),
        ["GET /api/conversations.history HTTP/1.1"; 2]
    );
}

#[tokio::test(start_paused = true)]
async fn a_200_whose_flag_is_false_with_a_permanent_code_is_a_typed_error_after_one_request() {
    let server = Server::start(vec![
        Reply::new(200, SLACK_INVALID_AUTH),
        Reply::new(200, SLACK_HISTORY),
    ]);
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<Slack>::new(policy()).on_retry(recorder.hook());
    let error = send(
        &layer,
        Reqwest::new(),
        get(&server.url("/api/conversations.history")),
    )
    .await
    .unwrap_err();
    let CallError::Api(error) = error else {
        panic!("a typed answer, not {error:?}");
    };
    assert_eq!(error.status(), 200);
    assert_eq!(error.variant(), Some(Slack::InvalidAuth));
    assert_eq!(error.kind(), ErrorKind::Unauthenticated);
    assert_eq!(
        recorder.decided(),
        [answered(
            (1, 3),
            200,
            Some("invalid_auth"),
            RetryDecision::Stop(StopReason::Permanent)
        )]
    );
    // The second reply, a success, was never asked for.
    assert_eq!(server.finish_lines().len(), 1);
}

/// A success read for its flag comes back as it came: status, headers, and
/// the same bytes, with its announced length.
#[tokio::test(start_paused = true)]
async fn a_200_whose_flag_is_true_comes_back_whole() {
    let server = Server::start(vec![
        Reply::new(200, SLACK_HISTORY).header("x-slack-req-id", "req-42")
    ]);
    let recorder = Recorder::default();
    let layer = ApiRetryLayer::<Slack>::new(policy()).on_retry(recorder.hook());
    let mut service = layer.layer(Reqwest::new());
    let response = service
        .ready()
        .await
        .unwrap()
        .call(get(&server.url("/api/conversations.history")))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-slack-req-id"], "req-42");
    let length = SLACK_HISTORY.len() as u64;
    assert_eq!(response.body().size_hint().exact(), Some(length));
    assert!(!response.body().is_end_stream());
    assert_eq!(
        collect(response.into_body()).await.unwrap(),
        SLACK_HISTORY.as_bytes()
    );
    assert_eq!(recorder.decided(), []);
    assert_eq!(server.finish_lines().len(), 1);
}

/// A success longer than the cap: the layer reads the first 256 KiB to
/// look for the flag (none: it is not JSON), then hands the body back with
/// the rest of the stream after the bytes it read.
#[tokio::test(start_paused = true)]
async fn a_success_longer_than_the_cap_comes_back_uncut() {
    let length = 2 * MAX_BODY_BYTES + 7;
    let server = Server::start(vec![Reply::huge(200, length)]);
    let layer = ApiRetryLayer::<Slack>::new(policy());
    let mut service = layer.layer(Reqwest::new());
    let response = service
        .ready()
        .await
        .unwrap()
        .call(get(&server.url("/api/files.download")))
        .await
        .unwrap();
    // What was read and what is left: the length announced.
    assert_eq!(response.body().size_hint().exact(), Some(length as u64));
    let bytes = collect(response.into_body()).await.unwrap();
    assert_eq!(bytes.len(), length);
    assert!(bytes.iter().all(|&byte| byte == b'x'));
    let seen = server.finish();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].body_written, length);
}

/// A success cut short while it was read for its flag still fails to read,
/// where it failed: the bytes that arrived, then the client's error.
#[tokio::test(start_paused = true)]
async fn a_success_cut_short_while_judged_gives_its_error_after_the_bytes_read() {
    let sent = r#"{"ok":true,"messages":["#;
    let server = Server::start(vec![Reply::cut(200, sent, 4_096)]);
    let layer = ApiRetryLayer::<Slack>::new(policy());
    let mut service = layer.layer(Reqwest::new());
    let response = service
        .ready()
        .await
        .unwrap()
        .call(get(&server.url("/api/conversations.history")))
        .await
        .unwrap();
    let mut body = std::pin::pin!(response.into_body());
    let first = poll_fn(|cx| body.as_mut().poll_frame(cx)).await;
    let first = first.unwrap().unwrap().into_data().unwrap();
    assert_eq!(first, sent.as_bytes());
    let failed = poll_fn(|cx| body.as_mut().poll_frame(cx)).await;
    assert!(failed.unwrap().unwrap_err().is_body());
    assert!(poll_fn(|cx| body.as_mut().poll_frame(cx)).await.is_none());
    assert_eq!(server.finish_lines().len(), 1);
}

/// An inner body that counts how often it was polled.
struct Probe {
    inner: reqwest::Body,
    polls: Arc<AtomicUsize>,
}

impl Body for Probe {
    type Data = bytes::Bytes;
    type Error = reqwest::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<bytes::Bytes>, reqwest::Error>>> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// `Reqwest` whose bodies are [`Probe`]s counting into `polls`.
fn probed(
    polls: &Arc<AtomicUsize>,
) -> impl Service<
    http::Request<String>,
    Response = http::Response<Probe>,
    Error = reqwest::Error,
    Future = impl Future<Output = Result<http::Response<Probe>, reqwest::Error>> + Send,
> + Clone {
    let polls = Arc::clone(polls);
    let inner = Reqwest::new();
    tower::service_fn(move |request| {
        let polls = Arc::clone(&polls);
        let mut inner = inner.clone();
        async move {
            let response = inner.call(request).await?;
            Ok(response.map(|inner| Probe { inner, polls }))
        }
    })
}

/// A catalog without a success flag costs a success nothing: its body is
/// not polled before the caller polls it, and keeps the inner body's
/// length and end. The same body through a catalog with a flag is polled
/// by the layer, which shows that the probe sees a read.
#[tokio::test(start_paused = true)]
async fn a_catalog_without_a_flag_leaves_the_body_unread() {
    let server = Server::start(vec![
        Reply::new(200, X_CAMPAIGNS),
        Reply::new(200, ""),
        Reply::new(200, SLACK_HISTORY),
    ]);
    let url = server.url("/12/accounts/hkk5/campaigns");

    let polls = Arc::new(AtomicUsize::new(0));
    let mut service = ApiRetryLayer::<XAdsErrorCode>::new(policy()).layer(probed(&polls));
    let response = service
        .ready()
        .await
        .unwrap()
        .call(get(&url))
        .await
        .unwrap();
    assert_eq!(polls.load(Ordering::SeqCst), 0);
    let length = X_CAMPAIGNS.len() as u64;
    assert_eq!(response.body().size_hint().exact(), Some(length));
    assert!(!response.body().is_end_stream());
    assert_eq!(
        collect(response.into_body()).await.unwrap(),
        X_CAMPAIGNS.as_bytes()
    );
    assert!(polls.load(Ordering::SeqCst) > 0);

    let polls = Arc::new(AtomicUsize::new(0));
    let mut service = ApiRetryLayer::<XAdsErrorCode>::new(policy()).layer(probed(&polls));
    let empty = service
        .ready()
        .await
        .unwrap()
        .call(get(&url))
        .await
        .unwrap();
    assert_eq!(polls.load(Ordering::SeqCst), 0);
    assert_eq!(empty.body().size_hint().exact(), Some(0));
    assert!(empty.body().is_end_stream());

    let polls = Arc::new(AtomicUsize::new(0));
    let mut service = ApiRetryLayer::<Slack>::new(policy()).layer(probed(&polls));
    let judged = service
        .ready()
        .await
        .unwrap()
        .call(get(&url))
        .await
        .unwrap();
    assert!(polls.load(Ordering::SeqCst) > 0);
    assert_eq!(
        collect(judged.into_body()).await.unwrap(),
        SLACK_HISTORY.as_bytes()
    );
    assert_eq!(server.finish_lines().len(), 3);
}
