//! The six scenarios every retry adapter (tower, reqwest-middleware,
//! backon) is run through against the loopback server: the bodies the APIs
//! send, the policy the tests retry with, and a recorder of the decisions
//! an adapter reports.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use api_error_codes::call::{FailedAttempt, TransportKind};
use api_error_codes::retry::{Jitter, RetryDecision, RetryPolicy};

use crate::loopback::Reply;

/// SP-API 429 `QuotaExceeded`, as its documents show it.
pub const SP_QUOTA: &str = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource.","details":""}]}"#;
/// An SP-API success.
pub const SP_ORDERS: &str = r#"{"payload":{"Orders":[]}}"#;
/// SP-API 403 `Unauthorized`: permanent.
pub const SP_UNAUTHORIZED: &str = r#"{"errors":[{"code":"Unauthorized","message":"Missing required SP-API roles or permissions","details":"Access to requested resource is denied."}]}"#;
/// The request id sent with [`SP_UNAUTHORIZED`].
pub const SP_REQUEST_ID: &str = "7d5d1b8e-0a1e-4c3b-9f77-3a2c1d0e9b11";
/// X Ads 503 `OVER_CAPACITY`.
pub const X_OVER_CAPACITY: &str = r#"{"errors":[{"code":"OVER_CAPACITY","message":"Over capacity"}],"request":{"params":{"account_id":"hkk5"}}}"#;
/// An X Ads success.
pub const X_CAMPAIGNS: &str = r#"{"data":[],"request":{"params":{"account_id":"hkk5"}}}"#;
/// A gateway's HTML 502: no code, judged by its status.
pub const HTML_502: &str = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";

/// The SP-API's 429 with a rate of 0.5 requests per second: at least 2 s
/// between requests.
#[must_use]
pub fn sp_quota_reply() -> Reply {
    Reply::new(429, SP_QUOTA).header("x-amzn-RateLimit-Limit", "0.5")
}

/// The SP-API's permanent 403, with its request id.
#[must_use]
pub fn sp_unauthorized_reply() -> Reply {
    Reply::new(403, SP_UNAUTHORIZED).header("x-amzn-RequestId", SP_REQUEST_ID)
}

/// The first backoff of [`policy`].
pub const BASE_DELAY: Duration = Duration::from_millis(10);

/// The policy every adapter test retries with: 3 attempts, backoff 10 ms
/// then 20 ms without jitter, so that delays can be asserted exactly.
#[must_use]
pub fn policy() -> RetryPolicy {
    RetryPolicy::builder()
        .max_attempts(3)
        .base_delay(BASE_DELAY)
        .jitter(Jitter::None)
        .build()
}

/// `n` milliseconds.
#[must_use]
pub const fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// What an adapter reported of one failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// The attempt's number and the limit.
    pub attempt: (u32, u32),
    /// The status, when the server answered.
    pub status: Option<u16>,
    /// How the request failed, when it did not.
    pub transport: Option<TransportKind>,
    /// The code sent.
    pub code: Option<String>,
    /// What the policy decided.
    pub decision: RetryDecision,
}

/// Collects what an adapter's `on_retry` hook reports.
#[derive(Debug, Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Decided>>>);

impl Recorder {
    /// A hook that records into this recorder.
    pub fn hook(&self) -> impl Fn(&FailedAttempt<'_>) + Send + Sync + 'static {
        let seen = Arc::clone(&self.0);
        move |attempt| {
            seen.lock().expect("recorder").push(Decided {
                attempt: (attempt.number(), attempt.limit()),
                status: attempt.status(),
                transport: attempt.transport_kind(),
                code: attempt.code().map(str::to_owned),
                decision: attempt.decision(),
            });
        }
    }

    /// What was recorded, in order.
    ///
    /// # Panics
    ///
    /// When a hook panicked while recording.
    #[must_use]
    pub fn decided(&self) -> Vec<Decided> {
        self.0.lock().expect("recorder").clone()
    }
}

/// A failure of attempt `n` of `limit` with `status` and `code`, decided so.
#[must_use]
pub fn answered(
    attempt: (u32, u32),
    status: u16,
    code: Option<&str>,
    decision: RetryDecision,
) -> Decided {
    Decided {
        attempt,
        status: Some(status),
        transport: None,
        code: code.map(str::to_owned),
        decision,
    }
}

/// A transport failure of attempt `n` of `limit`, decided so.
#[must_use]
pub fn unanswered(attempt: (u32, u32), kind: TransportKind, decision: RetryDecision) -> Decided {
    Decided {
        attempt,
        status: None,
        transport: Some(kind),
        code: None,
        decision,
    }
}
