//! Error shapes of other APIs (issue 13): recognised without configuration
//! (RFC 9457 problems, GraphQL, Google), and read through a catalog's
//! `#[api_error(body(...))]` paths (GitHub, Slack, Stripe-style). Each
//! body is quoted from the public documentation of an API that sends it;
//! `fixtures/bodies/SOURCES.tsv` names the page.

use api_error_codes::response::{BodyShape, PathStep, MAX_BODY_BYTES, MAX_ITEMS};
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes::{ApiError, ApiErrorCode, Code, ErrorKind};

const RFC9457: &[u8] = include_bytes!("../fixtures/bodies/own_api/rfc9457_out_of_credit.json");
const GRAPHQL: &[u8] = include_bytes!("../fixtures/bodies/own_api/graphql_validation_failed.json");
const GOOGLE: &[u8] = include_bytes!("../fixtures/bodies/own_api/google_api_key_invalid.json");
const SLACK: &[u8] = include_bytes!("../fixtures/bodies/own_api/slack_too_many_attachments.json");
const GITHUB: &[u8] = include_bytes!("../fixtures/bodies/own_api/github_validation_failed.json");

/// A problem+json API's catalog: the problem `type` is the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum Credit {
    /// The account's balance is too low.
    #[code(403, "https://example.com/probs/out-of-credit", kind = PaymentRequired)]
    OutOfCredit,
}

/// A problem+json API whose code is an extension member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(body(code = "balance"))]
enum CreditByMember {
    /// A balance of 30.
    #[code(403, "30")]
    Thirty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum Apollo {
    /// The operation does not match the schema.
    #[code(400, "GRAPHQL_VALIDATION_FAILED", kind = InvalidRequest)]
    GraphqlValidationFailed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
enum Google {
    /// The client gave an invalid argument.
    #[code(400, "INVALID_ARGUMENT")]
    InvalidArgument,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(body(code = "error", success_flag = "ok"))]
enum Slack {
    /// Too many attachments were sent.
    #[code(200, "too_many_attachments", kind = InvalidRequest)]
    TooManyAttachments,
    /// The token is invalid.
    #[code(200, "invalid_auth", kind = Unauthenticated)]
    InvalidAuth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(body(code = "errors[].code", message = "message"))]
enum GitHub {
    /// A required field is missing.
    #[code(422, "missing_field")]
    MissingField,
    /// A field is invalid.
    #[code(422, "invalid")]
    Invalid,
}

/// Stripe keeps its category in `error.type`, beside `error.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
#[api_error(body(code = "error.type", request_id = "error.request_log_url"))]
enum Stripe {
    /// The request had invalid parameters.
    #[code(400, "invalid_request_error")]
    InvalidRequest,
}

#[test]
fn rfc9457_problem_type_is_the_code_and_detail_the_message() {
    let error = ApiError::<Credit>::parse(
        403,
        &[("content-type", "application/problem+json")],
        RFC9457,
    );
    assert_eq!(error.code(), Some(&Code::Known(Credit::OutOfCredit)));
    assert_eq!(error.variant(), Some(Credit::OutOfCredit));
    assert_eq!(error.kind(), ErrorKind::PaymentRequired);
    assert_eq!(
        error.message(),
        Some("Your current balance is 30, but that costs 50.")
    );
    assert_eq!(error.excerpt(), None);
}

#[test]
fn rfc9457_problem_without_detail_gives_the_title_and_about_blank_no_code() {
    let body = br#"{"type":"about:blank","title":"Not Found","status":404}"#;
    let error = ApiError::<Credit>::parse(404, &(), body);
    assert_eq!(error.code(), None);
    assert_eq!(error.message(), Some("Not Found"));
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.stated_status(), Some(404));
}

#[test]
fn rfc9457_status_member_is_kept_beside_the_http_status() {
    let body = br#"{"type":"https://example.com/probs/out-of-credit","title":"t","status":403}"#;
    let error = ApiError::<Credit>::parse(502, &(), body);
    assert_eq!((error.status(), error.stated_status()), (502, Some(403)));
    // The known code decides the kind; the HTTP status stays the status.
    assert_eq!(error.kind(), ErrorKind::PaymentRequired);
    for odd in [r#""403""#, "null", "42", "4030", "-1", "403.5", "{}"] {
        let body = format!(r#"{{"title":"t","status":{odd}}}"#);
        let error = ApiError::<Credit>::parse(500, &(), body.as_bytes());
        let expected = (odd == r#""403""#).then_some(403);
        assert_eq!(error.stated_status(), expected, "{odd}");
    }
}

#[test]
fn rfc9457_extension_member_named_by_the_catalog_is_the_code() {
    let error = ApiError::<CreditByMember>::parse(403, &(), RFC9457);
    assert_eq!(error.code(), Some(&Code::Known(CreditByMember::Thirty)));
    assert_eq!(error.variant(), Some(CreditByMember::Thirty));
    assert_eq!(error.kind(), ErrorKind::PermissionDenied);
    assert_eq!(
        error.message(),
        Some("Your current balance is 30, but that costs 50.")
    );
}

#[test]
fn graphql_extensions_code_is_the_code() {
    let error = ApiError::<Apollo>::parse(400, &(), GRAPHQL);
    assert_eq!(
        error.code(),
        Some(&Code::Known(Apollo::GraphqlValidationFailed))
    );
    assert_eq!(error.variant(), Some(Apollo::GraphqlValidationFailed));
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(
        error.message(),
        Some(r#"Cannot query field "__typenam" on type "Query"."#)
    );
}

#[test]
fn graphql_item_code_outranks_extensions_code() {
    let body = br#"{"errors":[{"code":"A","extensions":{"code":"B"},"message":"m"}]}"#;
    let error = ApiError::<Apollo>::parse(400, &(), body);
    assert_eq!(error.code().map(Code::as_str), Some("A"));
}

#[test]
fn google_status_is_the_code_not_the_number() {
    let error = ApiError::<Google>::parse(400, &(), GOOGLE);
    assert_eq!(error.code(), Some(&Code::Known(Google::InvalidArgument)));
    assert_eq!(error.variant(), Some(Google::InvalidArgument));
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(
        error.message(),
        Some("API key not valid. Please pass a valid API key.")
    );
}

#[test]
fn a_string_status_outside_an_error_object_is_no_code() {
    // JSend's `{"status": "error"}` is a state, not a code.
    let body = br#"{"status":"error","message":"Unable to communicate with database"}"#;
    let error = ApiError::<Google>::parse(500, &(), body);
    assert_eq!(error.code(), None);
    assert_eq!(error.message(), Some("Unable to communicate with database"));
}

#[test]
fn github_errors_codes_through_the_path_with_the_top_message() {
    let error = ApiError::<GitHub>::parse(422, &(), GITHUB);
    assert_eq!(error.code(), Some(&Code::Known(GitHub::MissingField)));
    assert_eq!(error.variant(), Some(GitHub::MissingField));
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(error.message(), Some("Validation Failed"));
    assert_eq!(error.errors().len(), 1);
}

#[test]
fn slack_error_with_200_is_a_failure_through_the_success_flag() {
    let error = ApiError::<Slack>::for_response(200, &(), SLACK).expect("ok: false is a failure");
    assert_eq!(error.status(), 200);
    assert_eq!(error.code(), Some(&Code::Known(Slack::TooManyAttachments)));
    assert_eq!(error.variant(), Some(Slack::TooManyAttachments));
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(error.message(), None);
    assert_eq!(error.to_string(), "HTTP 200 too_many_attachments");
}

#[test]
fn slack_success_flag_true_missing_or_odd_is_a_success() {
    for body in [
        &br#"{"ok":true,"channel":"C123"}"#[..],
        br#"{"ok":true,"warning":"superfluous_charset"}"#,
        br#"{"channel":"C123"}"#,
        br#"{"ok":"false","error":"invalid_auth"}"#,
        br#"{"ok":0}"#,
        br#"{"ok":null}"#,
        br#"[{"ok":false}]"#,
        b"<html>",
        b"",
    ] {
        assert!(
            ApiError::<Slack>::for_response(200, &(), body).is_none(),
            "{body:?}"
        );
    }
    // 1xx and 3xx are not read; 4xx and 5xx fail whatever the body.
    assert!(ApiError::<Slack>::for_response(302, &(), SLACK).is_none());
    assert!(ApiError::<Slack>::for_response(500, &(), br#"{"ok":true}"#).is_some());
    // Over the cap: not read, so not a failure.
    let mut huge = br#"{"ok":false,"pad":""#.to_vec();
    huge.resize(MAX_BODY_BYTES + 1, b'x');
    huge.extend_from_slice(br#""}"#);
    assert!(ApiError::<Slack>::for_response(200, &(), &huge).is_none());
}

#[test]
fn catalog_without_success_flag_never_fails_a_success() {
    assert!(ApiError::<XAdsErrorCode>::for_response(200, &(), SLACK).is_none());
    assert!(ApiError::<GitHub>::for_response(200, &(), GITHUB).is_none());
    assert!(ApiError::<XAdsErrorCode>::for_response(404, &(), b"").is_some());
}

#[test]
fn stripe_type_path_wins_over_error_code() {
    let body = br#"{"error":{"code":"resource_missing","doc_url":"https://stripe.com/docs/error-codes/resource-missing","message":"No such customer: 'cus_123'","param":"id","type":"invalid_request_error","request_log_url":"https://dashboard.stripe.com/logs/req_1"}}"#;
    let error = ApiError::<Stripe>::parse(404, &(), body);
    assert_eq!(error.code(), Some(&Code::Known(Stripe::InvalidRequest)));
    assert_eq!(error.variant(), Some(Stripe::InvalidRequest));
    assert_eq!(error.message(), Some("No such customer: 'cus_123'"));
    assert_eq!(
        error.request_id(),
        Some("https://dashboard.stripe.com/logs/req_1")
    );
}

#[test]
fn declared_path_to_an_object_number_null_array_or_nowhere_gives_a_value() {
    let cases: [(&[u8], Option<&str>); 7] = [
        (br#"{"error":{"type":{"nested":"x"},"message":"m"}}"#, None),
        (br#"{"error":{"type":42,"message":"m"}}"#, Some("42")),
        (br#"{"error":{"type":true,"message":"m"}}"#, Some("true")),
        (br#"{"error":{"type":null,"message":"m"}}"#, None),
        (br#"{"error":{"type":[1,2,3],"message":"m"}}"#, None),
        (br#"{"error":{"message":"m"}}"#, None),
        (br#"{"error":"card_declined"}"#, None),
    ];
    for (body, code) in cases {
        let error = ApiError::<Stripe>::parse(400, &(), body);
        assert_eq!(
            error.code().map(Code::as_str),
            code,
            "{}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    }
    let error = ApiError::<Stripe>::parse(400, &(), br#"{"error":{"type":42,"message":"m"}}"#);
    assert_eq!(error.message(), Some("m"));
}

#[test]
fn every_element_path_keeps_at_most_max_items_and_counts_the_rest() {
    let mut body = String::from(r#"{"message":"Validation Failed","errors":["#);
    for i in 0..MAX_ITEMS + 10 {
        if i > 0 {
            body.push(',');
        }
        body.push_str(r#"{"code":"invalid"}"#);
    }
    body.push_str("]}");
    let error = ApiError::<GitHub>::parse(422, &(), body.as_bytes());
    assert_eq!(error.errors().len(), MAX_ITEMS);
    assert_eq!(error.errors_dropped(), 10);
    assert_eq!(error.variant(), Some(GitHub::Invalid));
    // Elements that are not objects, or carry nothing, make no item.
    let error = ApiError::<GitHub>::parse(
        422,
        &(),
        br#"{"errors":[1,null,{},"x",{"code":"invalid"}]}"#,
    );
    assert_eq!(error.errors().len(), 1);
    // A path through something that is not an array finds nothing.
    let error = ApiError::<GitHub>::parse(422, &(), br#"{"errors":{"code":"invalid"}}"#);
    assert_eq!(error.code(), None);
}

#[test]
fn catalog_shape_is_a_const_of_steps() {
    assert_eq!(XAdsErrorCode::BODY_SHAPE, None);
    let shape: BodyShape = GitHub::BODY_SHAPE.unwrap();
    assert_eq!(
        shape.code(),
        Some(
            &[
                PathStep::Key("errors"),
                PathStep::Each,
                PathStep::Key("code")
            ][..]
        )
    );
    assert_eq!(shape.message(), Some(&[PathStep::Key("message")][..]));
    assert_eq!(shape.request_id(), None);
    assert_eq!(
        Slack::BODY_SHAPE.unwrap().success_flag(),
        Some(&[PathStep::Key("ok")][..])
    );
}

#[test]
fn error_array_wins_over_a_problem_at_the_top() {
    // X API v2: problem members at the top, and an `errors` array.
    let body = br#"{"title":"Forbidden","type":"about:blank","status":403,"errors":[{"message":"subset","code":453}]}"#;
    let error = ApiError::<Credit>::parse(403, &(), body);
    assert_eq!(error.code().map(Code::as_str), Some("453"));
    assert_eq!(error.message(), Some("subset"));
    assert_eq!(error.stated_status(), Some(403));
}
