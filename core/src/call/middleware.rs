//! reqwest-middleware: [`ApiRetryMiddleware`], one `.with(...)` line.
//!
//! ```no_run
//! use api_error_codes::call::middleware::ApiRetryMiddleware;
//! use api_error_codes::call::ResponseExt;
//! use api_error_codes::retry::RetryPolicy;
//! use api_error_codes::sp_api::SpApiErrorCode;
//!
//! # async fn orders() -> Result<String, Box<dyn std::error::Error>> {
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(ApiRetryMiddleware::<SpApiErrorCode>::new(RetryPolicy::default()))
//!     .build();
//! let response = client.get("http://127.0.0.1:8080/orders/v0/orders").send().await?;
//! // After the retries: the last response, still readable; typed on demand.
//! let orders = response.api_error_for_status::<SpApiErrorCode>().await?.text().await?;
//! # Ok(orders) }
//! ```
//!
//! # What the caller gets back
//!
//! What reqwest itself gives: the success; or, once the policy stops, the
//! last response, which the caller can still read — status, headers, URL
//! and body — or the last client error. A middleware that turned an error
//! status into an `Err` would change what `send()` means for every other
//! layer and every caller (reqwest answers `Ok` for a 503, and so does
//! reqwest-retry); one more call,
//! [`api_error_for_status`](super::ResponseExt::api_error_for_status),
//! gives the typed [`ApiError`], the same value the policy
//! decided on, since it parses the same bytes and headers.
//!
//! To classify a failing answer the middleware reads its body, up to
//! [`MAX_BODY_BYTES`](crate::response::MAX_BODY_BYTES) and one byte more,
//! and hands back a response holding those bytes: an error body longer
//! than that comes back cut (the parser would judge it by its status
//! anyway). Response extensions are not carried over; the stop reason and
//! the number of attempts are added to them ([`Retried`]).
//!
//! # Which requests are replayed
//!
//! A request is sent again only when its body can be copied (not a
//! stream) and it may be repeated: an [`Idempotency`](crate::retry::Idempotency) given with
//! `.with_extension(...)` on the request builder decides, else its method
//! does ([`Idempotency::from_method`](crate::retry::Idempotency::from_method)). A failed connect is retried for
//! any method: the server never saw the request.

use core::marker::PhantomData;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use http::Extensions;
use reqwest::{Request, Response, ResponseBuilderExt};
use reqwest_middleware::{Middleware, Next};

use super::attempt::{report, FailedAttempt, Hook};
use super::fleet::{idempotency_of, operation_of, Fleet};
use super::reqwest::{check_success_body, read_error_body};
use super::{TransportError, TransportFailure, TransportKind};
use crate::response::{is_error_status, reads_success_body};
use crate::retry::{
    Attempt, Pacer, RetryBudget, RetryDecision, RetryPolicy, RetryToken, StopReason,
};
use crate::{ApiError, ApiErrorCode};

impl TransportFailure for reqwest_middleware::Error {
    /// reqwest's error as `reqwest::Error` classifies it; a middleware's
    /// error by the first I/O error among its sources, else
    /// [`Other`](TransportKind::Other).
    fn transport_kind(&self) -> TransportKind {
        match self {
            reqwest_middleware::Error::Reqwest(error) => error.transport_kind(),
            reqwest_middleware::Error::Middleware(error) => {
                let error: &(dyn std::error::Error + 'static) = &**error;
                TransportKind::of_source_chain(error).unwrap_or(TransportKind::Other)
            }
        }
    }

    fn http_status(&self) -> Option<u16> {
        match self {
            reqwest_middleware::Error::Reqwest(error) => error.http_status(),
            reqwest_middleware::Error::Middleware(_) => None,
        }
    }
}

/// Added to the extensions of the last response of a call that failed:
/// how many attempts were made and why no more were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retried {
    /// The attempts made, the first included.
    pub attempts: u32,
    /// Why no further attempt was made.
    pub reason: StopReason,
}

/// A reqwest middleware that retries failed calls as the [`RetryPolicy`]
/// and the catalog `E` decide. See the [module documentation](self).
pub struct ApiRetryMiddleware<E> {
    policy: RetryPolicy,
    hook: Option<Hook>,
    fleet: Fleet,
    catalog: PhantomData<fn() -> E>,
}

impl<E> core::fmt::Debug for ApiRetryMiddleware<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ApiRetryMiddleware")
            .field("policy", &self.policy)
            .field("hook", &self.hook.is_some())
            .field("budget", &self.fleet.budget)
            .field("pacer", &self.fleet.pacer)
            .finish()
    }
}

impl<E: ApiErrorCode> ApiRetryMiddleware<E> {
    /// Retries with `policy`. Its idempotency is replaced, per request, by
    /// the [`Idempotency`](crate::retry::Idempotency) in the request's extensions, else by the one of
    /// its method.
    #[must_use]
    pub fn new(policy: RetryPolicy) -> ApiRetryMiddleware<E> {
        ApiRetryMiddleware {
            policy,
            hook: None,
            fleet: Fleet::default(),
            catalog: PhantomData,
        }
    }

    /// Draws every retry from `budget`, shared with the other calls that
    /// hold a clone of it; an empty budget stops the call
    /// ([`StopReason::RetryBudgetEmpty`]).
    #[must_use]
    pub fn budget(mut self, budget: RetryBudget) -> Self {
        self.fleet.budget = Some(budget);
        self
    }

    /// Paces every attempt, the first and the retries, through `pacer`,
    /// which learns from every response's rate-limit headers. A request is
    /// paced as its [`Operation`](super::Operation) extension, else as its
    /// method and path.
    #[must_use]
    pub fn pacer(mut self, pacer: Pacer) -> Self {
        self.fleet.pacer = Some(pacer);
        self
    }

    /// Calls `hook` after every failed attempt with the decision taken on
    /// it (a retry, or the stop).
    #[must_use]
    pub fn on_retry(mut self, hook: impl Fn(&FailedAttempt<'_>) + Send + Sync + 'static) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    async fn run(
        &self,
        mut request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let policy = self
            .policy
            .with_idempotency(idempotency_of(extensions, request.method().as_str()));
        let started = tokio::time::Instant::now();
        let operation = operation_of(extensions, request.method().as_str(), request.url().path());
        let mut token = None;
        let mut number = 1u32;
        // Bounded: `decide` stops once `number` reaches the policy's
        // `max_attempts`.
        loop {
            let replay = request.try_clone();
            self.fleet.pace(&operation, policy.max_delay()).await;
            let answer = next.clone().run(request, extensions).await;
            if let Ok(response) = &answer {
                self.fleet
                    .observe(&operation, response.status().as_u16(), response.headers());
            }
            let Some(replay) = replay else {
                return answer; // a stream: sent once
            };
            let succeeded = |response| {
                self.fleet.succeeded(token);
                Ok(response)
            };
            let attempt = Attempt::new(number).with_elapsed(started.elapsed());
            let (decision, outcome) = match answer {
                Ok(response) if !is_error_status(response.status().as_u16()) => {
                    if !reads_success_body::<E>(response.status().as_u16()) {
                        return succeeded(response);
                    }
                    // A catalog whose successes can state errors (Slack's
                    // `ok: false`): judged by the body, and handed back
                    // whole either way.
                    match check_success_body::<E>(response).await {
                        (response, None) => return succeeded(response),
                        (response, Some(error)) => {
                            let decision =
                                self.decide(&policy, number, attempt, &error, &mut token);
                            (decision, Ok(response))
                        }
                    }
                }
                Ok(response) => {
                    let (response, error) = read_error::<E>(response).await;
                    let decision = self.decide(&policy, number, attempt, &error, &mut token);
                    (decision, Ok(response))
                }
                Err(error) => {
                    let failure = TransportError::new(error.transport_kind(), ());
                    self.fleet.observe_failure(&operation, &failure);
                    let decision = self.decide(&policy, number, attempt, &failure, &mut token);
                    (decision, Err(error))
                }
            };
            match decision {
                RetryDecision::Retry { delay, .. } => {
                    tokio::time::sleep(delay).await;
                    request = replay;
                    number = number.saturating_add(1);
                }
                RetryDecision::Stop(reason) => {
                    return outcome.map(|mut response| {
                        response.extensions_mut().insert(Retried {
                            attempts: number,
                            reason,
                        });
                        response
                    });
                }
            }
        }
    }

    fn decide<F: super::Failure>(
        &self,
        policy: &RetryPolicy,
        number: u32,
        attempt: Attempt,
        failure: &F,
        token: &mut Option<RetryToken>,
    ) -> RetryDecision {
        let decision = policy.decide_at(failure, attempt, SystemTime::now());
        let decision = self.fleet.charge(failure, decision, token);
        let limit = policy.attempt_limit(failure);
        report(
            self.hook.as_ref(),
            &FailedAttempt::new(number, limit, failure, decision),
        );
        decision
    }
}

/// Reads a failing response's body (capped) and parses it; a response
/// holding the bytes read, and the error.
async fn read_error<E: ApiErrorCode>(mut response: Response) -> (Response, ApiError<E>) {
    let status = response.status();
    let version = response.version();
    let url = response.url().clone();
    let headers = std::mem::take(response.headers_mut());
    let body = read_error_body(&mut response).await;
    let error = ApiError::parse(status.as_u16(), &headers, body.as_bytes());
    let bytes = body.into_vec();
    // The URL goes in through reqwest's builder extension, the one public
    // way to give it; that builder cannot fail with nothing else set.
    let mut rebuilt = http::Response::builder()
        .url(url)
        .body(Vec::new())
        .unwrap_or_default();
    *rebuilt.body_mut() = bytes;
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    (Response::from(rebuilt), error)
}

impl<E: ApiErrorCode + 'static> Middleware for ApiRetryMiddleware<E> {
    // What `#[async_trait]` expands `async fn handle` to, written out so
    // that this crate needs no `async-trait` of its own.
    fn handle<'life0, 'life1, 'life2, 'async_trait>(
        &'life0 self,
        req: Request,
        extensions: &'life1 mut Extensions,
        next: Next<'life2>,
    ) -> Pin<Box<dyn Future<Output = reqwest_middleware::Result<Response>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(self.run(req, extensions, next))
    }
}
