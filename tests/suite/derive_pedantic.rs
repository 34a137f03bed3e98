//! The derive's output passes the strictest lint settings a user is likely
//! to have; `cargo clippy --all-targets -- -D warnings` checks this file
//! with clippy's lints, `cargo test` with rustc's.

#![deny(
    warnings,
    unused_qualifications,
    clippy::pedantic,
    missing_docs,
    rust_2018_idioms,
    single_use_lifetimes,
    unused_lifetimes,
    unused_results,
    trivial_casts,
    trivial_numeric_casts,
    unreachable_pub,
    unsafe_code
)]

// In scope so that `unused_qualifications` would flag generated paths like
// `::api_error_codes::ErrorKind::RateLimited` if they carried user spans.
use api_error_codes::{ApiErrorCode, ErrorKind, RetryAdvice};
use core::time::Duration;

/// A catalog using every item of the grammar, with the repeated statuses,
/// codes and kinds that make for identical match arms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ApiErrorCode)]
#[api_error(
    docs_url = "https://lint.example/errors/{status}/{code}/{variant}",
    body(
        code = "error.type",
        message = "error.message",
        request_id = "meta.request_id",
        success_flag = "ok"
    )
)]
pub enum Lint {
    /// Bad input.
    #[code(400, "INVALID")]
    Invalid,
    /// Bad input, named.
    #[code(400, "INVALID", message = "name")]
    InvalidName,
    /// Bad input, dated.
    #[code(
        400,
        "INVALID",
        message = "date",
        docs_url = "https://lint.example/dates"
    )]
    InvalidDate,
    /// No credentials.
    #[code(401, "UNAUTHORIZED", kind = Unauthenticated)]
    Unauthorized,
    /// Not allowed.
    #[code(403, "FORBIDDEN", kind = PermissionDenied)]
    Forbidden,
    /// Too many requests.
    #[code(429, "THROTTLED", kind = RateLimited, retry(attempts = 10, delay = "1h", honor_retry_after))]
    Throttled,
    /// Out of quota for the day.
    #[code(429, "QUOTA", retry(delay = "86400000ms"))]
    Quota,
    /// Server failure.
    #[code(500, "INTERNAL", retry = true)]
    Internal,
    /// Down for maintenance.
    #[code(503, "DOWN", retry = false)]
    Down,
    /// Upstream timeout.
    #[code(504, "TIMEOUT", retry)]
    Timeout,
}

#[test]
fn derived_code_passes_pedantic_lints() {
    assert_eq!(Lint::ALL.len(), 10);
    assert_eq!(Lint::Throttled.kind(), ErrorKind::RateLimited);
    assert_eq!(
        Lint::Throttled.retry(),
        RetryAdvice::BACKOFF
            .with_max_attempts(10)
            .with_min_delay(Duration::from_secs(3600))
            .honoring_retry_after()
    );
    assert_eq!(Lint::Quota.retry().min_delay(), Duration::from_secs(86_400));
    assert_eq!(Lint::from_code("INVALID"), Some(Lint::Invalid));
    assert_eq!(
        Lint::InvalidDate.docs_url(),
        Some("https://lint.example/dates")
    );
    assert_eq!(
        Lint::Down.docs_url(),
        Some("https://lint.example/errors/503/DOWN/Down")
    );
    assert_eq!("TIMEOUT".parse::<Lint>(), Ok(Lint::Timeout));
    assert_eq!(Lint::Forbidden.to_string(), "FORBIDDEN");
}
