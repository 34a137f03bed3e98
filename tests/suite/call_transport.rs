//! Transport failures: how client errors are classified, how `CallError`
//! is built from them, and the retry rules the policy applies to them.

use std::io;
use std::time::Duration;

use api_error_codes::call::{CallError, TransportError, TransportFailure, TransportKind};
use api_error_codes::retry::{
    self, DelaySource, Idempotency, Jitter, RetryDecision, RetryPolicy, StopReason,
};
use api_error_codes::x_ads::{self, XAdsErrorCode};
use api_error_codes::ErrorKind;

type Failed = CallError<XAdsErrorCode, io::Error>;

fn io_failure(kind: io::ErrorKind) -> Failed {
    io::Error::from(kind).into()
}

fn exact_policy() -> RetryPolicy {
    RetryPolicy::builder().jitter(Jitter::None).build()
}

#[test]
fn io_errors_are_classified_by_how_far_the_request_got() {
    let cases = [
        (io::ErrorKind::ConnectionRefused, TransportKind::Connect),
        (io::ErrorKind::AddrNotAvailable, TransportKind::Connect),
        (io::ErrorKind::TimedOut, TransportKind::Timeout),
        (io::ErrorKind::WouldBlock, TransportKind::Timeout),
        (io::ErrorKind::ConnectionReset, TransportKind::Closed),
        (io::ErrorKind::ConnectionAborted, TransportKind::Closed),
        (io::ErrorKind::BrokenPipe, TransportKind::Closed),
        (io::ErrorKind::UnexpectedEof, TransportKind::Closed),
        (io::ErrorKind::InvalidData, TransportKind::Body),
        (io::ErrorKind::PermissionDenied, TransportKind::Other),
        (io::ErrorKind::Other, TransportKind::Other),
    ];
    for (io_kind, expected) in cases {
        assert_eq!(
            io::Error::from(io_kind).transport_kind(),
            expected,
            "{io_kind:?}"
        );
    }
}

#[test]
fn a_failed_connect_is_retried_even_for_a_post() {
    let refused = io_failure(io::ErrorKind::ConnectionRefused);
    let post = exact_policy().for_method("POST");
    assert!(post.may_retry(&refused));
    assert_eq!(
        post.decide(&refused, 1),
        RetryDecision::Retry {
            delay: Duration::from_secs(1),
            source: DelaySource::Backoff
        }
    );
}

#[test]
fn timeouts_resets_and_cut_bodies_are_retried_only_when_idempotent() {
    for kind in [
        TransportKind::Timeout,
        TransportKind::Closed,
        TransportKind::Body,
    ] {
        let failure: Failed = CallError::transport_failure(kind, io::Error::other("x"));
        let get = exact_policy();
        let post = get.for_method("POST");
        assert_eq!(
            get.decide(&failure, 2),
            RetryDecision::Retry {
                delay: Duration::from_secs(2),
                source: DelaySource::Backoff
            },
            "{kind:?}"
        );
        assert_eq!(
            post.decide(&failure, 1),
            RetryDecision::Stop(StopReason::NotIdempotent),
            "{kind:?}"
        );
        // Declared safe (an idempotency key): retried.
        assert!(post
            .with_idempotency(Idempotency::Idempotent)
            .may_retry(&failure));
    }
}

#[test]
fn other_transport_failures_stop_at_once() {
    let failure: Failed = io_failure(io::ErrorKind::PermissionDenied);
    assert_eq!(
        exact_policy().decide(&failure, 1),
        RetryDecision::Stop(StopReason::Permanent)
    );
    assert!(!exact_policy().may_retry(&failure));
}

#[test]
fn transport_retries_keep_the_attempt_limit_and_the_time_budget() {
    let failure = io_failure(io::ErrorKind::ConnectionReset);
    let policy = exact_policy();
    assert_eq!(
        policy.decide(&failure, 4),
        RetryDecision::Stop(StopReason::AttemptsExhausted { limit: 4 })
    );
    let budgeted = policy
        .to_builder()
        .max_elapsed(Duration::from_millis(1500))
        .build();
    let late = retry::Attempt::new(2).with_elapsed(Duration::from_secs(1));
    assert_eq!(
        budgeted.decide_at(&failure, late, std::time::SystemTime::now()),
        RetryDecision::Stop(StopReason::ElapsedLimit {
            max_elapsed: Duration::from_millis(1500)
        })
    );
}

#[test]
fn question_mark_turns_api_and_client_errors_into_one_call_error() {
    fn call(step: u8) -> Result<&'static str, Failed> {
        match step {
            0 => Err(io::Error::from(io::ErrorKind::TimedOut))?,
            1 => Err(x_ads::parse(
                403,
                &(),
                br#"{"errors":[{"code":"ACCOUNT_LOCKED_OUT","message":"locked"}]}"#,
            ))?,
            _ => Ok("done"),
        }
    }
    let timed_out = call(0).unwrap_err();
    assert_eq!(timed_out.kind(), ErrorKind::Timeout);
    assert_eq!(timed_out.status(), None);
    assert!(timed_out.to_string().starts_with("timed out: "));
    let locked = call(1).unwrap_err();
    assert_eq!(locked.variant(), Some(XAdsErrorCode::AccountLockedOut));
    assert_eq!(locked.status(), Some(403));
    assert_eq!(locked.to_string(), "HTTP 403 ACCOUNT_LOCKED_OUT: locked");
    assert_eq!(call(2).unwrap(), "done");
}

#[test]
fn call_errors_are_std_errors_whose_source_is_the_cause() {
    use std::error::Error as _;
    let reset = io_failure(io::ErrorKind::ConnectionReset);
    let source = reset.source().expect("a source");
    assert_eq!(
        source.downcast_ref::<io::Error>().map(io::Error::kind),
        Some(io::ErrorKind::ConnectionReset)
    );
    let api: Failed = x_ads::parse(503, &(), b"").into();
    assert!(api.source().is_some());
}

#[test]
fn a_client_error_that_only_carries_a_status_becomes_the_apis_error() {
    #[derive(Debug)]
    struct StatusOnly(u16);
    impl TransportFailure for StatusOnly {
        fn transport_kind(&self) -> TransportKind {
            TransportKind::Other
        }
        fn http_status(&self) -> Option<u16> {
            Some(self.0)
        }
    }
    let busy: CallError<XAdsErrorCode, StatusOnly> = StatusOnly(503).into();
    assert_eq!(busy.api_error(), Some(&x_ads::parse(503, &(), b"")));
    assert!(RetryPolicy::default().may_retry(&busy));
}

#[test]
fn the_runners_accept_call_errors_and_keep_the_last_failure_whichever_kind() {
    let policy = exact_policy();
    let mut waits = Vec::new();
    let result: Result<(), _> = retry::run_with(
        &policy,
        |delay| waits.push(delay),
        |attempt| -> Result<(), Failed> {
            match attempt {
                1 => Err(io::Error::from(io::ErrorKind::ConnectionRefused))?,
                2 => Err(x_ads::parse(
                    503,
                    &(),
                    br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#,
                ))?,
                _ => Err(io::Error::from(io::ErrorKind::ConnectionReset))?,
            }
        },
    );
    let failure = result.unwrap_err();
    assert_eq!(failure.attempts(), 4);
    assert_eq!(failure.reason(), StopReason::AttemptsExhausted { limit: 4 });
    assert_eq!(
        failure.error().transport().map(TransportError::kind),
        Some(TransportKind::Closed)
    );
    assert_eq!(
        waits,
        [1, 2, 4].map(Duration::from_secs),
        "backoff for transport and API failures alike"
    );
}

#[test]
fn a_post_reset_by_the_server_is_tried_once() {
    let mut attempts = 0;
    let result: Result<(), _> = retry::run_with(
        &RetryPolicy::default().for_method("POST"),
        |_| panic!("no sleep: no retry"),
        |_| -> Result<(), Failed> {
            attempts += 1;
            Err(io::Error::from(io::ErrorKind::ConnectionReset))?
        },
    );
    assert_eq!(attempts, 1);
    assert_eq!(result.unwrap_err().reason(), StopReason::NotIdempotent);
}

#[test]
fn source_chains_are_searched_for_io_errors_and_cycles_end() {
    #[derive(Debug)]
    struct Looping;
    impl std::fmt::Display for Looping {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("loops")
        }
    }
    static LOOPING: Looping = Looping;
    impl std::error::Error for Looping {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&LOOPING)
        }
    }
    assert_eq!(TransportKind::of_source_chain(&Looping), None);
    let io = io::Error::from(io::ErrorKind::TimedOut);
    assert_eq!(
        TransportKind::of_source_chain(&io),
        Some(TransportKind::Timeout)
    );
}

#[test]
fn boxed_errors_are_classified_by_the_io_error_inside() {
    type Boxed = Box<dyn std::error::Error + Send + Sync>;
    let reset: Boxed = Box::new(io::Error::from(io::ErrorKind::ConnectionReset));
    assert_eq!(reset.transport_kind(), TransportKind::Closed);
    let opaque: Boxed = "no I/O error in here".into();
    assert_eq!(opaque.transport_kind(), TransportKind::Other);
    let refused: CallError<XAdsErrorCode, Boxed> =
        Boxed::from(io::Error::from(io::ErrorKind::ConnectionRefused)).into();
    assert!(RetryPolicy::default()
        .for_method("POST")
        .may_retry(&refused));
}
