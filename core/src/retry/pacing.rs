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
/// How long a probe's answer is waited for before another caller probes:
/// long enough for a slow answer, short enough that a lost one (a caller
/// that never observes, a dropped connection) costs little.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// How often a caller waiting for a probe's answer asks again.
const PROBE_POLL: Duration = Duration::from_millis(10);
/// The most unanswered requests a window counts when the server never
/// said its limit.
const OUTSTANDING_WITHOUT_LIMIT: u64 = 100;

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
/// per request: until some response carried one (or the caller opted in
/// with [`probe_unknown_operations`](Self::probe_unknown_operations)),
/// `wait_before` returns zero without hashing or locking anything.
///
/// # Requests in flight
///
/// The server's `remaining` counts the requests it has answered, not those
/// still on their way. So the pacer counts, per window, the requests it let
/// through whose answer it has not observed yet (*outstanding*), and when a
/// response opens a new window it believes the server's `remaining` minus
/// the outstanding requests; within a window it keeps the smaller of its
/// own countdown and the server's figure. Requests let through while the
/// window's `remaining` is unknown (after a reset whose successor the pacer
/// cannot tell) are counted too.
///
/// A request whose answer is never observed (the caller did not call
/// [`observe`](Self::observe), the connection dropped) would stay
/// outstanding forever; the harm is bounded: the count never exceeds the
/// window's limit (100 when the server never said it), each observed
/// response takes one off, and it starts again from zero when the window
/// rolls over. At worst, a response opening a new window then reads as
/// "none left" and callers wait for that window's reset.
///
/// # Cold start: one probe per operation
///
/// Before an operation's first answer there is no rate to pace by. Once
/// the pacer knows that the API paces — any response of any operation
/// carried a rate-limit header, a rate was stated with
/// [`expect_rate`](Self::expect_rate), or the caller opted in from the
/// start with [`probe_unknown_operations`](Self::probe_unknown_operations)
/// — the first request of an unknown operation is a *probe*: it goes
/// alone, and callers asking meanwhile are told to wait a short while
/// (10 ms) with nothing reserved, and to ask again; the runners
/// ([`Retrier`](super::Retrier)) do, within the policy's maximum delay.
/// When the probe's answer is observed — with headers or without, success
/// or failure — the waiting callers get real reservations by what it said.
/// A probe unanswered after 2 s, or that failed without an answer (a
/// transport failure given to [`observe_failure`](Self::observe_failure)),
/// lets the next caller probe.
///
/// A caller of [`wait_before`](Self::wait_before) that sends after such a
/// short wait without asking again is unpaced, as every request was before
/// the first answer.
///
/// # Bounded memory
///
/// The table is allocated once, with room for a fixed number of operations
/// ([`with_capacity`](Self::with_capacity); [`DEFAULT_CAPACITY`](Self::DEFAULT_CAPACITY)
/// by default), in sets of four, each under its own lock. Operation names
/// are never stored: an entry is keyed by a 64-bit keyed hash of the name
/// (std's SipHash with a per-pacer random key). When a set is full, its
/// least recently used entry is forgotten; a forgotten operation is paced
/// as a new one until its next response; entries that pace nothing (an
/// operation whose answers carry no header, a probe out) are forgotten
/// first. A caller naming millions of operations therefore uses no more
/// memory than one naming a few; until the pacer knows the API paces,
/// operations take no entry at all.
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
/// What a per-process pacer cannot promise: requests of other processes
/// that land between two of this process's answers, and requests in flight
/// at the moment the server resets its window, are seen only in the
/// server's next figures. Before the first answer, only one request per
/// operation goes out (see the probe above), or none unpaced when the
/// caller states the documented rate with [`expect_rate`](Self::expect_rate).
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
    /// Whether the pacer paces at all: some response carried a rate-limit
    /// header, a rate was stated, or the caller opted in to probes. Until
    /// then the pacer is free.
    active: AtomicBool,
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
    /// Whether a response of the operation was observed or its rate
    /// stated: until then, requests wait for the probe's answer.
    answered: bool,
    /// Until when the probe out is waited for; 0 when none is out.
    probe_until: u64,
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
    /// Requests let through whose answer was not observed yet.
    outstanding: u64,
}

/// What the pacer says before one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pace {
    /// The slot is reserved: send after the wait.
    Send(Duration),
    /// A probe's answer is awaited and nothing is reserved: ask again after
    /// the wait.
    AskAgain(Duration),
}

/// The pacer's waits before one attempt, as every runner and adapter asks
/// for them: until [`next_wait`](Self::next_wait) says `None`, sleeping
/// each wait it gives.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AttemptPacing {
    /// The waits given so far.
    paced: Duration,
    /// Whether the attempt may go: its slot is reserved, or the waits
    /// reached their maximum.
    cleared: bool,
}

impl AttemptPacing {
    /// The next wait before the attempt, or `None` once it may go. A
    /// reservation ends the pacing; a probe's "ask again" is asked again
    /// after its wait; all the waits together are at most `max` (the
    /// policy's maximum delay), after which the attempt goes.
    pub(crate) fn next_wait(
        &mut self,
        pacer: &Pacer,
        operation: &str,
        max: Duration,
    ) -> Option<Duration> {
        if self.cleared {
            return None;
        }
        let (wait, reserved) = match pacer.pace(operation, SystemTime::now()) {
            Pace::Send(wait) => (wait, true),
            Pace::AskAgain(wait) => (wait, false),
        };
        let wait = wait.min(max.saturating_sub(self.paced));
        // Bounded: an unreserved wait is positive until `max` is spent.
        self.cleared = reserved || wait.is_zero();
        self.paced = self.paced.saturating_add(wait);
        (!wait.is_zero()).then_some(wait)
    }
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
                active: AtomicBool::new(false),
                // `share` is in (0, 1]: the product is in (0, 1e6].
                share_millionths: ((share * 1e6) as u64).max(1),
            }),
        }
    }

    /// Probes unknown operations from the very first request: the first
    /// caller of an operation goes alone, and the others wait for its
    /// answer (see [cold start](Self#cold-start-one-probe-per-operation)),
    /// even before any response has shown that the API paces. For a pacer
    /// in front of an API known to pace (the SP-API, X), so that not even
    /// the first requests arrive together. Clones share the setting.
    ///
    /// The price: every request then takes a lock, and an operation whose
    /// answers carry no header still takes an entry of the table (the
    /// first ones forgotten when the table is full).
    ///
    /// ```
    /// use api_error_codes::retry::Pacer;
    /// use std::time::{Duration, SystemTime};
    ///
    /// let pacer = Pacer::new().probe_unknown_operations();
    /// let now = SystemTime::now();
    /// let op = "GET /orders/v0/orders";
    /// assert_eq!(pacer.wait_before(op, now), Duration::ZERO); // the probe
    /// // Others wait for its answer: 10 ms, then they ask again.
    /// assert_eq!(pacer.wait_before(op, now), Duration::from_millis(10));
    /// pacer.observe(op, 200, &[("x-amzn-RateLimit-Limit", "2")], now);
    /// assert_eq!(pacer.wait_before(op, now), Duration::from_millis(500));
    /// ```
    #[must_use]
    pub fn probe_unknown_operations(self) -> Pacer {
        self.inner.active.store(true, Ordering::Release);
        self
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
    ///
    /// While an operation's probe is out (see
    /// [cold start](Self#cold-start-one-probe-per-operation)), the answer
    /// is a short wait with nothing reserved, after which the caller should
    /// ask again.
    #[must_use]
    pub fn wait_before(&self, operation: &str, now: SystemTime) -> Duration {
        match self.pace(operation, now) {
            Pace::Send(wait) | Pace::AskAgain(wait) => wait,
        }
    }

    /// What [`wait_before`](Self::wait_before) says, and whether the slot
    /// was reserved: the runners ask again until it is.
    fn pace(&self, operation: &str, now: SystemTime) -> Pace {
        if !self.inner.active.load(Ordering::Acquire) {
            return Pace::Send(Duration::ZERO);
        }
        let now = nanos(now);
        let key = self.key(operation);
        let mut send_at = {
            let mut set = self.set(key);
            let slot = Self::entry(&mut set, key, now);
            slot.last_used = now;
            if !slot.answered {
                // A probe is out unless it timed out (or the clock went
                // back past it, which is as good as a timeout).
                let waiting =
                    slot.probe_until > now && slot.probe_until - now <= to_nanos(PROBE_TIMEOUT);
                if waiting {
                    return Pace::AskAgain(PROBE_POLL);
                }
                slot.probe_until = now.saturating_add(to_nanos(PROBE_TIMEOUT));
            }
            let mut send_at = slot.window.grant(now);
            if slot.spacing > 0 {
                send_at = send_at.max(slot.next_free);
                slot.next_free = send_at.saturating_add(slot.spacing);
            }
            send_at
        };
        send_at = send_at.max(now.saturating_add(to_nanos(self.account_wait(now))));
        Pace::Send(wait_from(now, send_at))
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
        match failure.facts() {
            FailureFacts::Api {
                status, rate_limit, ..
            } => self.observe_rate_limit(operation, status, rate_limit, now),
            FailureFacts::Transport(_) => self.release_probe(operation),
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
        slot.answered = true;
        drop(set);
        self.inner.active.store(true, Ordering::Release);
    }

    /// The entry of `key` in `set`, made (in a free entry, else in place of
    /// the least recently used one that paces nothing, else of the least
    /// recently used one) if missing.
    fn entry(set: &mut [Slot; WAYS], key: u64, now: u64) -> &mut Slot {
        let index = match set.iter().position(|slot| slot.key == key) {
            Some(found) => found,
            None => {
                let victim = set
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, slot)| (slot.key != 0, slot.paces(), slot.last_used))
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
            // Nothing to learn, but a probe may be waiting for this answer.
            if self.inner.active.load(Ordering::Acquire) {
                self.answer(operation, nanos(now));
            }
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
            slot.answered = true;
            slot.probe_until = 0;
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
        } else {
            self.answer(operation, now);
        }
        self.inner.active.store(true, Ordering::Release);
    }

    /// An answer of `operation` without anything of its own to learn: a
    /// probe out is answered. Takes no entry.
    fn answer(&self, operation: &str, now: u64) {
        let key = self.key(operation);
        let mut set = self.set(key);
        if let Some(slot) = set.iter_mut().find(|slot| slot.key == key) {
            slot.answered = true;
            slot.probe_until = 0;
            slot.last_used = now;
        }
    }

    /// The probe of `operation` failed without an answer: the next caller
    /// probes.
    fn release_probe(&self, operation: &str) {
        if !self.inner.active.load(Ordering::Acquire) {
            return;
        }
        let key = self.key(operation);
        let mut set = self.set(key);
        if let Some(slot) = set.iter_mut().find(|slot| slot.key == key) {
            slot.probe_until = 0;
        }
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

impl Slot {
    /// Whether the entry paces anything: the one to keep when the set is
    /// full.
    fn paces(&self) -> bool {
        self.spacing > 0 || self.window.seen()
    }
}

impl Window {
    /// Whether a response ever described this window.
    fn seen(&self) -> bool {
        self.limit.is_some() || self.closes != 0
    }

    /// Takes one request from the window at `now`: when it may be sent.
    /// The request is counted as outstanding until an answer is observed.
    fn grant(&mut self, now: u64) -> u64 {
        let at = self.take(now);
        if self.seen() {
            let cap = self.limit.unwrap_or(OUTSTANDING_WITHOUT_LIMIT);
            self.outstanding = self.outstanding.saturating_add(1).min(cap);
        }
        at
    }

    /// The countdown of [`grant`](Self::grant).
    fn take(&mut self, now: u64) -> u64 {
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
                    // What was in flight was the old window's.
                    self.outstanding = 0;
                }
                _ => {
                    // Past the reset with no way to tell the next window:
                    // counting starts again from the next response, less
                    // what is let through until then.
                    self.remaining = None;
                    self.outstanding = 0;
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
        // This response answers one request let through.
        self.outstanding = self.outstanding.saturating_sub(1);
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
            // The server's figure leaves out the requests still on their
            // way to it.
            self.remaining = remaining.map(|server| server.saturating_sub(self.outstanding));
        }
        // A reset earlier than the one counted is an older window's
        // response, arriving late: nothing to learn.
    }
}

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pacer")
            .field("capacity", &self.capacity())
            .field("active", &self.inner.active.load(Ordering::Relaxed))
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
