//! `Serialize` for what a retried call ends with, for structured logs: the
//! decision, the stop reason, the failure (server text sanitized) and the
//! error given up with.
//!
//! Durations are whole milliseconds (`delay_ms`), names the stable short
//! ones (`as_str`), and every piece of the server's or the client's text
//! is sanitized as [`Sanitized`] shows it.
//!
//! ```
//! use api_error_codes::retry::{RetryDecision, RetryPolicy, StopReason};
//! use api_error_codes::sp_api;
//!
//! let quota = sp_api::parse(429, &[("x-amzn-RateLimit-Limit", "0.5")],
//!     br#"{"errors":[{"code":"QuotaExceeded"}]}"#);
//! let decision = RetryPolicy::default().decide(&quota, 1);
//! assert_eq!(
//!     serde_json::to_value(decision).unwrap(),
//!     serde_json::json!({"action": "retry", "delay_ms": 2000, "source": "x-amzn-RateLimit-Limit"}),
//! );
//! assert_eq!(
//!     serde_json::to_value(StopReason::AttemptsExhausted { limit: 4 }).unwrap(),
//!     serde_json::json!({"kind": "attempts_exhausted", "limit": 4, "text": "all 4 allowed attempts were made"}),
//! );
//! ```

use core::fmt;
use std::time::Duration;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{CallError, FailedAttempt, TransportError, TransportKind};
use crate::retry::{DelaySource, RetryDecision, RetryError, StopReason};
use crate::sanitize::Sanitized;
use crate::ApiErrorCode;

/// Whole milliseconds, saturating.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Text from outside the program, serialized sanitized.
struct Clean<'a>(&'a str);

impl Serialize for Clean<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&Sanitized(self.0))
    }
}

/// A value serialized as its `Display`, sanitized.
struct CleanDisplay<'a, T>(&'a T);

impl<T: fmt::Display> Serialize for CleanDisplay<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&Sanitized(&self.0.to_string()))
    }
}

impl Serialize for DelaySource {
    /// Its short name: `backoff`, `Retry-After`, ...
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for TransportKind {
    /// Its short name: `connect`, `timeout`, `closed`, `body`, `other`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for RetryDecision {
    /// `{"action": "retry", "delay_ms": 2000, "source": "Retry-After"}` or
    /// `{"action": "stop", "reason": {...}}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RetryDecision::Retry { delay, source } => {
                let mut s = serializer.serialize_struct("RetryDecision", 3)?;
                s.serialize_field("action", "retry")?;
                s.serialize_field("delay_ms", &millis(*delay))?;
                s.serialize_field("source", source)?;
                s.end()
            }
            RetryDecision::Stop(reason) => {
                let mut s = serializer.serialize_struct("RetryDecision", 2)?;
                s.serialize_field("action", "stop")?;
                s.serialize_field("reason", reason)?;
                s.end()
            }
        }
    }
}

impl Serialize for StopReason {
    /// `{"kind": "...", ..., "text": "..."}`: `permanent`,
    /// `not_idempotent`, `attempts_exhausted` (with `limit`),
    /// `wait_too_long` (with `wanted_ms`, `max_ms` and `source`),
    /// `budget_spent` (with `budget_ms`), and the reason's `Display`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.to_string();
        match self {
            StopReason::Permanent | StopReason::NotIdempotent => {
                let kind = if *self == StopReason::Permanent {
                    "permanent"
                } else {
                    "not_idempotent"
                };
                let mut s = serializer.serialize_struct("StopReason", 2)?;
                s.serialize_field("kind", kind)?;
                s.serialize_field("text", &text)?;
                s.end()
            }
            StopReason::AttemptsExhausted { limit } => {
                let mut s = serializer.serialize_struct("StopReason", 3)?;
                s.serialize_field("kind", "attempts_exhausted")?;
                s.serialize_field("limit", limit)?;
                s.serialize_field("text", &text)?;
                s.end()
            }
            StopReason::WaitTooLong {
                wanted,
                max,
                source,
            } => {
                let mut s = serializer.serialize_struct("StopReason", 5)?;
                s.serialize_field("kind", "wait_too_long")?;
                s.serialize_field("wanted_ms", &millis(*wanted))?;
                s.serialize_field("max_ms", &millis(*max))?;
                s.serialize_field("source", source)?;
                s.serialize_field("text", &text)?;
                s.end()
            }
            StopReason::ElapsedLimit { max_elapsed } => {
                let mut s = serializer.serialize_struct("StopReason", 3)?;
                s.serialize_field("kind", "elapsed_limit")?;
                s.serialize_field("max_elapsed_ms", &millis(*max_elapsed))?;
                s.serialize_field("text", &text)?;
                s.end()
            }
            StopReason::RetryBudgetEmpty => {
                let mut s = serializer.serialize_struct("StopReason", 2)?;
                s.serialize_field("kind", "retry_budget_empty")?;
                s.serialize_field("text", &text)?;
                s.end()
            }
        }
    }
}

impl<C: fmt::Display> Serialize for TransportError<C> {
    /// `{"kind": "closed", "error": "<the client's error, sanitized>"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("TransportError", 2)?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("error", &CleanDisplay(self.error()))?;
        s.end()
    }
}

impl<E, C> Serialize for CallError<E, C>
where
    E: ApiErrorCode + Serialize,
    C: fmt::Display,
{
    /// `{"api": <the ApiError>}` or `{"transport": <the TransportError>}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CallError::Api(error) => {
                serializer.serialize_newtype_variant("CallError", 0, "api", error)
            }
            CallError::Transport(failure) => {
                serializer.serialize_newtype_variant("CallError", 1, "transport", failure)
            }
        }
    }
}

impl<F: Serialize> Serialize for RetryError<F> {
    /// `{"attempts": 4, "reason": {...}, "error": <the last failure>}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("RetryError", 3)?;
        s.serialize_field("attempts", &self.attempts())?;
        s.serialize_field("reason", &self.reason())?;
        s.serialize_field("error", self.error())?;
        s.end()
    }
}

impl Serialize for FailedAttempt<'_> {
    /// `{"attempt", "limit", "status", "transport", "code",
    /// "code_unknown", "request_id", "message", "decision"}`, server text
    /// sanitized.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("FailedAttempt", 9)?;
        s.serialize_field("attempt", &self.number())?;
        s.serialize_field("limit", &self.limit())?;
        s.serialize_field("status", &self.status())?;
        s.serialize_field("transport", &self.transport_kind())?;
        s.serialize_field("code", &self.code().map(Clean))?;
        s.serialize_field("code_unknown", &self.code_is_unknown())?;
        s.serialize_field("request_id", &self.request_id().map(Clean))?;
        s.serialize_field("message", &self.message().map(Clean))?;
        s.serialize_field("decision", &self.decision())?;
        s.end()
    }
}
