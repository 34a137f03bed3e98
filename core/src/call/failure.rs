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
}

impl<C> Failure for TransportError<C> {
    fn facts(&self) -> FailureFacts<'_> {
        FailureFacts::Transport(self.kind())
    }
}

impl<E: ApiErrorCode, C> Failure for CallError<E, C> {
    fn facts(&self) -> FailureFacts<'_> {
        match self {
            CallError::Api(error) => error.facts(),
            CallError::Transport(failure) => failure.facts(),
        }
    }
}
