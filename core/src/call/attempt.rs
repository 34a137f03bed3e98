//! [`FailedAttempt`]: one failed attempt and the decision taken on it, as
//! hooks, logs and structured records see it.

#[cfg(any(feature = "tower", feature = "reqwest-middleware"))]
use std::sync::Arc;

use super::failure::{Failure, FailureDetails};
use super::TransportKind;
use crate::retry::RetryDecision;

/// One failed attempt of a call and what the retry policy decided on it:
/// what an `on_retry` hook receives, and what the `tracing` events show.
///
/// The server's text (code, request id, message) is raw here, as the
/// server sent it; show it with [`Sanitized`](crate::Sanitized). Its
/// `Serialize` and the `tracing` events sanitize it.
///
/// ```
/// use api_error_codes::call::FailedAttempt;
/// use api_error_codes::retry::{RetryDecision, RetryPolicy};
/// use api_error_codes::x_ads;
///
/// let policy = RetryPolicy::default();
/// let busy = x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#);
/// let decision = policy.decide(&busy, 1);
/// let attempt = FailedAttempt::new(1, policy.attempt_limit(&busy), &busy, decision);
/// assert_eq!((attempt.number(), attempt.limit()), (1, 4));
/// assert_eq!(attempt.status(), Some(503));
/// assert_eq!(attempt.code(), Some("OVER_CAPACITY"));
/// assert!(attempt.decision().is_retry());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailedAttempt<'a> {
    number: u32,
    limit: u32,
    details: FailureDetails<'a>,
    decision: RetryDecision,
}

impl<'a> FailedAttempt<'a> {
    /// Attempt `number` (from 1) of at most `limit` failed with `failure`,
    /// and `decision` was taken on it.
    pub fn new<F: Failure + ?Sized>(
        number: u32,
        limit: u32,
        failure: &'a F,
        decision: RetryDecision,
    ) -> FailedAttempt<'a> {
        FailedAttempt {
            number: number.max(1),
            limit: limit.max(1),
            details: failure.details(),
            decision,
        }
    }

    /// The attempt's number, from 1.
    #[must_use]
    pub const fn number(&self) -> u32 {
        self.number
    }

    /// The most attempts allowed, the first included.
    #[must_use]
    pub const fn limit(&self) -> u32 {
        self.limit
    }

    /// What was decided: retry after a delay, or stop.
    pub const fn decision(&self) -> RetryDecision {
        self.decision
    }

    /// The HTTP status, when the server answered.
    #[must_use]
    pub const fn status(&self) -> Option<u16> {
        match self.details {
            FailureDetails::Api { status, .. } => Some(status),
            FailureDetails::Transport(_) => None,
        }
    }

    /// How the request failed, when the server did not answer.
    #[must_use]
    pub const fn transport_kind(&self) -> Option<TransportKind> {
        match self.details {
            FailureDetails::Api { .. } => None,
            FailureDetails::Transport(kind) => Some(kind),
        }
    }

    /// The error code as the server sent it, raw.
    #[must_use]
    pub const fn code(&self) -> Option<&'a str> {
        match self.details {
            FailureDetails::Api {
                code: Some((code, _)),
                ..
            } => Some(code),
            _ => None,
        }
    }

    /// Whether the server sent a code the catalog does not list: the
    /// catalog is behind the API.
    #[must_use]
    pub const fn code_is_unknown(&self) -> bool {
        matches!(
            self.details,
            FailureDetails::Api {
                code: Some((_, false)),
                ..
            }
        )
    }

    /// The name of the catalog the response was parsed with
    /// ([`ApiErrorCode::NAME`](crate::ApiErrorCode::NAME)), when the
    /// server answered.
    #[must_use]
    pub const fn catalog(&self) -> Option<&'static str> {
        match self.details {
            FailureDetails::Api { catalog, .. } => Some(catalog),
            FailureDetails::Transport(_) => None,
        }
    }

    /// The request id the server gave, raw.
    #[must_use]
    pub const fn request_id(&self) -> Option<&'a str> {
        match self.details {
            FailureDetails::Api { request_id, .. } => request_id,
            FailureDetails::Transport(_) => None,
        }
    }

    /// The server's error message, raw.
    #[must_use]
    pub const fn message(&self) -> Option<&'a str> {
        match self.details {
            FailureDetails::Api { message, .. } => message,
            FailureDetails::Transport(_) => None,
        }
    }
}

/// An adapter's `on_retry` hook.
#[cfg(any(feature = "tower", feature = "reqwest-middleware"))]
pub(crate) type Hook = Arc<dyn Fn(&FailedAttempt<'_>) + Send + Sync>;

/// Tells the hook, and the `tracing` events when the feature is on, about
/// `attempt`.
#[cfg(any(feature = "tower", feature = "reqwest-middleware"))]
pub(crate) fn report(hook: Option<&Hook>, attempt: &FailedAttempt<'_>) {
    report_to(
        hook.map(|hook| &**hook as &dyn Fn(&FailedAttempt<'_>)),
        attempt,
    );
}

/// [`report`], for a hook borrowed rather than shared (the runners').
pub(crate) fn report_to(hook: Option<&dyn Fn(&FailedAttempt<'_>)>, attempt: &FailedAttempt<'_>) {
    #[cfg(feature = "tracing")]
    super::tracing::record(attempt);
    if let Some(hook) = hook {
        hook(attempt);
    }
}
