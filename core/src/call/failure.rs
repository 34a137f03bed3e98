//! [`Failure`]: what a retry policy can judge. The facts it reads are the
//! same for every kind of failure, so one decision serves them all.

use super::{CallError, TransportError, TransportKind};
use crate::response::headers::RetryAfter;
use crate::{ApiError, ApiErrorCode, RateLimit, RetryAdvice};

/// A failed attempt that a [`RetryPolicy`](crate::retry::RetryPolicy)
/// can judge: an [`ApiError`], a [`TransportError`], or a [`CallError`]
/// holding either.
///
/// Sealed: the policy's rules are written for exactly these. Turn another
/// client's error into a [`CallError`] (see
/// [`TransportFailure`](super::TransportFailure)).
pub trait Failure: sealed::Sealed {
    #[doc(hidden)]
    fn facts(&self) -> FailureFacts<'_>;

    /// What hooks and logs show of it (see
    /// [`FailedAttempt`](super::FailedAttempt)).
    #[doc(hidden)]
    fn details(&self) -> FailureDetails<'_>;
}

/// What a log line or a hook reads of a failure, server text raw.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureDetails<'a> {
    /// The server answered.
    Api {
        status: u16,
        /// The catalog's name ([`ApiErrorCode::NAME`]).
        catalog: &'static str,
        /// The code as sent, and whether the catalog knows it.
        code: Option<(&'a str, bool)>,
        request_id: Option<&'a str>,
        message: Option<&'a str>,
    },
    /// It did not.
    Transport(TransportKind),
}

/// What the policy reads of a failure.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum FailureFacts<'a> {
    /// The server answered.
    Api {
        status: u16,
        advice: RetryAdvice,
        retry_after: Option<RetryAfter>,
        rate_limit: &'a RateLimit,
    },
    /// It did not.
    Transport(TransportKind),
}

mod sealed {
    pub trait Sealed {}
    impl<E> Sealed for crate::ApiError<E> {}
    impl<C> Sealed for super::TransportError<C> {}
    impl<E, C> Sealed for super::CallError<E, C> {}
}

impl<E: ApiErrorCode> Failure for ApiError<E> {
    fn facts(&self) -> FailureFacts<'_> {
        FailureFacts::Api {
            status: self.status(),
            advice: self.retry_advice(),
            retry_after: self.retry_after(),
            rate_limit: self.rate_limit(),
        }
    }

    fn details(&self) -> FailureDetails<'_> {
        FailureDetails::Api {
            status: self.status(),
            catalog: E::NAME,
            code: self.code().map(|code| (code.as_str(), code.is_known())),
            request_id: self.request_id(),
            message: self.message(),
        }
    }
}

impl<C> Failure for TransportError<C> {
    fn facts(&self) -> FailureFacts<'_> {
        FailureFacts::Transport(self.kind())
    }

    fn details(&self) -> FailureDetails<'_> {
        FailureDetails::Transport(self.kind())
    }
}

impl<E: ApiErrorCode, C> Failure for CallError<E, C> {
    fn facts(&self) -> FailureFacts<'_> {
        match self {
            CallError::Api(error) => error.facts(),
            CallError::Transport(failure) => failure.facts(),
        }
    }

    fn details(&self) -> FailureDetails<'_> {
        match self {
            CallError::Api(error) => error.details(),
            CallError::Transport(failure) => failure.details(),
        }
    }
}
