//! The backon functions end to end: a real reqwest client (HTTP/1, no
//! TLS) against the loopback server, retried by backon with
//! `.when(backon::when(policy))` and `.adjust(backon::adjust(policy))`,
//! through the six scenarios, on tokio's paused clock; then a
//! `backon::Call` with a shared budget and pacer. The delays are the ones
//! backon reports to `.notify(...)`, just before it sleeps them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use api_error_codes::call::{
    backon as api_backon, CallError, FailedAttempt, ResponseExt, TransportKind,
};
use api_error_codes::retry::{
    Idempotency, Pacer, Retrier, RetryBudget, RetryDecision, RetryPolicy, StopReason,
};
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

/// One call through a [`api_backon::Call`]: each attempt goes through
/// `Call::attempt` (the pacer's waits recorded, then slept on the paused
/// clock), a success's rate-limit headers go to the pacer, and backon asks
/// `Call::adjust` about every failure. The answer, the pacer's waits and
/// the delays backon slept.
async fn run_call<E: ApiErrorCode>(
    retrier: Retrier<'_>,
    pacer: Option<(&Pacer, &str)>,
    url: &str,
) -> (Answer<E>, Vec<Duration>, Vec<Duration>) {
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client");
    let paced = Mutex::new(Vec::new());
    let slept = Arc::new(Mutex::new(Vec::new()));
    let notified = Arc::clone(&slept);
    let call = api_backon::Call::new(retrier);
    let fetch = || async {
        let response = client.get(url).send().await?;
        if let Some((pacer, operation)) = pacer {
            let status = response.status().as_u16();
            pacer.observe(operation, status, response.headers(), SystemTime::now());
        }
        Ok(response.api_error_for_status().await?.text().await?)
    };
    let sleep = |wait| {
        paced.lock().unwrap().push(wait);
        tokio::time::sleep(wait)
    };
    let answer = (|| call.attempt(sleep, fetch()))
        .retry(backoff())
        .adjust(call.adjust())
        .notify(move |_, delay| notified.lock().unwrap().push(delay))
        .await;
    let paced = paced.lock().unwrap().clone();
    let slept = slept.lock().unwrap().clone();
    (answer, paced, slept)
}

/// The stop reasons a hook saw, in order.
fn stops(decisions: &Mutex<Vec<RetryDecision>>) -> Vec<StopReason> {
    decisions
        .lock()
        .unwrap()
        .iter()
        .filter_map(|decision| match decision {
            RetryDecision::Stop(reason) => Some(*reason),
            RetryDecision::Retry { .. } => None,
        })
        .collect()
}

/// A `Call` draws each retry from the shared budget: the first call's one
/// affordable retry empties it and its next failure stops on the empty
/// budget; a first-try success refunds 1, and a success after a retry
/// refunds the retry's cost.
#[tokio::test(start_paused = true)]
async fn call_draws_retries_from_the_shared_budget_and_successes_refund() {
    let server = Server::start(vec![
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(200, X_CAMPAIGNS),
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(200, X_CAMPAIGNS),
    ]);
    let url = server.url("/12/accounts/hkk5/campaigns");
    // Room for one retry of 5; a timeout's 10 would not fit.
    let budget = RetryBudget::with_capacity(5);
    let decisions = Mutex::new(Vec::new());
    let hook = |attempt: &FailedAttempt<'_>| decisions.lock().unwrap().push(attempt.decision());
    let retrier = Retrier::new(policy()).budget(&budget).on_retry(&hook);

    let (answer, _, slept) = run_call::<XAdsErrorCode>(retrier, None, &url).await;
    assert_eq!(
        answer.unwrap_err().variant(),
        Some(XAdsErrorCode::OverCapacity)
    );
    // The policy allows 3 attempts; the budget paid for one retry only.
    assert_eq!(slept, [ms(10)]);
    assert_eq!(stops(&decisions), [StopReason::RetryBudgetEmpty]);
    assert_eq!(budget.available(), 0);

    // A first-try success refunds 1.
    let (answer, _, slept) = run_call::<XAdsErrorCode>(retrier, None, &url).await;
    assert_eq!(answer.unwrap(), X_CAMPAIGNS);
    assert_eq!(slept, []);
    assert_eq!(budget.available(), 1);

    // With 1 left, the next 503 cannot be retried...
    let (answer, _, slept) = run_call::<XAdsErrorCode>(retrier, None, &url).await;
    assert!(answer.is_err());
    assert_eq!(slept, []);
    assert_eq!(
        stops(&decisions),
        [StopReason::RetryBudgetEmpty, StopReason::RetryBudgetEmpty]
    );

    // ...and with room again, a success after a retry gives its cost back.
    let roomy = RetryBudget::with_capacity(10);
    let server = Server::start(vec![
        Reply::new(503, X_OVER_CAPACITY),
        Reply::new(200, X_CAMPAIGNS),
    ]);
    let url_2 = server.url("/12/accounts/hkk5/campaigns");
    let (answer, _, slept) =
        run_call::<XAdsErrorCode>(Retrier::new(policy()).budget(&roomy), None, &url_2).await;
    assert_eq!(answer.unwrap(), X_CAMPAIGNS);
    assert_eq!(slept, [ms(10)]);
    assert_eq!(roomy.available(), 10);
    assert_eq!(server.finish_lines().len(), 2);
}

/// A `Call` paces every attempt through the shared pacer: the SP-API's
/// `x-amzn-RateLimit-Limit: 0.5` on the first call's success makes the
/// next call wait about 2 s before its first request; a 429 with the same
/// header is retried after the 2 s the rate requires, and the retry is
/// paced through the same reservation.
#[tokio::test(start_paused = true)]
async fn call_paces_each_attempt_through_the_shared_pacer() {
    let server = Server::start(vec![
        Reply::new(200, SP_ORDERS).header("x-amzn-RateLimit-Limit", "0.5"),
        Reply::new(200, SP_ORDERS).header("x-amzn-RateLimit-Limit", "0.5"),
        sp_quota_reply(),
        Reply::new(200, SP_ORDERS).header("x-amzn-RateLimit-Limit", "0.5"),
    ]);
    let url = server.url("/orders/v0/orders");
    let operation = "GET /orders/v0/orders";
    let pacer = Pacer::new();
    let slow = policy()
        .to_builder()
        .max_delay(Duration::from_secs(5))
        .build();
    let retrier = Retrier::new(slow).pacer(&pacer, operation);

    // Nothing is known yet: the first request goes at once.
    let (answer, paced, _) =
        run_call::<SpApiErrorCode>(retrier, Some((&pacer, operation)), &url).await;
    assert_eq!(answer.unwrap(), SP_ORDERS);
    assert_eq!(paced, []);

    // The pacer learned 0.5 requests per second from that success.
    let (answer, paced, _) =
        run_call::<SpApiErrorCode>(retrier, Some((&pacer, operation)), &url).await;
    assert_eq!(answer.unwrap(), SP_ORDERS);
    assert_eq!(paced.len(), 1, "paced {paced:?}");
    assert!(
        paced[0] > Duration::from_millis(1_500) && paced[0] <= Duration::from_secs(2),
        "paced {paced:?}"
    );

    // A 429: backon sleeps the 2 s the rate requires (not its 10 ms), and
    // the retry asks the pacer again before it goes.
    let (answer, paced, slept) =
        run_call::<SpApiErrorCode>(retrier, Some((&pacer, operation)), &url).await;
    assert_eq!(answer.unwrap(), SP_ORDERS);
    assert_eq!(slept, [Duration::from_secs(2)]);
    assert!(
        !paced.is_empty() && paced.iter().all(|wait| *wait <= Duration::from_secs(5)),
        "paced {paced:?}"
    );
    assert_eq!(server.finish_lines(), ["GET /orders/v0/orders HTTP/1.1"; 4]);
}

/// `Call::adjust` decides permanent failures too (no `.when(...)`
/// needed): a 403 is sent once and its stop is reported.
#[tokio::test(start_paused = true)]
async fn call_reports_the_stop_of_a_permanent_failure() {
    let server = Server::start(vec![sp_unauthorized_reply()]);
    let decisions = Mutex::new(Vec::new());
    let hook = |attempt: &FailedAttempt<'_>| decisions.lock().unwrap().push(attempt.decision());
    let retrier = Retrier::new(policy()).on_retry(&hook);
    let (answer, paced, slept) =
        run_call::<SpApiErrorCode>(retrier, None, &server.url("/orders/v0/orders")).await;
    assert_eq!(
        answer.unwrap_err().variant(),
        Some(SpApiErrorCode::Unauthorized)
    );
    assert_eq!((paced, slept), (vec![], vec![]));
    assert_eq!(stops(&decisions), [StopReason::Permanent]);
    assert_eq!(server.finish_lines().len(), 1);
}
