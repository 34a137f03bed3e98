//! The shared retry budget and the pacer under arbitrary sequences of
//! calls: hostile rate-limit headers (negative, NaN, huge, contradictory,
//! repeated), resets in the past or past year 9999, clocks going back,
//! operation names by the thousand.
//!
//! Probes of unknown operations, answered with headers, without, or not
//! at all (a transport failure).
//!
//! Invariants: no panic; the budget never holds more than its capacity nor
//! grants a retry it cannot pay for; the pacer never asks for more than a
//! day and never fills more entries than its capacity (its memory is the
//! table allocated up front); the runners with both attached never sleep
//! longer than the policy's maximum delay nor exceed its attempts, and
//! neither does backon's `Call`, whatever backon proposes.
#![no_main]

use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, UNIX_EPOCH};

use api_error_codes::call::{backon, TransportError, TransportKind};
use api_error_codes::retry::{Pacer, Retrier, RetryBudget, RetryKind, RetryPolicy};
use api_error_codes::x_ads;
use libfuzzer_sys::fuzz_target;

const VALUES: &[&str] = &[
    "0", "1", "-1", "NaN", "inf", "-inf", "1e308", "1e-308", "0.0000001", "18446744073709551616",
    "253402300799", "253402300800", "99999999999999", "0.5", "20", "", " 7 ", "1,2",
];

fuzz_target!(|data: &[u8]| {
    let Some((head, ops)) = data.split_first_chunk::<6>() else {
        return;
    };
    let budget = RetryBudget::with_costs(u32::from(head[0]) * 4, u32::from(head[1] % 16), u32::from(head[2] % 32), u32::from(head[3] % 4));
    let pacer = Pacer::with_capacity(usize::from(head[4]));
    // Probing from the first request, or once a header was seen.
    let pacer = if head[5] & 2 == 2 { pacer.probe_unknown_operations() } else { pacer };
    let capacity = budget.capacity();
    let mut now = 1_700_000_000u64 * 1_000;
    let mut tokens = Vec::new();
    let value = |byte: u8, clock: u64| -> String {
        match byte % 4 {
            0 => (clock / 1_000 + u64::from(byte)).to_string(),
            1 => (clock / 1_000).saturating_sub(u64::from(byte)).to_string(),
            _ => VALUES[usize::from(byte) % VALUES.len()].to_owned(),
        }
    };
    for chunk in ops.chunks(4) {
        let [op, a, b, c] = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0), *chunk.get(3).unwrap_or(&0)];
        let at = UNIX_EPOCH + Duration::from_millis(now);
        let name = format!("op-{}", u16::from_le_bytes([a, b]) % if head[5] & 1 == 1 { 65_535 } else { 4 });
        match op % 8 {
            0 => {
                let kind = if a & 1 == 0 { RetryKind::Error } else { RetryKind::Transport };
                let before = budget.available();
                match budget.try_acquire_retry(kind) {
                    Some(token) => {
                        assert!(token.cost() <= before);
                        tokens.push(token);
                    }
                    None => assert!(budget.available() < budget.cost(kind) || budget.available() != before),
                }
            }
            1 => budget.record_success(if a & 1 == 0 { tokens.pop() } else { None }),
            2 | 3 => {
                let wait = pacer.wait_before(&name, at);
                assert!(wait <= Duration::from_secs(86_400), "{wait:?}");
            }
            4 | 5 => {
                let headers = [
                    ("x-amzn-RateLimit-Limit", value(a, now)),
                    ("x-rate-limit-limit", value(b, now)),
                    ("x-rate-limit-remaining", value(c, now)),
                    ("x-rate-limit-reset", value(a ^ c, now)),
                    ("x-rate-limit-remaining", value(b ^ c, now)),
                    ("x-account-rate-limit-remaining", value(b, now)),
                    ("x-account-rate-limit-reset", value(c ^ b, now)),
                ];
                let status = if c & 1 == 0 { 200 } else { 429 };
                match a % 8 {
                    // An answer without headers, or no answer at all: a
                    // probe out is answered, or released.
                    0 => pacer.observe(&name, status, &(), at),
                    1 => pacer.observe_failure(&name, &TransportError::new(TransportKind::Closed, "cut"), at),
                    _ => pacer.observe(&name, status, &headers, at),
                }
            }
            6 => now = now.saturating_add(u64::from(u16::from_le_bytes([a, b]))),
            _ => {
                // A clock that goes back, or jumps by years.
                now = if a & 1 == 0 { now.saturating_sub(u64::from(b) * 1_000) } else { now.saturating_add(u64::from(b) * 31_536_000_000) };
                let policy = RetryPolicy::builder()
                    .max_attempts(u32::from(c % 6))
                    .max_delay(Duration::from_millis(u64::from(b) * 10))
                    .base_delay(Duration::from_millis(u64::from(a)))
                    .build();
                if b & 1 == 1 {
                    backon_call(policy, &budget, &pacer, &name, a);
                    continue;
                }
                let attempts = Cell::new(0u32);
                let result = Retrier::new(policy).budget(&budget).pacer(&pacer, &name).run_with(
                    |delay| assert!(delay <= policy.max_delay(), "{delay:?} above {:?}", policy.max_delay()),
                    |attempt| {
                        attempts.set(attempt);
                        Err::<(), _>(x_ads::parse(503, &[("x-rate-limit-remaining", "0"), ("x-rate-limit-reset", "9999999999")], b""))
                    },
                );
                assert!(result.is_err());
                assert!(attempts.get() <= policy.max_attempts());
            }
        }
        assert!(budget.available() <= capacity);
    }
});

/// One call as backon would retry it through a `backon::Call`: each
/// attempt through `Call::attempt` (its sleeps ready at once), backon's
/// proposals from `seed` (zero, huge, or `None` once its limit is spent),
/// until `adjust` stops.
fn backon_call(policy: RetryPolicy, budget: &RetryBudget, pacer: &Pacer, name: &str, seed: u8) {
    let call = backon::Call::new(Retrier::new(policy).budget(budget).pacer(pacer, name));
    let mut adjust = call.adjust();
    let busy = x_ads::parse(503, &[("x-rate-limit-remaining", "0"), ("x-rate-limit-reset", "9999999999")], b"");
    let mut attempts = 0u32;
    // Bounded: backon's own limit (the proposal turns `None`) or the
    // policy's attempts, whichever comes first; the assertion below pins
    // the second.
    for proposal in 0..=u32::from(seed) {
        let sleep = |delay: Duration| {
            assert!(delay <= policy.max_delay(), "paced {delay:?} above {:?}", policy.max_delay());
            std::future::ready(())
        };
        let attempt = call.attempt(sleep, std::future::ready(Err::<(), _>(busy.clone())));
        let Poll::Ready(Err(failure)) = pin!(attempt).poll(&mut Context::from_waker(Waker::noop())) else {
            panic!("an attempt whose sleeps and answer are ready is ready");
        };
        attempts += 1;
        let proposed = (proposal < u32::from(seed)).then(|| match proposal % 3 {
            0 => Duration::ZERO,
            1 => Duration::from_millis(u64::from(seed) * 7),
            _ => Duration::MAX,
        });
        match adjust(&failure, proposed) {
            Some(delay) => assert!(delay <= policy.max_delay(), "{delay:?} above {:?}", policy.max_delay()),
            None => break,
        }
        assert!(attempts < policy.max_attempts().max(1), "retried past {} attempts", policy.max_attempts());
    }
}
