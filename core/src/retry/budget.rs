//! [`RetryBudget`]: the token bucket that the calls of a process share, so
//! that a failing dependency sees about one request per call instead of
//! `max_attempts`.

use core::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use crate::call::failure::FailureFacts;
use crate::call::Failure;
use crate::retry::{RetryDecision, StopReason};

/// A retry token bucket shared by every call that holds a clone of it: each
/// retry takes tokens, each success gives some back, and when the bucket is
/// empty calls stop retrying ([`StopReason::RetryBudgetEmpty`]) until
/// successes refill it.
///
/// The arithmetic is the AWS SDKs' standard retry mode, which the SDKs
/// document and botocore, the Java and the Rust SDKs implement alike:
///
/// | event | tokens |
/// | --- | --- |
/// | start | [`DEFAULT_CAPACITY`](Self::DEFAULT_CAPACITY) = 500 |
/// | a retry after an error response | − [`DEFAULT_RETRY_COST`](Self::DEFAULT_RETRY_COST) = 5 |
/// | a retry after a timeout or another transport failure | − [`DEFAULT_TRANSPORT_RETRY_COST`](Self::DEFAULT_TRANSPORT_RETRY_COST) = 10 |
/// | a success at the first attempt | + [`DEFAULT_SUCCESS_REFUND`](Self::DEFAULT_SUCCESS_REFUND) = 1 |
/// | a success after retries | + the cost of its last retry |
///
/// never above the capacity; a retry that costs more than is left is not
/// made. With the defaults, a healthy process keeps the bucket full; in a
/// total outage the first 100 retries (500 / 5) drain it, after which each
/// call makes one request: over many calls, about one request per call,
/// where `max_attempts` would have made four.
///
/// These defaults are kept because they are the best-studied numbers there
/// are (the AWS fleet runs on them) and because the load test in
/// `BENCHMARKS.md` meets its goals with them. A process making fewer than a
/// few hundred calls in an outage may want a smaller capacity
/// ([`with_capacity`](Self::with_capacity)): the bucket only bites after
/// `capacity / cost` retries.
///
/// Cheap to clone (one `Arc`); clones share one bucket; every operation is
/// a lock-free compare-and-swap on one atomic, safe from any number of
/// threads and tasks.
///
/// The runners use it through [`Retrier::budget`](super::Retrier::budget).
/// A caller of [`RetryPolicy::decide`](super::RetryPolicy::decide) uses it
/// the same way:
///
/// ```
/// use api_error_codes::retry::{RetryBudget, RetryKind, RetryPolicy, RetryToken};
/// use api_error_codes::x_ads;
///
/// let budget = RetryBudget::new();
/// let policy = RetryPolicy::default();
/// let busy = x_ads::parse(503, &(), br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#);
///
/// // After a failure, the policy decides; a retry also needs tokens.
/// let mut last: Option<RetryToken> = None;
/// if policy.decide(&busy, 1).is_retry() {
///     match budget.try_acquire_retry(RetryKind::of(&busy)) {
///         Some(token) => last = Some(token), // sleep, then send again
///         None => { /* stop: StopReason::RetryBudgetEmpty */ }
///     }
/// }
/// assert_eq!(budget.available(), 495);
/// // The retry succeeded: its cost comes back.
/// budget.record_success(last);
/// assert_eq!(budget.available(), 500);
/// ```
///
/// [`StopReason::RetryBudgetEmpty`]: super::StopReason::RetryBudgetEmpty
#[derive(Clone)]
pub struct RetryBudget {
    inner: Arc<Bucket>,
}

struct Bucket {
    tokens: AtomicU32,
    capacity: u32,
    retry_cost: u32,
    transport_retry_cost: u32,
    success_refund: u32,
}

/// What a retry is retrying, for its cost in a [`RetryBudget`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryKind {
    /// The server answered with an error.
    Error,
    /// The request timed out, or got no whole answer: AWS charges these
    /// double, since a timed-out server may be slow rather than failing
    /// fast, and a retry adds to its load.
    Transport,
}

impl RetryKind {
    /// The kind of retry `failure` would need.
    #[must_use]
    pub fn of<F: Failure + ?Sized>(failure: &F) -> RetryKind {
        match failure.facts() {
            FailureFacts::Api { .. } => RetryKind::Error,
            FailureFacts::Transport(_) => RetryKind::Transport,
        }
    }
}

/// Tokens taken from a [`RetryBudget`] for one retry. Hand the last one a
/// call took to [`RetryBudget::record_success`] when the call succeeds, so
/// its cost comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use = "a successful call returns its last retry's cost with `record_success`"]
pub struct RetryToken {
    cost: u32,
}

impl RetryToken {
    /// The tokens taken.
    #[must_use]
    pub const fn cost(&self) -> u32 {
        self.cost
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget::new()
    }
}

impl RetryBudget {
    /// The AWS standard mode's capacity.
    pub const DEFAULT_CAPACITY: u32 = 500;
    /// The AWS standard mode's cost of a retry after an error response.
    pub const DEFAULT_RETRY_COST: u32 = 5;
    /// The AWS standard mode's cost of a retry after a timeout.
    pub const DEFAULT_TRANSPORT_RETRY_COST: u32 = 10;
    /// The AWS standard mode's refund for a success at the first attempt.
    pub const DEFAULT_SUCCESS_REFUND: u32 = 1;

    /// A full bucket with the AWS standard defaults (see the table above).
    #[must_use]
    pub fn new() -> RetryBudget {
        RetryBudget::with_capacity(Self::DEFAULT_CAPACITY)
    }

    /// A full bucket of `capacity` tokens, with the default costs.
    #[must_use]
    pub fn with_capacity(capacity: u32) -> RetryBudget {
        RetryBudget::with_costs(
            capacity,
            Self::DEFAULT_RETRY_COST,
            Self::DEFAULT_TRANSPORT_RETRY_COST,
            Self::DEFAULT_SUCCESS_REFUND,
        )
    }

    /// A full bucket of `capacity` tokens, a retry after an error response
    /// costing `retry_cost`, one after a transport failure
    /// `transport_retry_cost`, and a first-attempt success refunding
    /// `success_refund`. A zero cost is read as 1: a free retry would make
    /// the bucket meaningless.
    #[must_use]
    pub fn with_costs(
        capacity: u32,
        retry_cost: u32,
        transport_retry_cost: u32,
        success_refund: u32,
    ) -> RetryBudget {
        RetryBudget {
            inner: Arc::new(Bucket {
                tokens: AtomicU32::new(capacity),
                capacity,
                retry_cost: retry_cost.max(1),
                transport_retry_cost: transport_retry_cost.max(1),
                success_refund,
            }),
        }
    }

    /// The tokens left.
    #[must_use]
    pub fn available(&self) -> u32 {
        self.inner.tokens.load(Ordering::Relaxed)
    }

    /// The most tokens the bucket holds.
    #[must_use]
    pub fn capacity(&self) -> u32 {
        self.inner.capacity
    }

    /// What a retry of `kind` costs.
    #[must_use]
    pub fn cost(&self, kind: RetryKind) -> u32 {
        match kind {
            RetryKind::Error => self.inner.retry_cost,
            RetryKind::Transport => self.inner.transport_retry_cost,
        }
    }

    /// Takes the tokens a retry of `kind` costs, if that many are left;
    /// `None` (and nothing taken) if not: do not retry.
    pub fn try_acquire_retry(&self, kind: RetryKind) -> Option<RetryToken> {
        let cost = self.cost(kind);
        self.inner
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(cost)
            })
            .ok()
            .map(|_| RetryToken { cost })
    }

    /// A call succeeded: gives back the cost of `last_retry`, the token its
    /// last retry took, or the first-attempt refund if it took none. Never
    /// fills the bucket past its capacity.
    pub fn record_success(&self, last_retry: Option<RetryToken>) {
        let refund = last_retry.map_or(self.inner.success_refund, |token| token.cost);
        self.give_back(refund);
    }

    /// `decision` as this budget allows it: a retry takes its cost (kept in
    /// `token`, for the refund on success), and a retry the budget cannot
    /// pay for becomes a stop. The one place every runner and adapter
    /// charges a retry.
    pub(crate) fn charge<F: Failure + ?Sized>(
        &self,
        failure: &F,
        decision: RetryDecision,
        token: &mut Option<RetryToken>,
    ) -> RetryDecision {
        if !matches!(decision, RetryDecision::Retry { .. }) {
            return decision;
        }
        match self.try_acquire_retry(RetryKind::of(failure)) {
            Some(taken) => {
                *token = Some(taken);
                decision
            }
            None => RetryDecision::Stop(StopReason::RetryBudgetEmpty),
        }
    }

    fn give_back(&self, refund: u32) {
        let capacity = self.inner.capacity;
        // `fetch_update` with a closure that always answers `Some` cannot
        // fail; the result is ignored for that reason.
        let _ = self
            .inner
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                Some(tokens.saturating_add(refund).min(capacity))
            });
    }
}

impl fmt::Debug for RetryBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryBudget")
            .field("available", &self.available())
            .field("capacity", &self.inner.capacity)
            .field("retry_cost", &self.inner.retry_cost)
            .field("transport_retry_cost", &self.inner.transport_retry_cost)
            .field("success_refund", &self.inner.success_refund)
            .finish()
    }
}
