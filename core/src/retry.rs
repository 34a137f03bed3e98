//! Retry decisions: whether to send a failed request again, and when.
//!
//! A retry is a decision, not a loop hidden in a corner. [`RetryPolicy`]
//! holds the caller's bounds; [`RetryPolicy::decide`] takes a typed
//! [`ApiError`] and the number of the attempt that just failed, and answers
//! [`RetryDecision::Retry`] with a delay, or [`RetryDecision::Stop`] with a
//! [`StopReason`]. The runners [`run`], [`run_with`] and [`run_async`] are a
//! few lines around it.
//!
//! ```
//! use api_error_codes::amazon_scraper;
//! use api_error_codes::retry::{DelaySource, RetryDecision, RetryPolicy, StopReason};
//! use std::time::Duration;
//!
//! let policy = RetryPolicy::default();
//!
//! // 429 rate_limited: the Amazon Scraper API says to respect Retry-After.
//! let limited = amazon_scraper::parse(429, &[("Retry-After", "3")], br#"{"error":"rate_limited"}"#);
//! assert_eq!(
//!     policy.decide(&limited, 1),
//!     RetryDecision::Retry { delay: Duration::from_secs(3), source: DelaySource::RetryAfter },
//! );
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
//! 4. **What the server and the documents require** is gathered, the largest
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
//! 5. **The delay.** When the code's advice says to honour `Retry-After`
//!    ([`RetryAdvice::honors_retry_after`]) and the server named a time
//!    (`Retry-After`, or an exhausted X window), the delay is exactly the
//!    required wait: the server knows when its quota frees up, and waiting
//!    longer wastes it. Otherwise the delay is the jittered exponential
//!    backoff ([`Jitter`]), `base_delay × 2^(attempt−1)` capped at the maximum
//!    delay, raised to the required wait if that is longer.
//! 6. **The time allowed in all**, if one is set: a retry whose delay would
//!    end after [`max_elapsed`](RetryPolicyBuilder::max_elapsed) (counting
//!    from the first attempt) stops with
//!    [`StopReason::ElapsedLimit`].
//!
//! No delay returned ever exceeds the policy's
//! [`max_delay`](RetryPolicyBuilder::max_delay).
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
//! [`ApiErrorCode::retry`]: crate::ApiErrorCode::retry
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
pub use self::pacing::Pacer;
pub use self::policy::RetryPolicy;
pub use self::run::{run, run_async, run_with, Retrier, RetryError};
pub use self::wait::RequiredWait;
// What `decide` and the runners accept; defined beside the failures.
pub use crate::call::Failure;
// `Retry-After` is read with the other response headers; the retry side is
// where users look for it.
pub use crate::response::headers::{RetryAfter, MAX_RETRY_AFTER};
