//! tower: a [`tower::retry::Policy`] for
//! `http::Request`/`http::Response` services, and the one layer that puts
//! it to work.
//!
//! [`ApiRetryLayer`] wraps a service in two steps:
//!
//! 1. [`Classify`] turns each answer into a typed result: a 4xx or 5xx
//!    becomes [`CallError::Api`], its body read up to
//!    [`MAX_BODY_BYTES`](crate::response::MAX_BODY_BYTES) and no further;
//!    a client error becomes [`CallError::Transport`], classified by
//!    [`TransportFailure`]; a success passes on in a [`SuccessBody`],
//!    unread. Unless the catalog declares a success flag (Slack's `ok`):
//!    then a 2xx is read up to the cap and judged by its body, as the
//!    other adapters judge it. A `false` flag is a [`CallError::Api`] too,
//!    which the policy decides on by its code as on any other failure;
//!    `true` or no flag is a success, handed back whole: the bytes read,
//!    then the rest of the stream (see
//!    [successes that are errors](super#successes-that-are-errors)).
//! 2. tower's `Retry` with an [`ApiRetryPolicy`], which asks the
//!    [`RetryPolicy`] about every failure: it honours `Retry-After` and
//!    the rate-limit headers, the code's advice, the attempt limit and the
//!    time limit (`max_elapsed`), and replays a request only when it may be
//!    ([`Idempotency`](crate::retry::Idempotency): declared in the request's extensions, else judged
//!    from its method).
//!
//! The caller gets the success, an `http::Response<SuccessBody<B>>` for
//! an inner service answering `http::Response<B>`, or the last failure
//! typed: `CallError<E, S::Error>`.
//!
//! ```no_run
//! use api_error_codes::call::tower::ApiRetryLayer;
//! use api_error_codes::call::CallError;
//! use api_error_codes::retry::RetryPolicy;
//! use api_error_codes::sp_api::SpApiErrorCode;
//! use tower::{Service, ServiceBuilder, ServiceExt};
//!
//! async fn orders<S>(client: S) -> Result<u16, CallError<SpApiErrorCode, std::io::Error>>
//! where
//!     S: Service<http::Request<String>, Response = http::Response<String>, Error = std::io::Error>
//!         + Clone + Send + 'static,
//!     S::Future: Send + 'static,
//! {
//!     let mut service = ServiceBuilder::new()
//!         .layer(ApiRetryLayer::<SpApiErrorCode>::new(RetryPolicy::default()))
//!         .service(client);
//!     let request = http::Request::get("http://127.0.0.1:8080/orders/v0/orders").body(String::new()).unwrap();
//!     let response = service.ready().await?.call(request).await?;
//!     Ok(response.status().as_u16())
//! }
//! ```
//!
//! # Replaying a request
//!
//! tower keeps a copy of each request to send it again; the policy makes
//! it with [`ReplayableBody`], implemented for the bodies that can be
//! copied (`String`, `Vec<u8>`, `Bytes`, `()`, static slices, and
//! `reqwest::Body` unless it streams). A request whose body cannot be
//! copied is sent once.
//!
//! # The clock
//!
//! The time limit (`max_elapsed`) counts from the moment tower first calls the policy,
//! before the first attempt is sent (it asks for a copy of the request
//! then), so the first attempt's own time counts. The start is kept in
//! the copy's extensions, not in the policy, because tower's `Retry`
//! service keeps one policy for all calls and clones it per call after
//! that first call: a start kept in the policy would leak into the next
//! call. Delays are slept with `tokio::time`, and time is read from its
//! clock, so a paused test clock sees the same decisions.

mod success_body;

pub use self::success_body::SuccessBody;

use core::marker::PhantomData;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use ::tower::retry::{Policy, Retry};
use ::tower::{Layer, Service};
use http_body::Body;
use tokio::time::{Instant, Sleep};

use self::success_body::judge_success;
use super::attempt::{report, FailedAttempt, Hook};
use super::fleet::{idempotency_of, operation_of, Fleet};
use super::{CallError, ResponseExt, TransportError, TransportFailure};
use crate::response::reads_success_body;
use crate::retry::{Attempt, Pacer, RetryBudget, RetryPolicy, RetryToken};
use crate::ApiErrorCode;

/// A request body the retry policy can copy, to send the request again.
///
/// Implement it for a body of your own; a body that cannot be copied
/// (a stream) answers `None`, and its request is sent once.
pub trait ReplayableBody: Sized {
    /// A copy of the body, or `None` when it cannot be made.
    fn replay(&self) -> Option<Self>;
}

macro_rules! replayable_by_clone {
    ($($body:ty),*) => {$(
        impl ReplayableBody for $body {
            fn replay(&self) -> Option<Self> {
                Some(self.clone())
            }
        }
    )*};
}

replayable_by_clone!(
    String,
    Vec<u8>,
    bytes::Bytes,
    (),
    &'static str,
    &'static [u8]
);

#[cfg(feature = "reqwest")]
impl ReplayableBody for reqwest::Body {
    /// A copy of a body held in memory; `None` for a stream.
    fn replay(&self) -> Option<Self> {
        self.as_bytes()
            .map(|bytes| reqwest::Body::from(bytes::Bytes::copy_from_slice(bytes)))
    }
}

/// When the call began: kept in the extensions of the request tower holds
/// for the next attempt (see [the clock](self#the-clock)).
#[derive(Debug, Clone, Copy)]
struct CallStarted(Instant);

/// A [`tower::retry::Policy`] driven by a
/// [`RetryPolicy`] and the catalog `E`, for services whose errors are
/// [`CallError`]s (wrap the client in [`Classify`], or use
/// [`ApiRetryLayer`], which does both).
///
/// Each call's policy counts its own attempts: tower clones the policy
/// for every call.
pub struct ApiRetryPolicy<E> {
    policy: RetryPolicy,
    attempts: u32,
    hook: Option<Hook>,
    fleet: Fleet,
    /// The cost of this call's last retry, refunded on success.
    token: Option<RetryToken>,
    catalog: PhantomData<fn() -> E>,
}

impl<E> Clone for ApiRetryPolicy<E> {
    fn clone(&self) -> Self {
        ApiRetryPolicy {
            policy: self.policy,
            attempts: self.attempts,
            hook: self.hook.clone(),
            fleet: self.fleet.clone(),
            token: self.token,
            catalog: PhantomData,
        }
    }
}

impl<E> core::fmt::Debug for ApiRetryPolicy<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ApiRetryPolicy")
            .field("policy", &self.policy)
            .field("attempts", &self.attempts)
            .field("hook", &self.hook.is_some())
            .finish()
    }
}

impl<E: ApiErrorCode> ApiRetryPolicy<E> {
    /// A policy deciding with `policy`. Its idempotency is replaced, per
    /// request, by the [`Idempotency`](crate::retry::Idempotency) in the request's extensions, else by
    /// the one of its method ([`Idempotency::from_method`](crate::retry::Idempotency::from_method)).
    #[must_use]
    pub fn new(policy: RetryPolicy) -> ApiRetryPolicy<E> {
        ApiRetryPolicy {
            policy,
            attempts: 0,
            hook: None,
            fleet: Fleet::default(),
            token: None,
            catalog: PhantomData,
        }
    }

    /// Draws every retry from `budget`, shared with the other calls that
    /// hold a clone of it; an empty budget stops the call
    /// ([`StopReason::RetryBudgetEmpty`](crate::retry::StopReason::RetryBudgetEmpty)).
    #[must_use]
    pub fn budget(mut self, budget: RetryBudget) -> Self {
        self.fleet.budget = Some(budget);
        self
    }

    /// Calls `hook` after every failed attempt with the decision taken on
    /// it (a retry, or the stop).
    #[must_use]
    pub fn on_retry(mut self, hook: impl Fn(&FailedAttempt<'_>) + Send + Sync + 'static) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }
}

impl<E, B, RB, C> Policy<http::Request<B>, http::Response<RB>, CallError<E, C>>
    for ApiRetryPolicy<E>
where
    E: ApiErrorCode,
    B: ReplayableBody,
{
    type Future = Sleep;

    fn retry(
        &mut self,
        request: &mut http::Request<B>,
        result: &mut Result<http::Response<RB>, CallError<E, C>>,
    ) -> Option<Sleep> {
        let failure = match result {
            Ok(_) => {
                self.fleet.succeeded(self.token.take());
                return None;
            }
            Err(failure) => &*failure,
        };
        self.attempts = self.attempts.saturating_add(1);
        let elapsed = request
            .extensions()
            .get::<CallStarted>()
            .map(|started| started.0.elapsed())
            .unwrap_or_default();
        let policy = self.policy.with_idempotency(idempotency_of(
            request.extensions(),
            request.method().as_str(),
        ));
        let attempt = Attempt::new(self.attempts).with_elapsed(elapsed);
        let decision = policy.decide_at(failure, attempt, SystemTime::now());
        let decision = self.fleet.charge(failure, decision, &mut self.token);
        let limit = policy.attempt_limit(failure);
        report(
            self.hook.as_ref(),
            &FailedAttempt::new(self.attempts, limit, failure, decision),
        );
        decision.delay().map(tokio::time::sleep)
    }

    fn clone_request(&mut self, request: &http::Request<B>) -> Option<http::Request<B>> {
        let mut copy = http::Request::new(request.body().replay()?);
        *copy.method_mut() = request.method().clone();
        *copy.uri_mut() = request.uri().clone();
        *copy.version_mut() = request.version();
        *copy.headers_mut() = request.headers().clone();
        *copy.extensions_mut() = request.extensions().clone();
        if copy.extensions().get::<CallStarted>().is_none() {
            copy.extensions_mut().insert(CallStarted(Instant::now()));
        }
        Some(copy)
    }
}

/// A service whose answers are typed: an error status becomes
/// [`CallError::Api`] (its body read, capped), a client error
/// [`CallError::Transport`]; a success comes back in a [`SuccessBody`].
/// For a catalog with a success flag, a 2xx whose body sets it to `false`
/// is a [`CallError::Api`] too (see the [module documentation](self)).
pub struct Classify<S, E> {
    inner: S,
    fleet: Fleet,
    /// The longest the pacer may hold one attempt: the policy's maximum
    /// delay.
    max_pace: Duration,
    catalog: PhantomData<fn() -> E>,
}

impl<S: Clone, E> Clone for Classify<S, E> {
    fn clone(&self) -> Self {
        Classify {
            inner: self.inner.clone(),
            fleet: self.fleet.clone(),
            max_pace: self.max_pace,
            catalog: PhantomData,
        }
    }
}

impl<S: core::fmt::Debug, E> core::fmt::Debug for Classify<S, E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Classify")
            .field("inner", &self.inner)
            .finish()
    }
}

impl<S, E> Classify<S, E> {
    /// `inner`, its answers typed with the catalog `E`.
    pub fn new(inner: S) -> Classify<S, E> {
        Classify {
            inner,
            fleet: Fleet::default(),
            max_pace: Duration::ZERO,
            catalog: PhantomData,
        }
    }

    /// The same service, pacing every request through `pacer` (for at most
    /// `max` per request) and letting it learn from every response. A
    /// request is paced as its [`Operation`](super::Operation) extension,
    /// else as its method and path. The wait comes before the inner
    /// service's future is first polled: clients whose futures send only
    /// when polled (reqwest, hyper's) are paced on every attempt.
    #[must_use]
    pub fn pacer(mut self, pacer: Pacer, max: Duration) -> Self {
        self.fleet.pacer = Some(pacer);
        self.max_pace = max;
        self
    }
}

/// The future of a [`Classify`] service.
pub type ClassifyFuture<RB, E, C> =
    Pin<Box<dyn Future<Output = Result<http::Response<SuccessBody<RB>>, CallError<E, C>>> + Send>>;

impl<S, E, B, RB> Service<http::Request<B>> for Classify<S, E>
where
    S: Service<http::Request<B>, Response = http::Response<RB>>,
    S::Error: TransportFailure + Send + 'static,
    S::Future: Send + 'static,
    RB: Body + Send + 'static,
    RB::Data: Send,
    E: ApiErrorCode + 'static,
{
    type Response = http::Response<SuccessBody<RB>>;
    type Error = CallError<E, S::Error>;
    type Future = ClassifyFuture<RB, E, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner
            .poll_ready(cx)
            .map_err(|error| CallError::Transport(TransportError::from(error)))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let paced = self.fleet.pacer.is_some().then(|| {
            let operation = operation_of(
                request.extensions(),
                request.method().as_str(),
                request.uri().path(),
            );
            (self.fleet.clone(), operation, self.max_pace)
        });
        let answer = self.inner.call(request);
        Box::pin(async move {
            if let Some((fleet, operation, max)) = &paced {
                fleet.pace(operation, *max).await;
            }
            let response = match answer.await {
                Ok(response) => response,
                Err(error) => {
                    let failure = CallError::from(error);
                    if let Some((fleet, operation, _)) = &paced {
                        fleet.observe_failure(operation, &failure);
                    }
                    return Err(failure);
                }
            };
            let status = response.status().as_u16();
            if let Some((fleet, operation, _)) = &paced {
                fleet.observe(operation, status, response.headers());
            }
            // A constant `false` for a catalog without a success flag: its
            // successes are handed on unread.
            if reads_success_body::<E>(status) {
                return Ok(judge_success::<E, RB>(response).await?);
            }
            let response = response.api_error_for_status::<E>().await?;
            Ok(response.map(SuccessBody::untouched))
        })
    }
}

/// The one layer: [`Classify`] inside tower's `Retry` with an
/// [`ApiRetryPolicy`]. See the [module documentation](self).
pub struct ApiRetryLayer<E> {
    policy: ApiRetryPolicy<E>,
    pacer: Option<Pacer>,
}

impl<E> Clone for ApiRetryLayer<E> {
    fn clone(&self) -> Self {
        ApiRetryLayer {
            policy: self.policy.clone(),
            pacer: self.pacer.clone(),
        }
    }
}

impl<E> core::fmt::Debug for ApiRetryLayer<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ApiRetryLayer")
            .field("policy", &self.policy)
            .finish()
    }
}

impl<E: ApiErrorCode> ApiRetryLayer<E> {
    /// Retries with `policy` (see [`ApiRetryPolicy::new`]).
    #[must_use]
    pub fn new(policy: RetryPolicy) -> ApiRetryLayer<E> {
        ApiRetryLayer {
            policy: ApiRetryPolicy::new(policy),
            pacer: None,
        }
    }

    /// Calls `hook` after every failed attempt (see
    /// [`ApiRetryPolicy::on_retry`]).
    #[must_use]
    pub fn on_retry(self, hook: impl Fn(&FailedAttempt<'_>) + Send + Sync + 'static) -> Self {
        ApiRetryLayer {
            policy: self.policy.on_retry(hook),
            pacer: self.pacer,
        }
    }

    /// Draws every retry from `budget` (see [`ApiRetryPolicy::budget`]).
    #[must_use]
    pub fn budget(self, budget: RetryBudget) -> Self {
        ApiRetryLayer {
            policy: self.policy.budget(budget),
            pacer: self.pacer,
        }
    }

    /// Paces every attempt through `pacer`, for at most the policy's
    /// maximum delay each (see [`Classify::pacer`]).
    #[must_use]
    pub fn pacer(mut self, pacer: Pacer) -> Self {
        self.pacer = Some(pacer);
        self
    }
}

impl<S, E> Layer<S> for ApiRetryLayer<E> {
    type Service = Retry<ApiRetryPolicy<E>, Classify<S, E>>;

    fn layer(&self, inner: S) -> Self::Service {
        let mut classify = Classify::new(inner);
        if let Some(pacer) = &self.pacer {
            classify = classify.pacer(pacer.clone(), self.policy.policy.max_delay());
        }
        Retry::new(self.policy.clone(), classify)
    }
}
