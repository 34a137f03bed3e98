//! What the adapters read of a request before retrying it (its
//! idempotency, the [`Operation`] it is paced as), and the fleet-safety
//! parts as they use them: the shared [`RetryBudget`] and the [`Pacer`].

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use super::Failure;
use crate::retry::{AttemptPacing, Idempotency, Pacer, RetryBudget, RetryDecision, RetryToken};

/// The operation a request is paced as, when set in its extensions (tower:
/// the `http::Request`'s; reqwest-middleware: the request's, with
/// `RequestBuilder::with_extension`). Without it, an adapter paces a
/// request as its method and path, `GET /orders/v0/orders`: name the
/// operation when paths carry ids (`GET /orders/v0/orders/{orderId}`), so
/// that every call of one operation shares one reservation.
///
/// ```
/// use api_error_codes::call::Operation;
///
/// let request = http::Request::get("https://sellingpartnerapi-na.amazon.com/orders/v0/orders/902-3159896-1390916")
///     .extension(Operation("GET /orders/v0/orders/{orderId}"))
///     .body(())
///     .unwrap();
/// assert_eq!(request.extensions().get::<Operation>(), Some(&Operation("GET /orders/v0/orders/{orderId}")));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation(pub &'static str);

/// The idempotency a request declares in its `extensions`, else its
/// `method`'s ([`Idempotency::from_method`]).
pub(crate) fn idempotency_of(extensions: &http::Extensions, method: &str) -> Idempotency {
    extensions
        .get::<Idempotency>()
        .copied()
        .unwrap_or_else(|| Idempotency::from_method(method))
}

/// The operation `extensions` name, else `METHOD path`.
pub(crate) fn operation_of(
    extensions: &http::Extensions,
    method: &str,
    path: &str,
) -> Cow<'static, str> {
    match extensions.get::<Operation>() {
        Some(Operation(name)) => Cow::Borrowed(name),
        None => Cow::Owned(format!("{method} {path}")),
    }
}

/// What an adapter shares with the other calls of its process: a retry
/// budget, a pacer; either may be absent.
#[derive(Clone, Default)]
pub(crate) struct Fleet {
    pub(crate) budget: Option<RetryBudget>,
    pub(crate) pacer: Option<Pacer>,
}

impl Fleet {
    /// Waits until the pacer lets `operation` send, at most `max` in all
    /// (the policy's maximum delay): see [`AttemptPacing`].
    pub(crate) async fn pace(&self, operation: &str, max: Duration) {
        let Some(pacer) = &self.pacer else {
            return;
        };
        let mut pacing = AttemptPacing::default();
        // Bounded: the waits end within `max`.
        while let Some(wait) = pacing.next_wait(pacer, operation, max) {
            tokio::time::sleep(wait).await;
        }
    }

    /// Lets the pacer learn from a response's headers, success or not.
    pub(crate) fn observe(&self, operation: &str, status: u16, headers: &http::HeaderMap) {
        if let Some(pacer) = &self.pacer {
            pacer.observe(operation, status, headers, SystemTime::now());
        }
    }

    /// Lets the pacer learn from a failure without a response.
    pub(crate) fn observe_failure<F: Failure + ?Sized>(&self, operation: &str, failure: &F) {
        if let Some(pacer) = &self.pacer {
            pacer.observe_failure(operation, failure, SystemTime::now());
        }
    }

    /// `decision` as the budget allows it ([`RetryBudget::charge`]); the
    /// decision itself without a budget.
    pub(crate) fn charge<F: Failure + ?Sized>(
        &self,
        failure: &F,
        decision: RetryDecision,
        token: &mut Option<RetryToken>,
    ) -> RetryDecision {
        match &self.budget {
            Some(budget) => budget.charge(failure, decision, token),
            None => decision,
        }
    }

    /// A success: the budget gets its refund.
    pub(crate) fn succeeded(&self, token: Option<RetryToken>) {
        if let Some(budget) = &self.budget {
            budget.record_success(token);
        }
    }
}
