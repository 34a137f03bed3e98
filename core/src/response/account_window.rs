//! X's account-level rate-limit window, `x-account-rate-limit-*`, read for
//! the pacer.
//!
//! Kept apart from [`ResponseHeaders`](super::headers::ResponseHeaders)
//! while that reader learns these headers (issue 12); once [`RateLimit`]
//! carries the account window, this file folds into it.
//!
//! [`RateLimit`]: super::RateLimit

use std::time::SystemTime;

use super::headers::{epoch_seconds, HeaderSource, MAX_HEADER_VALUE_BYTES};

/// Requests allowed in X's account-wide window.
pub(crate) const X_ACCOUNT_RATE_LIMIT_LIMIT: &str = "x-account-rate-limit-limit";
/// Requests left in X's account-wide window.
pub(crate) const X_ACCOUNT_RATE_LIMIT_REMAINING: &str = "x-account-rate-limit-remaining";
/// When X's account-wide window resets, in epoch seconds.
pub(crate) const X_ACCOUNT_RATE_LIMIT_RESET: &str = "x-account-rate-limit-reset";

/// X's account-wide window, as the headers give it; the first valid value
/// of each header wins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AccountWindow {
    pub(crate) limit: Option<u64>,
    pub(crate) remaining: Option<u64>,
    pub(crate) reset: Option<SystemTime>,
}

impl AccountWindow {
    /// Reads the three headers out of `headers`, nothing else.
    pub(crate) fn read(headers: &(impl HeaderSource + ?Sized)) -> AccountWindow {
        let mut read = AccountWindow::default();
        headers.visit_headers(&mut |name, value| {
            if value.len() > MAX_HEADER_VALUE_BYTES {
                return;
            }
            let value = value.trim();
            let is = |expected: &str| name.eq_ignore_ascii_case(expected);
            if is(X_ACCOUNT_RATE_LIMIT_LIMIT) {
                read.limit = read.limit.or(value.parse().ok());
            } else if is(X_ACCOUNT_RATE_LIMIT_REMAINING) {
                read.remaining = read.remaining.or(value.parse().ok());
            } else if is(X_ACCOUNT_RATE_LIMIT_RESET) {
                read.reset = read.reset.or(epoch_seconds(value));
            }
        });
        read
    }

    /// Whether any of the three headers was present and valid.
    pub(crate) fn is_empty(&self) -> bool {
        *self == AccountWindow::default()
    }
}
