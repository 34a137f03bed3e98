//! Support shared by the test suite of `api-error-codes` (`suite/`): the
//! package exists for its tests, and is never published.
//!
//! Only what several test files need lives here: reading the TSV fixtures
//! of the `table_*` files, the lookup check that the derive's tests and the
//! prebuilt catalogs' tests both run, the executor of the async runner
//! tests, the scripted loopback server of the end-to-end tests
//! ([`loopback`]) and the scenarios every retry adapter is run through
//! ([`scenario`]).

use std::collections::HashSet;
use std::fmt::Debug;
use std::future::Future;
use std::hash::Hash;
use std::pin::pin;
use std::str::FromStr;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use api_error_codes::ApiErrorCode;

pub mod loopback;
pub mod scenario;

/// The data rows of a TSV fixture, each split on tabs into exactly `N`
/// columns. Blank lines and `#` lines (the fixture's sources and notes) are
/// skipped; a row with another number of columns panics, naming the row.
///
/// # Panics
///
/// On a row that does not have `N` columns.
#[must_use]
pub fn tsv_rows<const N: usize>(fixture: &'static str) -> Vec<[&'static str; N]> {
    fixture
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let columns: Vec<&'static str> = line.split('\t').collect();
            columns.try_into().unwrap_or_else(|columns: Vec<&str>| {
                panic!(
                    "fixture row {line:?} has {} tab-separated columns, not {N}",
                    columns.len()
                )
            })
        })
        .collect()
}

/// The status column of a fixture row, as a number.
///
/// # Panics
///
/// When `field` is not a `u16`.
#[must_use]
pub fn status(field: &str) -> u16 {
    field
        .parse()
        .unwrap_or_else(|err| panic!("bad status {field:?} in fixture: {err}"))
}

/// Asserts that no item of `items` appears twice; `what` names the list in
/// the failure message.
///
/// # Panics
///
/// When an item repeats.
pub fn assert_unique<T: Hash + Eq + Debug>(items: &[T], what: &str) {
    let mut seen = HashSet::new();
    let repeated: Vec<&T> = items.iter().filter(|item| !seen.insert(*item)).collect();
    assert!(repeated.is_empty(), "{what} repeats {repeated:?}");
}

/// Asserts that every variant of `E` is found again from its own facts:
/// `classify` with its status, code and message phrase gives it back;
/// `all_with_code` lists it among the variants of its code, those in
/// declaration order; `from_code` and `FromStr` give the first of them.
///
/// The derive's tests run it on enums shaped to reach every branch of the
/// generated code, the `table_*` tests on the prebuilt catalogs, where a
/// variant that cannot be found again would be dead weight.
///
/// # Panics
///
/// On the first variant that is not found again.
pub fn assert_found_again_from_own_facts<E>()
where
    E: ApiErrorCode + PartialEq + Debug + FromStr,
{
    for &variant in E::ALL {
        let (status, code, phrase) = (variant.status(), variant.code(), variant.message_phrase());
        let name = format!("{}::{}", E::NAME, variant.variant_name());
        assert_eq!(
            E::classify(status, Some(code), phrase),
            Some(variant),
            "classify({status}, {code:?}, {phrase:?}) for {name}"
        );
        let sharing: Vec<E> = E::ALL
            .iter()
            .copied()
            .filter(|other| other.code() == code)
            .collect();
        assert_eq!(
            E::all_with_code(code),
            sharing.as_slice(),
            "all_with_code({code:?}) for {name}"
        );
        let first = sharing.first().copied();
        assert_eq!(E::from_code(code), first, "from_code({code:?}) for {name}");
        assert_eq!(code.parse::<E>().ok(), first, "{code:?}.parse() for {name}");
    }
}

/// Polls a future to completion on this thread, with a waker that does
/// nothing: enough for the retry runners' futures, whose sleeps are recorded
/// rather than waited for, and whose calls block, if at all, inside a poll.
///
/// # Panics
///
/// When the future is still pending after 10 000 polls: a bug, since
/// nothing here waits for a wake-up.
pub fn block_on<F: Future>(future: F) -> F::Output {
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(Noop));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    for _ in 0..10_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("future never completed");
}
