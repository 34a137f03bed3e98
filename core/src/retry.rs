//! Retry decisions: whether to send a failed request again, and when.
//!
//! A retry is a decision, not a loop hidden in a corner. [`RetryPolicy`]
//! holds the caller's bounds; [`RetryPolicy::decide`] takes a typed
//! failure (an [`ApiError`], or a [`CallError`] that may be a transport
//! failure) and the number of the attempt that just failed, and answers
//! [`RetryDecision::Retry`] with a delay, or [`RetryDecision::Stop`] with a
//! [`StopReason`]. The runners [`run`], [`run_with`] and [`run_async`] are a
//! few lines around it; [`Retrier`] runs them with what the calls of a
//! process share: a [`RetryBudget`] and a [`Pacer`] (see
//! [Fleet safety](#fleet-safety)).
//!
//! ```
//! use api_error_codes::amazon_scraper;
//! use api_error_codes::retry::{DelaySource, RetryDecision, RetryPolicy, StopReason};
//! use std::time::Duration;
//!
//! let policy = RetryPolicy::default();
//!
//! // 429 rate_limited: the Amazon Scraper API says to respect Retry-After:
//! // 3 s, and a little more so that refused clients do not all return at once.
//! let limited = amazon_scraper::parse(429, &[("Retry-After", "3")], br#"{"error":"rate_limited"}"#);
//! let decision = policy.decide(&limited, 1);
//! let delay = decision.delay().unwrap();
//! assert!(delay > Duration::from_secs(3) && delay <= Duration::from_millis(3_300));
//!
//! // 403 forbidden_region: permanent, whatever the headers say.
//! let forbidden = amazon_scraper::parse(403, &[("Retry-After", "1")], br#"{"error":"forbidden_region"}"#);
//! assert_eq!(policy.decide(&forbidden, 1), RetryDecision::Stop(StopReason::Permanent));
//! ```
//!
//! # Counting attempts
//!
//! Attempts are numbered from 1, the first request included, and
//! [`decide`](RetryPolicy::decide) is asked with the number of the attempt
//! that *just failed*: after the first request fails, ask with `1`. With a
//! limit of 4 attempts, `decide(error, 3)` may still retry and
//! `decide(error, 4)` stops. `0` is read as `1`. Any `u32` is accepted;
//! nothing overflows or panics, up to `u32::MAX`.
//!
//! # The decision, in order
//!
//! A transport failure (no whole answer from the server) skips the steps
//! that read a response: a failed connect is retried for any request, a
//! timeout, reset or unreadable body only for an idempotent one, anything
//! else stops as [`StopReason::Permanent`]; then attempts, the backoff and
//! the budget apply as below (see [`call`](crate::call) for why).
//!
//! 1. **Permanent errors stop.** The advice is the known code's
//!    ([`ApiErrorCode::retry`]), else, for an unknown code or a body without
//!    one (an HTML page), the status's ([`RetryAdvice::from_status`]): 408,
//!    429, 500, 502, 503 and 504 retry, nothing else does. Advice that says "never" ends it here, whatever
//!    `Retry-After` says: the server's timing cannot make a bad request good.
//! 2. **Requests that may not be repeated stop**, unless the caller said they
//!    can be ([`Idempotency`]). Replaying a `POST` can charge a card twice.
//! 3. **Attempts are counted.** The limit is the smaller of the policy's
//!    [`max_attempts`](RetryPolicyBuilder::max_attempts) and the code's own
//!    ([`RetryAdvice::max_attempts`]); once it is used up, stop.
//! 4. **What the server and the documents require** is gathered
//!    ([`RequiredWait`], also [`ApiError::required_wait`]), the largest
//!    of:
//!    - `Retry-After` (delay-seconds or an HTTP-date, measured from `now`);
//!    - X's `x-rate-limit-reset`, when `x-rate-limit-remaining` is `0`: the
//!      next request would fail until the window resets;
//!    - the SP-API's `x-amzn-RateLimit-Limit` of `r` requests per second,
//!      which spaces requests at least `1/r` seconds apart;
//!    - the code's documented minimum delay ([`RetryAdvice::min_delay`]).
//!
//!    If that exceeds the policy's maximum delay, **stop** with
//!    [`StopReason::WaitTooLong`]: waiting less than the server asks only
//!    earns another refusal, and waiting longer than the caller allows is not
//!    ours to choose. The caller can still read the wait from the reason and
//!    schedule the work for later.
//! 5. **The delay** is the longer of the jittered exponential backoff
//!    ([`Jitter`]; `base_delay × 2^(attempt−1)` capped at the maximum delay)
//!    and the required wait. A server's wait is a minimum: when it is
//!    shorter than the backoff, the backoff wins, as in AWS's retry
//!    behaviour, botocore's retries and urllib3. When the code's advice
//!    says to honour `Retry-After` ([`RetryAdvice::honors_retry_after`]) and
//!    the server named a time (`Retry-After`, or an exhausted X window),
//!    that time gets a **spread**: a uniform draw in `[1 ms, b]` is added,
//!    `b` being a tenth of the wait, at least 100 ms and at most 1 s
//!    (`Retry-After: 1` gives 1.001–1.1 s; `Retry-After: 60`, 60.001–61 s).
//!    Clients told the same time then come back over a tenth of it rather
//!    than in the same instant, and waiting a little longer than a minimum
//!    is always allowed. [`Jitter::None`] adds no spread. No retry ever
//!    leaves with zero delay: the shortest is 1 ms, so `Retry-After: 0`
//!    means the backoff, never a busy loop.
//! 6. **The time allowed in all**, if one is set: a retry whose delay would
//!    end after [`max_elapsed`](RetryPolicyBuilder::max_elapsed) (counting
//!    from the first attempt) stops with
//!    [`StopReason::ElapsedLimit`].
//!
//! No delay returned ever exceeds the policy's
//! [`max_delay`](RetryPolicyBuilder::max_delay).
//!
//! # Fleet safety
//!
//! One client retrying well can still be one of a thousand retrying
//! together. Three things keep a fleet from amplifying an outage:
//!
//! - **A shared retry budget**, [`RetryBudget`]: a token bucket that every
//!   call of a process holding it draws on (the AWS SDKs' standard retry
//!   quota: 500 tokens, 5 a retry, 10 after a timeout, 1 back per
//!   first-try success). In a total outage the process soon makes about
//!   one request per call instead of `max_attempts`; when it is empty a
//!   call stops with [`StopReason::RetryBudgetEmpty`].
//! - **Waits that spread** (step 5 above): no zero-delay retry, and exact
//!   server waits spread by up to a tenth.
//! - **Pacing before the 429**, [`Pacer`]: per operation, the rate-limit
//!   headers of every response (successes too) set when the next request
//!   of the operation may leave, through one reservation every caller and
//!   every retry shares; X's `remaining` is counted down with the requests
//!   still in flight, and an operation's first request goes alone (a
//!   probe) once the pacer knows the API paces.
//!
//! The policy stays what [`decide`](RetryPolicy::decide) reads: a small
//! `Copy` value. The budget and the pacer are shared state (an `Arc`
//! each), attached per call with [`Retrier`]; adapters and callers of
//! `decide` use their public methods directly
//! ([`RetryBudget::try_acquire_retry`], [`RetryBudget::record_success`],
//! [`Pacer::wait_before`], [`Pacer::observe`]; a direct caller of
//! `wait_before` asks again after the short wait it gets while a probe is
//! out, as the runners do). Both are opt-in: without them, nothing is
//! shared.
//!
//! # Defaults, and why
//!
//! | setting | default | why |
//! | --- | --- | --- |
//! | [`max_attempts`](RetryPolicyBuilder::max_attempts) | 4 | the Amazon Scraper API's documented loop makes 4 attempts; AWS SDKs' standard mode makes 3. A code's own advice can lower it. |
//! | [`base_delay`](RetryPolicyBuilder::base_delay) | 1 s | the first backoff of AWS SDKs' standard mode and of gRPC's connection backoff; the scraper's loop waits 2 s, then 4 s, 8 s: the same order |
//! | [`max_delay`](RetryPolicyBuilder::max_delay) | 60 s | the Amazon Scraper API asks for "60 s+" before retrying `blocked_by_amazon` and `target_unreachable`; a lower cap would turn those documented retries into stops. Exponential backoff alone never gets near it within 4 attempts. |
//! | [`jitter`](RetryPolicyBuilder::jitter) | [`Jitter::Full`] | full jitter (a uniform draw between zero and the backoff) spreads clients best and does the least total work, per AWS's study of backoff and jitter; it is what their SDKs use |
//! | [`max_elapsed`](RetryPolicyBuilder::max_elapsed) | none | attempts and the delay cap already bound the total wait (at most 3 × 60 s with the defaults); set one when a caller has a deadline |
//! | [`idempotency`](RetryPolicyBuilder::idempotency) | [`Idempotency::Idempotent`] | this crate does not see the request; the default suits reads. For `POST` or `PATCH`, say so: [`RetryPolicy::for_method`] |
//!
//! # HTTP dates and randomness
//!
//! `Retry-After` dates are read with the `httpdate` crate (all three forms
//! HTTP allows); jitter is drawn with `fastrand`, from its thread-local
//! generator, or from a generator seeded with
//! [`jitter_seed`](RetryPolicyBuilder::jitter_seed) so that tests and
//! simulations see the same delays every run.
//!
//! [`ApiError`]: crate::ApiError
//! [`CallError`]: crate::call::CallError
//! [`ApiErrorCode::retry`]: crate::ApiErrorCode::retry
//! [`ApiError::required_wait`]: crate::ApiError::required_wait
//! [`RetryAdvice::from_status`]: crate::RetryAdvice::from_status
//! [`RetryAdvice::max_attempts`]: crate::RetryAdvice::max_attempts
//! [`RetryAdvice::min_delay`]: crate::RetryAdvice::min_delay
//! [`RetryAdvice::honors_retry_after`]: crate::RetryAdvice::honors_retry_after

mod backoff;
mod budget;
mod builder;
mod decision;
mod idempotency;
mod pacing;
mod policy;
mod run;
mod wait;

pub use self::backoff::Jitter;
pub use self::budget::{RetryBudget, RetryKind, RetryToken};
pub use self::builder::RetryPolicyBuilder;
pub use self::decision::{Attempt, DelaySource, RetryDecision, StopReason};
pub use self::idempotency::Idempotency;
pub(crate) use self::pacing::AttemptPacing;
pub use self::pacing::Pacer;
pub use self::policy::RetryPolicy;
pub(crate) use self::run::AttemptCounter;
pub use self::run::{run, run_async, run_with, Retrier, RetryError};
pub use self::wait::RequiredWait;
// What `decide` and the runners accept; defined beside the failures.
pub use crate::call::Failure;
// `Retry-After` is read with the other response headers; the retry side is
// where users look for it.
pub use crate::response::headers::{RetryAfter, MAX_RETRY_AFTER};
