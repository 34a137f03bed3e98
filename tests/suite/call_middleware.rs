//! The reqwest-middleware adapter end to end: `ApiRetryMiddleware` in a
//! real reqwest client (HTTP/1, no TLS) against the loopback server,
//! through the six scenarios, on tokio's paused clock. The caller gets
//! the last response back readable, and types it with
//! `api_error_for_status`.

use std::time::Duration;

use api_error_codes::call::middleware::{ApiRetryMiddleware, Retried};
use api_error_codes::call::{CallError, ResponseExt, TransportKind};
use api_error_codes::retry::{DelaySource, Idempotency, RetryDecision, StopReason};
use api_error_codes::sp_api::SpApiErrorCode;
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::ApiErrorCode;
use api_error_codes_tests::loopback::{Reply, Server};
use api_error_codes_tests::scenario::{
    answered, ms, policy, sp_quota_reply, sp_unauthorized_reply, unanswered, Recorder, HTML_502,
    SP_ORDERS, SP_REQUEST_ID, X_CAMPAIGNS, X_OVER_CAPACITY,
};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};

fn client<E: ApiErrorCode + 'static>(recorder: &Recorder) -> ClientWithMiddleware {
    let reqwest = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client");
    ClientBuilder::new(reqwest)
        .with(ApiRetryMiddleware::<E>::new(policy()).on_retry(recorder.hook()))
        .build()
}

fn retry(delay: Duration, source: DelaySource) -> RetryDecision {
    RetryDecision::Retry { delay, source }
}

/// The body of a success; the typed error of anything else.
async fn typed<E: ApiErrorCode>(
    sent: reqwest_middleware::Result<reqwest::Response>,
) -> Result<String, CallError<E, reqwest_middleware::Error>> {
    let response = sent?.api_error_for_status::<E>().await?;
    Ok(response
        .text()
        .await
        .map_err(reqwest_middleware::Error::from)?)
}

#[tokio::test(start_paused = true)]
async fn sp_api_quota_waits_the_rate_spacing_then_succeeds() {
    let server = Server::start(vec![sp_quota_reply(), Reply::new(200, SP_ORDERS)]);
    let recorder = Recorder::default();
    let sent = client::<SpApiErrorCode>(&recorder)
        .get(server.url("/orders/v0/orders"))
        .send()
        .await;
    assert_eq!(typed::<SpApiErrorCode>(sent).await.unwrap(), SP_ORDERS);
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
    let sent = client::<XAdsErrorCode>(&recorder)
        .get(server.url("/12/accounts/hkk5/campaigns"))
        .send()
        .await;
    assert_eq!(typed::<XAdsErrorCode>(sent).await.unwrap(), X_CAMPAIGNS);
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
async fn permanent_403_is_sent_once_and_comes_back_readable() {
    let server = Server::start(vec![sp_unauthorized_reply()]);
    let recorder = Recorder::default();
    let url = server.url("/orders/v0/orders");
    let response = client::<SpApiErrorCode>(&recorder)
        .get(&url)
        .send()
        .await
        .unwrap();
    // Readable: status, headers, URL, and the body the middleware read.
    assert_eq!(response.status(), 403);
    assert_eq!(response.url().as_str(), url);
    assert_eq!(response.headers()["x-amzn-RequestId"], SP_REQUEST_ID);
    assert_eq!(
        response.extensions().get::<Retried>(),
        Some(&Retried {
            attempts: 1,
            reason: StopReason::Permanent
        })
    );
    let error = typed::<SpApiErrorCode>(Ok(response)).await.unwrap_err();
    assert_eq!(error.variant(), Some(SpApiErrorCode::Unauthorized));
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
    let response = client::<SpApiErrorCode>(&recorder)
        .get(server.url("/orders/v0/orders"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.extensions().get::<Retried>(),
        Some(&Retried {
            attempts: 3,
            reason: StopReason::AttemptsExhausted { limit: 3 }
        })
    );
    assert_eq!(response.text().await.unwrap(), HTML_502);

    let recorded = recorder.decided();
    assert_eq!(
        recorded,
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
async fn html_502_types_as_the_status() {
    let server = Server::start(vec![Reply::new(502, HTML_502)]);
    let recorder = Recorder::default();
    let reqwest = reqwest::Client::builder().no_proxy().build().unwrap();
    let one_attempt = api_error_codes::retry::RetryPolicy::builder()
        .max_attempts(1)
        .build();
    let client = ClientBuilder::new(reqwest)
        .with(ApiRetryMiddleware::<SpApiErrorCode>::new(one_attempt).on_retry(recorder.hook()))
        .build();
    let sent = client.get(server.url("/orders/v0/orders")).send().await;
    let error = typed::<SpApiErrorCode>(sent)
        .await
        .unwrap_err()
        .into_api_error()
        .unwrap();
    assert_eq!((error.status(), error.code()), (502, None));
    assert_eq!(error.excerpt(), Some("502 Bad Gateway"));
    assert_eq!(server.finish_lines().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn dropped_connection_is_retried_for_get_not_for_post() {
    let server = Server::start(vec![
        Reply::dropped(),
        Reply::new(200, X_CAMPAIGNS),
        Reply::dropped(),
    ]);
    let recorder = Recorder::default();
    let client = client::<XAdsErrorCode>(&recorder);
    let url = server.url("/12/accounts/hkk5/campaigns");

    let sent = client.get(&url).send().await;
    assert_eq!(typed::<XAdsErrorCode>(sent).await.unwrap(), X_CAMPAIGNS);
    let sent = client
        .post(&url)
        .body(r#"{"name":"campaign"}"#)
        .send()
        .await;
    let error = typed::<XAdsErrorCode>(sent).await.unwrap_err();
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
    let client = client::<XAdsErrorCode>(&recorder);
    let url = server.url("/12/accounts/hkk5/campaigns");

    let sent = client.post(&url).body("{}").send().await;
    let error = typed::<XAdsErrorCode>(sent).await.unwrap_err();
    assert_eq!(error.variant(), Some(XAdsErrorCode::OverCapacity));

    let sent = client
        .post(&url)
        .body("{}")
        .with_extension(Idempotency::Idempotent)
        .send()
        .await;
    assert_eq!(typed::<XAdsErrorCode>(sent).await.unwrap(), X_CAMPAIGNS);

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
    assert_eq!(
        server.finish_lines(),
        ["POST /12/accounts/hkk5/campaigns HTTP/1.1"; 3]
    );
}

/// A catalog whose successes can state errors, as Slack's do.
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

#[tokio::test(start_paused = true)]
async fn a_200_that_states_an_error_is_judged_by_its_body_and_comes_back_whole() {
    let server = Server::start(vec![
        Reply::new(200, r#"{"ok":false,"error":"ratelimited"}"#),
        Reply::new(200, r#"{"ok":true,"channel":"C123"}"#),
        Reply::new(200, r#"{"ok":false,"error":"invalid_auth"}"#),
    ]);
    let recorder = Recorder::default();
    let url = server.url("/api/chat.postMessage");
    let posted = client::<Slack>(&recorder).get(&url).send().await.unwrap();
    assert_eq!(
        posted.text().await.unwrap(),
        r#"{"ok":true,"channel":"C123"}"#
    );
    let refused = client::<Slack>(&recorder).get(&url).send().await.unwrap();
    assert_eq!(
        refused.extensions().get::<Retried>(),
        Some(&Retried {
            attempts: 1,
            reason: StopReason::Permanent
        })
    );
    let error = typed::<Slack>(Ok(refused)).await.unwrap_err();
    assert_eq!(error.variant(), Some(Slack::InvalidAuth));
    assert_eq!(error.status(), Some(200));
    assert_eq!(
        recorder.decided(),
        [
            answered(
                (1, 3),
                200,
                Some("ratelimited"),
                retry(ms(10), DelaySource::Backoff)
            ),
            answered(
                (1, 3),
                200,
                Some("invalid_auth"),
                RetryDecision::Stop(StopReason::Permanent)
            ),
        ]
    );
    assert_eq!(server.finish_lines().len(), 3);
}

/// The middleware draws its retries from the shared budget and paces each
/// attempt by what earlier responses announced.
#[tokio::test(start_paused = true)]
async fn the_budget_stops_retries_and_the_pacer_spaces_calls() {
    let server = Server::start(vec![
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(200, SP_ORDERS).header("x-amzn-RateLimit-Limit", "0.5"),
        Reply::new(200, SP_ORDERS).header("x-amzn-RateLimit-Limit", "0.5"),
    ]);
    let budget = api_error_codes::retry::RetryBudget::with_capacity(5);
    let recorder = Recorder::default();
    let reqwest = reqwest::Client::builder().no_proxy().build().unwrap();
    let budgeted = ClientBuilder::new(reqwest.clone())
        .with(
            ApiRetryMiddleware::<XAdsErrorCode>::new(policy())
                .budget(budget.clone())
                .on_retry(recorder.hook()),
        )
        .build();
    let url = server.url("/12/accounts");
    let refused = budgeted.get(&url).send().await.unwrap();
    assert_eq!(
        refused.extensions().get::<Retried>(),
        Some(&Retried {
            attempts: 2,
            reason: StopReason::RetryBudgetEmpty
        })
    );
    assert_eq!(budget.available(), 0);

    let pacer = api_error_codes::retry::Pacer::new();
    let paced = ClientBuilder::new(reqwest)
        .with(
            ApiRetryMiddleware::<SpApiErrorCode>::new(
                policy()
                    .to_builder()
                    .max_delay(Duration::from_secs(5))
                    .build(),
            )
            .pacer(pacer),
        )
        .build();
    let orders = server.url("/orders/v0/orders");
    let started = tokio::time::Instant::now();
    assert_eq!(paced.get(&orders).send().await.unwrap().status(), 200);
    let first_took = started.elapsed();
    assert_eq!(paced.get(&orders).send().await.unwrap().status(), 200);
    // The paused clock moves by the pacer's sleep alone: about the 2 s
    // that 0.5 requests per second allow between two requests.
    let waited = started.elapsed() - first_took;
    assert!(
        waited > Duration::from_millis(1_500) && waited <= Duration::from_secs(2),
        "paced {waited:?}"
    );
    assert_eq!(server.finish_lines().len(), 4);
}
