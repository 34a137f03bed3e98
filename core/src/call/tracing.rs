//! `tracing` events for retries: why a call was retried, why it stopped,
//! and which codes the catalog does not know yet.
//!
//! The adapters (tower, reqwest-middleware, backon) emit them on their own
//! with the feature on; a loop of your own calls [`record_failure`] after
//! each failed attempt. All events have the target
//! `api_error_codes::retry`.
//!
//! | event | level | fields |
//! | --- | --- | --- |
//! | an attempt failed and will be retried | `WARN` | `attempt`, `limit`, `status` or `transport`, `code`, `request_id`, `message`, `delay_ms`, `delay_source` |
//! | an attempt failed and the call stops there | `DEBUG` | the same, without the delay |
//! | the call stopped | `WARN` after a retry or at a limit, `DEBUG` otherwise | `reason`, `attempts`, `status` or `transport`, `code`, `request_id` |
//! | a code the catalog does not list, the first time it is seen | `WARN` | `catalog`, `code`, `status` |
//!
//! # Why these levels
//!
//! - A retried failure is `WARN`: the caller never sees it (the retry hides
//!   it), yet it costs latency and load on the server, and a run of them is
//!   how an outage or a missing client-side pace shows up first.
//! - The failure the call stops on is `DEBUG`, and the stop itself is
//!   `DEBUG` when nothing was retried (a permanent 403, a `POST` not
//!   replayed): the caller gets that very error back and decides whether
//!   it is one. A library that logs `ERROR` for every 404 its callers
//!   handle floods their logs.
//! - A stop after retries, or at a limit (attempts, budget, a wait longer
//!   than allowed) is `WARN`: a transient failure outlasted the retries,
//!   which the returned error alone does not say.
//! - Nothing is `ERROR`: the error is returned, and is the caller's to
//!   judge.
//! - An unknown code is `WARN`, once per code: the catalog is behind the
//!   API, and someone should add the code.
//!
//! # Server text
//!
//! Every field that carries the server's text (code, request id, message)
//! is sanitized ([`Sanitized`]): CR and LF, ANSI escapes, other controls
//! and bidi overrides become spaces, and the text is capped. A hostile
//! server cannot forge log lines or recolour a terminal.
//!
//! # Unknown codes, in bounded memory
//!
//! The codes already reported are remembered process-wide, up to
//! [`UNKNOWN_CODES_REMEMBERED`] of them, each cut to
//! [`UNKNOWN_CODE_CHARS`] characters; past that limit one more event says
//! so, and no further new codes are reported (a server inventing a code
//! per response cannot grow the memory or flood the log).

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use ::tracing::{debug, warn};

use super::attempt::FailedAttempt;
use super::Failure;
use crate::retry::{RetryDecision, StopReason};
use crate::sanitize::{self, Sanitized};

/// How many unknown codes are remembered (and reported) at most.
pub const UNKNOWN_CODES_REMEMBERED: usize = 256;

/// The longest unknown code remembered, in characters; a longer one is
/// remembered (and reported) cut.
pub const UNKNOWN_CODE_CHARS: usize = 64;

const TARGET: &str = "api_error_codes::retry";

/// Records that attempt `attempt` of at most `limit` failed with `failure`
/// and that `decision` was taken on it: the events the
/// [module documentation](self) lists.
///
/// ```
/// use api_error_codes::call::{tracing, FailedAttempt};
/// use api_error_codes::retry::RetryPolicy;
/// use api_error_codes::x_ads;
///
/// let policy = RetryPolicy::default();
/// let busy = x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#);
/// let decision = policy.decide(&busy, 1);
/// tracing::record_failure(1, policy.attempt_limit(&busy), &busy, &decision);
/// ```
pub fn record_failure<F: Failure + ?Sized>(
    attempt: u32,
    limit: u32,
    failure: &F,
    decision: &RetryDecision,
) {
    record(&FailedAttempt::new(attempt, limit, failure, *decision));
}

/// [`record_failure`], for an attempt already described.
pub(crate) fn record(attempt: &FailedAttempt<'_>) {
    if attempt.code_is_unknown() {
        first_sighting(attempt);
    }
    let status = attempt.status();
    let transport = attempt.transport_kind().map(|kind| kind.as_str());
    let code = attempt.code().map(Sanitized);
    let request_id = attempt.request_id().map(Sanitized);
    let message = attempt.message().map(Sanitized);
    match attempt.decision() {
        RetryDecision::Retry { delay, source } => {
            warn!(
                target: TARGET,
                attempt = attempt.number(),
                limit = attempt.limit(),
                status,
                transport,
                code = code.as_ref().map(tracing_display),
                request_id = request_id.as_ref().map(tracing_display),
                message = message.as_ref().map(tracing_display),
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                delay_source = source.as_str(),
                "attempt {} of {} failed; retrying", attempt.number(), attempt.limit(),
            );
        }
        RetryDecision::Stop(reason) => {
            debug!(
                target: TARGET,
                attempt = attempt.number(),
                limit = attempt.limit(),
                status,
                transport,
                code = code.as_ref().map(tracing_display),
                request_id = request_id.as_ref().map(tracing_display),
                message = message.as_ref().map(tracing_display),
                "attempt {} of {} failed", attempt.number(), attempt.limit(),
            );
            let reason_text = ::tracing::field::display(reason);
            if attempt.number() > 1 || at_a_limit(reason) {
                warn!(
                    target: TARGET,
                    reason = reason_text,
                    attempts = attempt.number(),
                    status,
                    transport,
                    code = code.as_ref().map(tracing_display),
                    request_id = request_id.as_ref().map(tracing_display),
                    "gave up after {} attempts", attempt.number(),
                );
            } else {
                debug!(
                    target: TARGET,
                    reason = reason_text,
                    attempts = attempt.number(),
                    status,
                    transport,
                    code = code.as_ref().map(tracing_display),
                    request_id = request_id.as_ref().map(tracing_display),
                    "not retried",
                );
            }
        }
    }
}

/// `tracing` shows a field with `Display` when wrapped so.
fn tracing_display<'a>(
    text: &'a Sanitized<'a>,
) -> ::tracing::field::DisplayValue<&'a Sanitized<'a>> {
    ::tracing::field::display(text)
}

/// Whether the call stopped at a limit, not at the nature of the error.
fn at_a_limit(reason: StopReason) -> bool {
    matches!(
        reason,
        StopReason::AttemptsExhausted { .. }
            | StopReason::ElapsedLimit { .. }
            | StopReason::RetryBudgetEmpty
            | StopReason::WaitTooLong { .. }
    )
}

/// The unknown codes reported so far: `catalog` and code, sanitized and cut.
fn seen() -> &'static Mutex<HashSet<String>> {
    static SEEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    SEEN.get_or_init(|| Mutex::new(HashSet::new()))
}

/// Reports the attempt's unknown code, the first time it is seen.
fn first_sighting(attempt: &FailedAttempt<'_>) {
    let (Some(catalog), Some(code)) = (attempt.catalog(), attempt.code()) else {
        return;
    };
    let code = sanitize::sanitized(code, UNKNOWN_CODE_CHARS);
    let key = format!("{catalog}\u{0}{code}");
    // A poisoned lock only means another thread panicked while holding
    // it; the set is still a set.
    let mut seen = seen()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if seen.contains(&key) {
        return;
    }
    if seen.len() >= UNKNOWN_CODES_REMEMBERED {
        // One slot past the limit marks that the limit was reported.
        if seen.len() == UNKNOWN_CODES_REMEMBERED {
            seen.insert(String::new());
            warn!(
                target: TARGET,
                limit = UNKNOWN_CODES_REMEMBERED,
                "{UNKNOWN_CODES_REMEMBERED} unknown codes reported; no further new ones will be",
            );
        }
        return;
    }
    seen.insert(key);
    drop(seen);
    warn!(
        target: TARGET,
        catalog,
        code = %code,
        status = attempt.status(),
        "{catalog} does not list the code {code}",
    );
}
