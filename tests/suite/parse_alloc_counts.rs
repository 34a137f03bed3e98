//! Allocation counts, by a counting global allocator.
//!
//! Lookups of known codes, `classify` and `Code<E>` of a known code must not
//! touch the heap: they run on every failed call of a busy client. Parsing a
//! documented body does allocate (the error owns its strings); its count is
//! held at the value measured when this test was written, so a change that
//! adds allocations fails here and has to lower the budget or say why.
//!
//! The counter is per thread, so tests running in parallel do not see each
//! other's allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use api_error_codes::amazon_ads::AmazonAdsErrorCode;
use api_error_codes::amazon_scraper::AmazonScraperErrorCode;
use api_error_codes::sp_api::SpApiErrorCode;
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{amazon_ads, amazon_scraper, sp_api, x_ads, ApiErrorCode, Code};

#[allow(dead_code)] // `Body::api` is for the benches' tables.
#[path = "../../benches/common/bodies.rs"]
mod bodies;

/// The system allocator, counting the calls of the current thread.
struct Counting;

thread_local! {
    // `const` and without `Drop`: reading it never allocates, which matters
    // inside the allocator itself.
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: during thread teardown the slot may be gone already.
    let _ = CALLS.try_with(|calls| calls.set(calls.get() + 1));
}

// SAFETY: every method forwards to `System` with the caller's arguments,
// which upholds the same contract; counting touches no allocated memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What `f` returns, and how many times it called the allocator (`alloc`,
/// `alloc_zeroed` or `realloc`) on this thread. Dropping the result is not
/// counted: frees are not allocations.
fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = CALLS.with(Cell::get);
    let value = std::hint::black_box(f());
    (value, CALLS.with(Cell::get) - before)
}

/// Asserts that looking up every code of `E`, known or not, allocates
/// nothing, and neither does building a `Code<E>` of a known code, by hand
/// or from JSON.
fn lookups_allocate_nothing<E: ApiErrorCode + std::fmt::Debug + PartialEq>() {
    for &variant in E::ALL {
        let code = variant.code();
        let status = variant.status();
        let (found, n) = allocations(|| E::from_code(code));
        assert_eq!(found.map(|v| v.code()), Some(code));
        assert_eq!(n, 0, "{}::from_code({code:?})", E::NAME);
        let (group, n) = allocations(|| E::all_with_code(code));
        assert!(!group.is_empty());
        assert_eq!(n, 0, "{}::all_with_code({code:?})", E::NAME);
        let (_, n) = allocations(|| E::classify(status, Some(code), Some("some message")));
        assert_eq!(n, 0, "{}::classify({status}, {code:?})", E::NAME);
        let (_, n) = allocations(|| E::classify(status, None, None));
        assert_eq!(n, 0, "{}::classify({status}, None)", E::NAME);
        let (known, n) = allocations(|| Code::<E>::from_raw(code));
        assert!(known.is_known());
        assert_eq!(n, 0, "Code::<{}>::from_raw({code:?})", E::NAME);
        let json = format!("\"{code}\"");
        let (parsed, n) = allocations(|| serde_json::from_str::<Code<E>>(&json));
        assert!(parsed.is_ok_and(|c| c.is_known()));
        assert_eq!(n, 0, "Code::<{}> from JSON {json}", E::NAME);
    }
    for unknown in [
        "",
        "NOT_A_CODE",
        "not_a_code_either",
        "x",
        &"LONG_".repeat(40),
    ] {
        let (found, n) = allocations(|| E::from_code(unknown));
        assert_eq!(found, None);
        assert_eq!(n, 0, "{}::from_code({unknown:?})", E::NAME);
        let (_, n) = allocations(|| E::classify(400, Some(unknown), None));
        assert_eq!(n, 0, "{}::classify(400, {unknown:?})", E::NAME);
    }
}

#[test]
fn known_code_lookups_classify_and_code_allocate_nothing() {
    lookups_allocate_nothing::<XAdsErrorCode>();
    lookups_allocate_nothing::<AmazonAdsErrorCode>();
    lookups_allocate_nothing::<AmazonScraperErrorCode>();
    lookups_allocate_nothing::<SpApiErrorCode>();
}

#[test]
fn unknown_code_up_to_62_bytes_allocates_nothing() {
    let (code, n) = allocations(|| Code::<XAdsErrorCode>::from_raw("BRAND_NEW_CODE"));
    assert_eq!(code.as_str(), "BRAND_NEW_CODE");
    assert_eq!(n, 0);
    let long = "X".repeat(62);
    let (code, n) = allocations(|| Code::<XAdsErrorCode>::from_raw(&long));
    assert_eq!(code.as_str(), long);
    assert_eq!(n, 0);
}

#[test]
fn unknown_code_over_62_bytes_allocates_once() {
    let long = "X".repeat(63);
    let (code, n) = allocations(|| Code::<XAdsErrorCode>::from_raw(&long));
    assert_eq!(code.as_str(), long);
    assert_eq!(n, 1);
}

/// Checks one body's parse: what it finds, and at most `budget`
/// allocations. Prints the count, for BENCHMARKS.md.
fn parse_allocations(body: &bodies::Body, budget: usize, parse: impl FnOnce() -> (usize, bool)) {
    let ((items, classified), n) = allocations(parse);
    println!("{}: {} bytes, {n} allocations", body.api, body.bytes.len());
    assert_eq!(items, 1, "{}: the example has one error", body.api);
    assert!(classified, "{}: the example's code is known", body.api);
    assert!(
        n <= budget,
        "{}: {n} allocations, more than the {budget} measured before",
        body.api
    );
}

#[test]
fn parsing_each_documented_body_stays_within_its_allocations() {
    let b = &bodies::X_ADS;
    parse_allocations(b, 11, || {
        let e = x_ads::parse(b.status, &(), b.bytes);
        (
            e.errors().len(),
            e.variant() == Some(XAdsErrorCode::InvalidParameter),
        )
    });
    let b = &bodies::AMAZON_ADS;
    parse_allocations(b, 4, || {
        let e = amazon_ads::parse(b.status, &(), b.bytes);
        (
            e.errors().len(),
            e.variant() == Some(AmazonAdsErrorCode::NotAuthorizedForScope),
        )
    });
    let b = &bodies::AMAZON_SCRAPER;
    parse_allocations(b, 6, || {
        let e = amazon_scraper::parse(b.status, &(), b.bytes);
        (
            e.errors().len(),
            e.variant() == Some(AmazonScraperErrorCode::RateLimited),
        )
    });
    let b = &bodies::SP_API;
    parse_allocations(b, 4, || {
        let e = sp_api::parse(b.status, &(), b.bytes);
        (
            e.errors().len(),
            e.variant() == Some(SpApiErrorCode::QuotaExceeded),
        )
    });
}

/// `api_error_for_status` on a success hands the response back without
/// touching the heap: checking costs a status compare, nothing more.
#[cfg(feature = "http")]
#[test]
fn checking_a_success_allocates_nothing() {
    use api_error_codes::call::ResponseExt;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    /// Polls once with a waker that needs no allocation; a success is ready
    /// at once.
    fn ready<F: Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("a success is checked without waiting"),
        }
    }

    let response = http::Response::builder()
        .status(200)
        .body(String::from(r#"{"data":[]}"#))
        .expect("a response");
    let (checked, n) = allocations(|| ready(response.api_error_for_status::<XAdsErrorCode>()));
    assert!(checked.is_ok());
    assert_eq!(n, 0, "http::Response<String>");

    #[cfg(feature = "reqwest")]
    {
        let response = reqwest::Response::from(
            http::Response::builder()
                .status(200)
                .body(r#"{"data":[]}"#)
                .expect("a response"),
        );
        let (checked, n) = allocations(|| ready(response.api_error_for_status::<XAdsErrorCode>()));
        assert!(checked.is_ok());
        assert_eq!(n, 0, "reqwest::Response");
    }
}
