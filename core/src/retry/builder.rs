//! [`RetryPolicyBuilder`]: a policy, setting by setting.

use std::time::Duration;

use super::backoff::MIN_RETRY_DELAY;
use super::{Idempotency, Jitter, RetryPolicy};

impl RetryPolicy {
    /// A builder starting from the defaults.
    pub const fn builder() -> RetryPolicyBuilder {
        RetryPolicyBuilder {
            policy: RetryPolicy::new(),
        }
    }

    /// A builder starting from this policy.
    pub const fn to_builder(&self) -> RetryPolicyBuilder {
        RetryPolicyBuilder { policy: *self }
    }
}

/// Builds a [`RetryPolicy`], starting from the defaults. Every setting is
/// optional; [`build`](Self::build) cannot fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use]
pub struct RetryPolicyBuilder {
    pub(super) policy: RetryPolicy,
}

impl RetryPolicyBuilder {
    /// The most attempts, the first included; `1` never retries. `0` is read
    /// as `1`. A code's advice may lower it, never raise it.
    pub const fn max_attempts(mut self, attempts: u32) -> Self {
        self.policy.max_attempts = if attempts == 0 { 1 } else { attempts };
        self
    }

    /// The backoff ceiling after the first failure; it doubles with each
    /// further failure, up to the maximum delay.
    pub const fn base_delay(mut self, delay: Duration) -> Self {
        self.policy.backoff.base_delay = delay;
        self
    }

    /// The longest delay [`decide`](RetryPolicy::decide) ever returns. A
    /// server or document asking for a longer wait stops the retries
    /// ([`StopReason::WaitTooLong`](super::StopReason::WaitTooLong)).
    ///
    /// So a code whose documented minimum delay is above it is never
    /// retried at all; [`RetryPolicy::never_retried`] lists those codes.
    /// A maximum under 1 ms is read as 1 ms: no retry leaves with zero
    /// delay.
    pub const fn max_delay(mut self, delay: Duration) -> Self {
        self.policy.backoff.max_delay = if delay.as_nanos() < MIN_RETRY_DELAY.as_nanos() {
            MIN_RETRY_DELAY
        } else {
            delay
        };
        self
    }

    /// How backoff is randomized.
    pub const fn jitter(mut self, jitter: Jitter) -> Self {
        self.policy.backoff.jitter = jitter;
        self
    }

    /// Draws jitter from a generator seeded with `seed` and the attempt
    /// number, so that the same policy gives the same delays on every run.
    /// For tests and simulations: clients sharing a seed jitter in lockstep,
    /// which defeats the purpose.
    pub const fn jitter_seed(mut self, seed: u64) -> Self {
        self.policy.backoff.seed = Some(seed);
        self
    }

    /// The time the retries may take in all, counting from the start of the
    /// first attempt: a retry whose delay would end later is not made
    /// ([`StopReason::ElapsedLimit`](super::StopReason::ElapsedLimit)).
    ///
    /// A limit on one call's time, not to be confused with the
    /// [`RetryBudget`](super::RetryBudget) that the calls of a process share.
    pub const fn max_elapsed(mut self, limit: Duration) -> Self {
        self.policy.max_elapsed = Some(limit);
        self
    }

    /// No limit on the time the retries take (the default).
    pub const fn no_max_elapsed(mut self) -> Self {
        self.policy.max_elapsed = None;
        self
    }

    /// Whether the request may be repeated.
    pub const fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.policy.idempotency = idempotency;
        self
    }

    /// The policy.
    #[must_use]
    pub const fn build(self) -> RetryPolicy {
        self.policy
    }
}
