//! [`Pacer`]: pacing before the 429, from the rate-limit headers the APIs
//! send on every response.

use core::fmt;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::call::failure::FailureFacts;
use crate::call::Failure;
use crate::response::headers::ResponseHeaders;
use crate::{HeaderSource, RateLimit};

/// Operations per set of the table; a set is one lock.
const WAYS: usize = 4;
/// The longest wait the pacer ever asks for (runners cap it further at
/// their policy's maximum delay).
const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);
/// The longest X window the pacer believes in: longer gaps between two
/// resets mean a window was missed, not that it lasts that long.
const MAX_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// Paces the requests of a process, per operation, by what the server's
/// rate-limit headers say, so that requests wait *before* a 429 instead of
/// after it.
///
/// An operation is whatever the caller names it (`"GET /orders/v0/orders"`,
/// `"accounts/:id/campaigns"`): the key of the server's quota. Before each
/// request, [`wait_before`](Self::wait_before) answers how long to wait and
/// reserves the slot; after each response, success or failure,
/// [`observe`](Self::observe) learns from its headers:
///
/// - the SP-API's `x-amzn-RateLimit-Limit: r` (requests per second): the
///   operation's requests are spaced `1/r` apart, through one reservation
///   that every caller shares — the next free time moves on by `1/r` with
///   each request let through, so `n` callers asking at once get
///   `0, 1/r, 2/r, …`, retries included;
/// - X's `x-rate-limit-limit`, `-remaining` and `-reset`: the window's
///   remaining requests are counted down across callers as they are let
///   through, and once none are left, callers wait for the reset. When two
///   resets have been seen, the window's length is known and callers beyond
///   the limit are booked into the following windows instead of all
///   returning at the reset;
/// - X's account-wide `x-account-rate-limit-*`: counted the same way for
///   every operation; when the account window is exhausted it takes
///   precedence over the operation's.
///
/// Responses without these headers teach nothing and cost one atomic load
/// per request: until some response carried one, `wait_before` returns
/// zero without hashing or locking anything.
///
/// # Bounded memory
///
/// The table is allocated once, with room for a fixed number of operations
/// ([`with_capacity`](Self::with_capacity); [`DEFAULT_CAPACITY`](Self::DEFAULT_CAPACITY)
/// by default), in sets of four, each under its own lock. Operation names
/// are never stored: an entry is keyed by a 64-bit keyed hash of the name
/// (std's SipHash with a per-pacer random key). When a set is full, its
/// least recently used entry is forgotten; a forgotten operation is paced
/// as a new one until its next response. A caller naming millions of
/// operations therefore uses no more memory than one naming a few, and
/// operations that are asked about but never answered with a rate-limit
/// header take no entry at all.
///
/// # A fleet of processes
///
/// A pacer paces one process. Processes sharing one quota (one seller
/// account, one X app) cannot see each other's requests; what coordinates
/// them is the server's headers. X's `remaining` counts every process's
/// requests, so each process's countdown restarts from the server's figure
/// on every response: the fleet together stays within the window, up to the
/// requests in flight when the window ran out. The SP-API's rate is the
/// whole quota's: give each of `n` processes `1/n` of it by pacing at the
/// rate the header gives divided by `n` (a pacer cannot divide by itself;
/// [`Pacer::with_share`] does), or expect some 429s, which the retry policy
/// and the [`RetryBudget`](super::RetryBudget) then absorb. A per-process
/// pacer promises only that *this* process does not exceed what the server
/// last said.
///
/// Before an operation's first response there is nothing to pace by: the
/// first requests go out as they come, and a server's burst allowance is
/// what absorbs them — unless the caller states the documented rate with
/// [`expect_rate`](Self::expect_rate), and pacing starts with the first
/// request.
///
/// Cheap to clone (one `Arc`); clones share one table.
///
/// ```
/// use api_error_codes::retry::Pacer;
/// use std::time::{Duration, SystemTime};
///
/// let pacer = Pacer::new();
/// let now = SystemTime::now();
/// let op = "GET /orders/v0/orders";
/// assert_eq!(pacer.wait_before(op, now), Duration::ZERO); // nothing known yet
///
/// // A success says: 2 requests per second. The next request waits 500 ms
/// // after it, and three callers at once are spaced 500 ms apart.
/// pacer.observe(op, 200, &[("x-amzn-RateLimit-Limit", "2")], now);
/// assert_eq!(pacer.wait_before(op, now), Duration::from_millis(500));
/// assert_eq!(pacer.wait_before(op, now), Duration::from_millis(1000));
/// assert_eq!(pacer.wait_before(op, now), Duration::from_millis(1500));
/// // Another operation has its own quota.
/// assert_eq!(pacer.wait_before("GET /orders/v0/orders/{id}", now), Duration::ZERO);
/// ```
#[derive(Clone)]
pub struct Pacer {
    inner: Arc<Table>,
}

struct Table {
    hasher: RandomState,
    sets: Box<[Mutex<[Slot; WAYS]>]>,
    account: Mutex<Window>,
    /// Whether any response ever carried a rate-limit header: until then
    /// the pacer is free.
    learned: AtomicBool,
    /// The share of the advertised rate this process paces at, in
    /// millionths (1_000_000 = all of it).
    share_millionths: u64,
}

/// One operation: times are nanoseconds since the Unix epoch.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// 0 when free.
    key: u64,
    last_used: u64,
    /// The spacing `1/r`, 0 when unknown.
    spacing: u64,
    /// The next free time of the shared reservation.
    next_free: u64,
    window: Window,
}

/// An X-style window, counted down locally.
#[derive(Clone, Copy, Default)]
struct Window {
    limit: Option<u64>,
    /// `None` when unknown: nothing is counted.
    remaining: Option<u64>,
    /// When requests of the window being counted may start.
    opens: u64,
    /// When the window resets; 0 when unknown.
    closes: u64,
    /// The window's length, once two resets were seen; 0 when unknown.
    length: u64,
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer::new()
    }
}

impl Pacer {
    /// The operations a pacer from [`new`](Self::new) remembers.
    pub const DEFAULT_CAPACITY: usize = 1024;

    /// A pacer remembering up to [`DEFAULT_CAPACITY`](Self::DEFAULT_CAPACITY)
    /// operations.
    #[must_use]
    pub fn new() -> Pacer {
        Pacer::with_capacity(Self::DEFAULT_CAPACITY)
    }

    /// A pacer remembering up to `operations` operations (at least 4,
    /// rounded up to a power of two sets of four); its table is allocated
    /// now, once.
    #[must_use]
    pub fn with_capacity(operations: usize) -> Pacer {
        Pacer::build(operations, 1.0)
    }

    /// A pacer that spaces requests at `share` (from 0 to 1) of the rate the
    /// SP-API's header advertises: for `n` processes sharing one quota,
    /// `1.0 / n`. Values outside `(0, 1]`, or NaN, are read as 1.
    #[must_use]
    pub fn with_share(share: f64) -> Pacer {
        Pacer::build(Self::DEFAULT_CAPACITY, share)
    }

    fn build(operations: usize, share: f64) -> Pacer {
        let sets = operations.div_ceil(WAYS).max(1).next_power_of_two();
        let share = if share > 0.0 && share <= 1.0 {
            share
        } else {
            1.0
        };
        Pacer {
            inner: Arc::new(Table {
                hasher: RandomState::new(),
                sets: (0..sets)
                    .map(|_| Mutex::new([Slot::default(); WAYS]))
                    .collect(),
                account: Mutex::new(Window::default()),
                learned: AtomicBool::new(false),
                // `share` is in (0, 1]: the product is in (0, 1e6].
                share_millionths: ((share * 1e6) as u64).max(1),
            }),
        }
    }

    /// The operations this pacer remembers at most.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.inner.sets.len() * WAYS
    }

    /// How long to wait, from `now`, before sending a request of
    /// `operation`; the slot is reserved, so the caller should send once
    /// the wait is over (and then [`observe`](Self::observe) the response).
    /// Zero when nothing is known of the operation. At most a day; the
    /// runners cap it further at their policy's maximum delay.
    #[must_use]
    pub fn wait_before(&self, operation: &str, now: SystemTime) -> Duration {
        if !self.inner.learned.load(Ordering::Acquire) {
            return Duration::ZERO;
        }
        let now = nanos(now);
        let key = self.key(operation);
        let mut send_at = {
            let mut set = self.set(key);
            let Some(slot) = set.iter_mut().find(|slot| slot.key == key) else {
                drop(set);
                return self.account_wait(now);
            };
            slot.last_used = now;
            let mut send_at = slot.window.grant(now);
            if slot.spacing > 0 {
                send_at = send_at.max(slot.next_free);
                slot.next_free = send_at.saturating_add(slot.spacing);
            }
            send_at
        };
        send_at = send_at.max(now.saturating_add(to_nanos(self.account_wait(now))));
        wait_from(now, send_at)
    }

    /// Learns from the headers of a response of `operation` with `status`,
    /// received at `now`: success or failure, whatever the body said.
    /// Responses without rate-limit headers change nothing.
    pub fn observe(
        &self,
        operation: &str,
        status: u16,
        headers: &(impl HeaderSource + ?Sized),
        now: SystemTime,
    ) {
        let rate_limit = ResponseHeaders::read(headers).rate_limit;
        self.learn(operation, status, &rate_limit, now);
    }

    /// Learns from a [`RateLimit`] already read (an
    /// [`ApiError::rate_limit`](crate::ApiError::rate_limit)), as
    /// [`observe`](Self::observe) does from headers.
    pub fn observe_rate_limit(
        &self,
        operation: &str,
        status: u16,
        rate_limit: &RateLimit,
        now: SystemTime,
    ) {
        self.learn(operation, status, rate_limit, now);
    }

    /// Learns from a failed attempt: an error response's rate-limit
    /// headers; nothing from a transport failure.
    pub fn observe_failure<F: Failure + ?Sized>(
        &self,
        operation: &str,
        failure: &F,
        now: SystemTime,
    ) {
        if let FailureFacts::Api {
            status, rate_limit, ..
        } = failure.facts()
        {
            self.observe_rate_limit(operation, status, rate_limit, now);
        }
    }

    /// Paces `operation` at `requests_per_second` until a response says
    /// otherwise: the rate an API documents (the SP-API lists each
    /// operation's), so that pacing starts with the very first request
    /// instead of the first answer. A rate that is not a positive finite
    /// number is ignored.
    ///
    /// ```
    /// use api_error_codes::retry::Pacer;
    /// use std::time::{Duration, SystemTime};
    ///
    /// let pacer = Pacer::new();
    /// let now = SystemTime::now();
    /// pacer.expect_rate("GET /orders/v0/orders", 0.0167, now);
    /// assert_eq!(pacer.wait_before("GET /orders/v0/orders", now), Duration::ZERO);
    /// assert!(pacer.wait_before("GET /orders/v0/orders", now) > Duration::from_secs(59));
    /// ```
    pub fn expect_rate(&self, operation: &str, requests_per_second: f64, now: SystemTime) {
        let spacing = self.spacing(requests_per_second);
        if spacing == 0 {
            return;
        }
        let now = nanos(now);
        let key = self.key(operation);
        let mut set = self.set(key);
        let slot = Self::entry(&mut set, key, now);
        slot.spacing = spacing;
        drop(set);
        self.inner.learned.store(true, Ordering::Release);
    }

    /// The entry of `key` in `set`, made (in a free entry, else in place of
    /// the least recently used one) if missing.
    fn entry(set: &mut [Slot; WAYS], key: u64, now: u64) -> &mut Slot {
        let index = match set.iter().position(|slot| slot.key == key) {
            Some(found) => found,
            None => {
                let victim = set
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, slot)| (slot.key != 0, slot.last_used))
                    .map_or(0, |(index, _)| index);
                set[victim] = Slot {
                    key,
                    last_used: now,
                    ..Slot::default()
                };
                victim
            }
        };
        &mut set[index]
    }

    fn learn(&self, operation: &str, status: u16, rate_limit: &RateLimit, now: SystemTime) {
        if rate_limit.is_empty() {
            return;
        }
        let limited = status == 429;
        let now = nanos(now);
        let account = (
            rate_limit.account_limit(),
            rate_limit.account_remaining(),
            rate_limit.account_reset(),
        );
        if account != (None, None, None) {
            let mut window = lock(&self.inner.account);
            window.learn(account.0, account.1, account.2.map(nanos), limited, now);
        }
        // The operation's own window and rate; the account window alone
        // takes no entry.
        let operation_window = rate_limit.limit().is_some()
            || rate_limit.remaining().is_some()
            || rate_limit.reset().is_some()
            || rate_limit.requests_per_second().is_some();
        if operation_window {
            let key = self.key(operation);
            let mut set = self.set(key);
            let slot = Self::entry(&mut set, key, now);
            if let Some(rate) = rate_limit.requests_per_second() {
                let first = slot.spacing == 0;
                slot.spacing = self.spacing(rate);
                if (first || limited) && slot.spacing > 0 {
                    // The response just received used a slot the pacer did
                    // not know of; after a 429 the server's bucket is empty.
                    // Either way the next request waits one spacing from
                    // now, whatever was reserved.
                    slot.next_free = slot.next_free.max(now.saturating_add(slot.spacing));
                }
            }
            slot.window.learn(
                rate_limit.limit(),
                rate_limit.remaining(),
                rate_limit.reset().map(nanos),
                limited,
                now,
            );
        }
        self.inner.learned.store(true, Ordering::Release);
    }

    /// The wait the account window asks for, taking a request from it.
    fn account_wait(&self, now: u64) -> Duration {
        let mut window = lock(&self.inner.account);
        wait_from(now, window.grant(now))
    }

    /// `1/rate` in nanoseconds at this pacer's share; 0 (unpaced) for a
    /// rate that is not a positive finite number or is beyond a billion
    /// per second.
    fn spacing(&self, rate: f64) -> u64 {
        if !(rate.is_finite() && rate > 0.0) {
            return 0;
        }
        let rate = rate * self.inner.share_millionths as f64 / 1e6;
        let spacing = 1e9 / rate;
        if spacing >= 1.0 {
            // A saturating float-to-int cast (infinity for a vanishing
            // rate becomes `u64::MAX`), then capped.
            (spacing as u64).min(to_nanos(MAX_WAIT))
        } else {
            0
        }
    }

    fn key(&self, operation: &str) -> u64 {
        // 0 marks a free entry.
        self.inner.hasher.hash_one(operation).max(1)
    }

    fn set(&self, key: u64) -> MutexGuard<'_, [Slot; WAYS]> {
        // The number of sets is a power of two.
        let index = (key as usize) & (self.inner.sets.len() - 1);
        lock(&self.inner.sets[index])
    }
}

impl Window {
    /// Takes one request from the window at `now`: when it may be sent.
    fn grant(&mut self, now: u64) -> u64 {
        let Some(mut remaining) = self.remaining else {
            return now;
        };
        if now >= self.closes {
            match self.limit {
                // Roll to the window `now` falls in (unless the clock is
                // at the end of time, where no window fits).
                Some(limit) if self.length > 0 && now < u64::MAX - self.length => {
                    let missed = (now - self.closes) / self.length;
                    self.opens = self.closes + missed * self.length;
                    self.closes = self.opens + self.length;
                    remaining = limit;
                }
                _ => {
                    // Past the reset with no way to tell the next window:
                    // counting starts again from the next response.
                    self.remaining = None;
                    return now;
                }
            }
        }
        if remaining > 0 {
            self.remaining = Some(remaining - 1);
            return now.max(self.opens);
        }
        match self.limit {
            Some(limit) if limit > 0 && self.length > 0 => {
                // Book the caller into the next window.
                self.opens = self.closes;
                self.closes = self.closes.saturating_add(self.length);
                self.remaining = Some(limit - 1);
                self.opens
            }
            _ => self.closes,
        }
    }

    /// Learns from one response's window headers, received at `now`.
    fn learn(
        &mut self,
        limit: Option<u64>,
        remaining: Option<u64>,
        reset: Option<u64>,
        limited: bool,
        now: u64,
    ) {
        if let Some(limit) = limit {
            self.limit = Some(limit);
        }
        let Some(reset) = reset else {
            return;
        };
        if reset <= now {
            // A reset in the past (or a skewed clock): that window is over.
            return;
        }
        // A 429 that names a reset but no count says the window is spent.
        let remaining = remaining.or(limited.then_some(0));
        // More left than allowed is a contradiction; believe the smaller.
        let remaining = match (remaining, self.limit) {
            (Some(remaining), Some(limit)) => Some(remaining.min(limit)),
            (remaining, _) => remaining,
        };
        if reset == self.closes {
            self.remaining = match (self.remaining, remaining) {
                (Some(local), Some(server)) => Some(local.min(server)),
                (local, server) => local.or(server),
            };
        } else if reset > self.closes {
            if self.closes != 0 {
                let gap = reset - self.closes;
                if gap <= to_nanos(MAX_WINDOW) {
                    self.length = gap;
                }
            }
            self.opens = now;
            self.closes = reset;
            self.remaining = remaining;
        }
        // A reset earlier than the one counted is an older window's
        // response, arriving late: nothing to learn.
    }
}

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pacer")
            .field("capacity", &self.capacity())
            .field("learned", &self.inner.learned.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// A poisoned lock only means another thread panicked mid-update; the
/// state is plain numbers, still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `time` in nanoseconds since the Unix epoch: 0 before it, saturating
/// past 2554.
fn nanos(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, to_nanos)
}

fn to_nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// The wait from `now` until `at`, at most [`MAX_WAIT`].
fn wait_from(now: u64, at: u64) -> Duration {
    Duration::from_nanos(at.saturating_sub(now)).min(MAX_WAIT)
}
