//! The derive's output names everything by absolute path and binds no name
//! a user could have taken, so it compiles in a module that shadows the
//! prelude, the standard crates and the primitive types.

#![allow(dead_code, unused_macros, non_camel_case_types, non_upper_case_globals)]

mod shadowing {
    // Every name the generated code could reach for by a relative path.
    mod core {}
    mod std {}
    mod serde {}
    mod api_error_codes {}
    struct Option;
    struct Some;
    struct None;
    type Result = ();
    struct Ok;
    struct Err;
    type String = ();
    type u16 = ();
    type u32 = ();
    type u64 = ();
    type str = ();
    trait ApiErrorCode {}
    trait Display {}
    trait FromStr {}
    trait Serialize {}
    trait Deserialize {}
    struct ErrorKind;
    struct RetryAdvice;
    struct UnknownCode;
    struct Duration;
    macro_rules! unreachable {
        () => {
            compile_error!("the user's `unreachable!` was used")
        };
    }
    // Names the generated functions bind, or once bound: a `const` or unit
    // struct of the same name would turn a binding into a pattern.
    const code: &::core::primitive::str = "";
    const serializer: () = ();
    const deserializer: () = ();
    const formatter: () = ();
    struct f;
    struct __S;
    struct __D;

    /// An API's errors, named like the std trait it implements (which also
    /// shadows `Error` for the generated code).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, ::api_error_codes::ApiErrorCode)]
    #[api_error(
        docs_url = "https://api.example/{code}",
        body(
            code = "errors[].code",
            message = "errors[].message",
            request_id = "meta.id",
            success_flag = "ok"
        )
    )]
    pub enum Error {
        /// Nothing here.
        #[code(404, "NOT_FOUND")]
        NotFound,
        #[code(429, "THROTTLED", kind = RateLimited, retry(attempts = 3, delay = "2s", honor_retry_after))]
        Throttled,
        #[code(503, "DOWN", retry = false, message = "maintenance")]
        Some,
        #[code(500, "NONE")]
        None,
        #[code(502, "OK")]
        Ok,
        #[code(504, "ERR")]
        Err,
    }
}

use api_error_codes::{ApiErrorCode, ErrorKind};
use shadowing::Error;

#[test]
fn derived_impls_work_in_a_module_that_shadows_their_names() {
    assert_eq!(Error::NAME, "Error");
    assert_eq!(Error::ALL.len(), 6);
    assert_eq!(Error::NotFound.status(), 404);
    assert_eq!(Error::Throttled.kind(), ErrorKind::RateLimited);
    assert_eq!(Error::Throttled.retry().max_attempts(), Some(3));
    assert_eq!(Error::Some.message_phrase(), Some("maintenance"));
    assert_eq!(Error::None.variant_name(), "None");
    assert_eq!(Error::NotFound.description(), "Nothing here.");
    assert_eq!(Error::Ok.docs_url(), Some("https://api.example/OK"));
    assert_eq!(Error::from_code("ERR"), Some(Error::Err));
    let shape = Error::BODY_SHAPE.expect("body(...) declared");
    assert_eq!(shape.success_flag().map(<[_]>::len), Some(1));
    let parsed = api_error_codes::ApiError::<Error>::parse(
        404,
        &(),
        br#"{"errors":[{"code":"NOT_FOUND","message":"gone"}],"meta":{"id":"r1"}}"#,
    );
    assert_eq!(parsed.variant(), Some(Error::NotFound));
    assert_eq!(parsed.request_id(), Some("r1"));
    assert_eq!(Error::all_with_code("DOWN"), [Error::Some]);
    assert_eq!(
        Error::classify(503, None, Some("down for maintenance")),
        Some(Error::Some)
    );
    assert_eq!(format!("{:>10}", Error::None), "      NONE");
    assert_eq!("OK".parse::<Error>(), Ok(Error::Ok));
    assert_eq!(
        serde_json::to_string(&Error::NotFound).unwrap(),
        r#""NOT_FOUND""#
    );
    assert_eq!(
        serde_json::from_str::<Error>(r#""THROTTLED""#).unwrap(),
        Error::Throttled
    );
    let boxed: Box<dyn std::error::Error> = Box::new(Error::Err);
    assert_eq!(boxed.to_string(), "ERR");
}
