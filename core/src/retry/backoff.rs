//! Exponential backoff and its jitter: how long to wait when the server
//! names no time.

use std::time::Duration;

/// How the exponential backoff is randomized, so that clients that failed
/// together do not all come back together.
///
/// With a backoff ceiling `c` (`base_delay × 2^(attempt−1)`, at most the
/// maximum delay):
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Jitter {
    /// A uniform draw in `[0, c]`. The default.
    #[default]
    Full,
    /// `c/2` plus a uniform draw in `[0, c/2]`: never much shorter than the
    /// backoff, at the cost of less spread.
    Equal,
    /// Exactly `c`: only for tests, or a single client that cannot herd.
    None,
}

/// The shortest delay a retry ever leaves after: never zero, so that a
/// `Retry-After: 0` cannot turn a fleet into a busy loop.
pub(super) const MIN_RETRY_DELAY: Duration = Duration::from_millis(1);
/// The least upper bound of the spread added to an exact server wait.
pub(super) const MIN_SPREAD: Duration = Duration::from_millis(100);
/// The greatest upper bound of the spread added to an exact server wait.
pub(super) const MAX_SPREAD: Duration = Duration::from_secs(1);

/// The backoff settings of a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Backoff {
    pub(super) base_delay: Duration,
    pub(super) max_delay: Duration,
    pub(super) jitter: Jitter,
    /// See [`RetryPolicyBuilder::jitter_seed`](super::RetryPolicyBuilder::jitter_seed).
    pub(super) seed: Option<u64>,
}

impl Backoff {
    /// `base_delay × 2^(number−1)`, at most `max_delay`; saturates instead of
    /// overflowing for any `number`.
    fn ceiling(&self, number: u32) -> Duration {
        let doublings = number.saturating_sub(1);
        1u32.checked_shl(doublings)
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .map_or(self.max_delay, |backoff| backoff.min(self.max_delay))
    }

    pub(super) fn jittered(&self, number: u32) -> Duration {
        let ceiling = self.ceiling(number);
        // Nanoseconds in a u64 reach 584 years; a ceiling beyond that (only
        // from an absurd `max_delay`) is drawn within 584 years, still below
        // the ceiling.
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        match self.jitter {
            Jitter::None => ceiling,
            Jitter::Full => Duration::from_nanos(self.draw(number, nanos)),
            Jitter::Equal => {
                let half = nanos / 2;
                Duration::from_nanos(half + self.draw(number, nanos - half))
            }
        }
    }

    /// The spread added to a wait the server named exactly: a uniform draw
    /// in `[1 ms, bound]`, `bound` being a tenth of the wait, at least
    /// [`MIN_SPREAD`] and at most [`MAX_SPREAD`]; zero with
    /// [`Jitter::None`]. See the [module documentation](crate::retry).
    pub(super) fn spread(&self, number: u32, wait: Duration) -> Duration {
        if self.jitter == Jitter::None {
            return Duration::ZERO;
        }
        let bound = (wait / 10).clamp(MIN_SPREAD, MAX_SPREAD);
        let floor = MIN_RETRY_DELAY.as_nanos() as u64;
        let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
        // A different stream from the backoff's: the same seed and attempt
        // must not give the spread and the backoff the same fraction.
        Duration::from_nanos(floor + self.draw(number ^ 0x5A5A_5A5A, nanos - floor))
    }

    /// A uniform draw in `0..=max`: from a generator seeded by the policy's
    /// seed and the attempt number (the same seed gives the same delay for
    /// the same attempt, whatever was asked before), else from fastrand's
    /// thread-local generator.
    fn draw(&self, number: u32, max: u64) -> u64 {
        match self.seed {
            Some(seed) => {
                // The golden-ratio constant spreads consecutive attempt
                // numbers over the seed space.
                let mixed = seed ^ u64::from(number).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                fastrand::Rng::with_seed(mixed).u64(0..=max)
            }
            None => fastrand::u64(0..=max),
        }
    }
}
