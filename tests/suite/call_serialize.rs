//! `Serialize` for what a retried call ends with: the decision, the stop
//! reason, the failure of an attempt and the error given up with, as
//! structured logs receive them; text from outside sanitized.

use std::io;
use std::time::Duration;

use api_error_codes::call::{CallError, FailedAttempt, TransportError, TransportKind};
use api_error_codes::retry::{self, DelaySource, RetryDecision, RetryPolicy, StopReason};
use api_error_codes::x_ads::{self, XAdsErrorCode};
use serde_json::{json, Value};

fn to_json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("serializes")
}

#[test]
fn decision_serializes_with_milliseconds_and_source() {
    let retry = RetryDecision::Retry {
        delay: Duration::from_millis(1500),
        source: DelaySource::RetryAfter,
    };
    assert_eq!(
        to_json(retry),
        json!({"action": "retry", "delay_ms": 1500, "source": "Retry-After"})
    );
    let stop = RetryDecision::Stop(StopReason::NotIdempotent);
    assert_eq!(
        to_json(stop),
        json!({"action": "stop", "reason": {"kind": "not_idempotent", "text": StopReason::NotIdempotent.to_string()}})
    );
}

#[test]
fn every_stop_reason_names_its_kind_and_numbers() {
    let wait = StopReason::WaitTooLong {
        wanted: Duration::from_secs(120),
        max: Duration::from_secs(60),
        source: DelaySource::RateLimitReset,
    };
    let cases = [
        (StopReason::Permanent, json!({"kind": "permanent"})),
        (StopReason::NotIdempotent, json!({"kind": "not_idempotent"})),
        (
            StopReason::AttemptsExhausted { limit: 4 },
            json!({"kind": "attempts_exhausted", "limit": 4}),
        ),
        (
            wait,
            json!({"kind": "wait_too_long", "wanted_ms": 120_000, "max_ms": 60_000, "source": "x-rate-limit-reset"}),
        ),
        (
            StopReason::ElapsedLimit {
                max_elapsed: Duration::from_secs(30),
            },
            json!({"kind": "elapsed_limit", "max_elapsed_ms": 30_000}),
        ),
        (
            StopReason::RetryBudgetEmpty,
            json!({"kind": "retry_budget_empty"}),
        ),
    ];
    for (reason, mut expected) in cases {
        expected["text"] = json!(reason.to_string());
        assert_eq!(to_json(reason), expected, "{reason:?}");
    }
}

#[test]
fn transport_failure_serializes_kind_and_sanitized_client_text() {
    let error: CallError<XAdsErrorCode, io::Error> = CallError::Transport(TransportError::new(
        TransportKind::Closed,
        io::Error::new(
            io::ErrorKind::ConnectionReset,
            "reset\r\nforged=1 \u{1b}[31m\u{202e}",
        ),
    ));
    assert_eq!(
        to_json(&error),
        json!({"transport": {"kind": "closed", "error": "reset forged=1 [31m "}})
    );
}

#[test]
fn api_failure_serializes_as_the_api_error() {
    let parsed = x_ads::parse(
        503,
        &(),
        br#"{"errors":[{"code":"OVER_CAPACITY","message":"Over capacity"}]}"#,
    );
    let error: CallError<XAdsErrorCode, io::Error> = CallError::Api(parsed.clone());
    assert_eq!(to_json(&error), json!({"api": to_json(&parsed)}));
    assert_eq!(to_json(&error)["api"]["code"], "OVER_CAPACITY");
}

#[test]
fn retry_error_serializes_attempts_reason_and_last_error() {
    let policy = RetryPolicy::builder().max_attempts(2).build();
    let result: Result<(), _> = retry::run_with(
        &policy,
        |_| {},
        |_| {
            Err(x_ads::parse(
                503,
                &(),
                br#"{"errors":[{"code":"OVER_CAPACITY"}]}"#,
            ))
        },
    );
    let value = to_json(result.unwrap_err());
    assert_eq!(value["attempts"], 2);
    assert_eq!(value["reason"]["kind"], "attempts_exhausted");
    assert_eq!(value["error"]["status"], 503);
}

#[test]
fn failed_attempt_serializes_server_text_sanitized() {
    let hostile = x_ads::parse(
        503,
        &(),
        br#"{"errors":[{"code":"NEW\u001b[2J","message":"line\r\nforged \u202eevil"}]}"#,
    );
    let decision = RetryDecision::Stop(StopReason::Permanent);
    let value = to_json(FailedAttempt::new(1, 3, &hostile, decision));
    assert_eq!(value["attempt"], 1);
    assert_eq!(value["limit"], 3);
    assert_eq!(value["status"], 503);
    assert_eq!(value["transport"], Value::Null);
    assert_eq!(value["code"], "NEW [2J");
    assert_eq!(value["code_unknown"], true);
    assert_eq!(value["message"], "line forged evil");
    assert_eq!(value["decision"]["action"], "stop");
}
