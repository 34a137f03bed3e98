//! The guard of the crate's public paths: every public item of
//! `api_error_codes`, named by the path users write, and every public
//! function pinned by its signature where a `fn` pointer type can name it.
//!
//! Nothing here runs. The file compiles only while each path resolves to an
//! item of the same kind and signature, so moving, renaming or re-typing a
//! public item breaks the build of the suite here, before it breaks a user.
//!
//! When this file fails to compile:
//!
//! - If the change was not meant to reach users (a file split, a module
//!   moved in `core/src/`), restore the public path with a `pub use` at the
//!   old place; the folders are for maintainers, the paths for users.
//! - If it was a deliberate change of the public API, update the lines here
//!   to the new path or signature, and write the change (old path, new path)
//!   in `CHANGELOG.md` at the repository root: it breaks code that users
//!   have written.
//!
//! A new public item gets its line here too. The file has an area of its
//! own (`api_`), since it tests no behaviour of any one area: it is the
//! crate's public surface, which every area uses.

/// The crate root: the derive, the trait and the flat re-exports.
mod root {
    use api_error_codes::x_ads::XAdsErrorCode;
    use api_error_codes::{
        ApiError, ApiErrorCode, Code, ErrorItem, ErrorKind, HeaderSource, RateLimit, RawCode,
        RetryAdvice, Sanitized, UnknownCode, PHRASE_SCAN_LIMIT,
    };

    /// The derive macro, at the root under the trait's name.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, ApiErrorCode)]
    enum Probe {
        #[code(400, "PROBE")]
        Probe,
    }

    fn header_source<H: HeaderSource + ?Sized>() {}

    const _: () = {
        let _: &[Probe] = Probe::ALL;
        let _: &str = <Probe as ApiErrorCode>::NAME;
        let _: fn(&XAdsErrorCode) -> u16 = <XAdsErrorCode as ApiErrorCode>::status;
        let _: fn(&XAdsErrorCode) -> ErrorKind = <XAdsErrorCode as ApiErrorCode>::kind;
        let _: fn(&XAdsErrorCode) -> RetryAdvice = <XAdsErrorCode as ApiErrorCode>::retry;
        let _: fn(u16, Option<&str>, Option<&str>) -> Option<XAdsErrorCode> =
            <XAdsErrorCode as ApiErrorCode>::classify;
        let _: fn(u16, &(), &[u8]) -> ApiError<XAdsErrorCode> = ApiError::<XAdsErrorCode>::parse;
        let _: fn(&str) -> Code<XAdsErrorCode> = Code::<XAdsErrorCode>::from_raw;
        let _: fn(&ErrorItem<XAdsErrorCode>) -> Option<&Code<XAdsErrorCode>> =
            ErrorItem::<XAdsErrorCode>::code;
        let _: fn(&RawCode) -> &str = RawCode::as_str;
        let _: fn(&'static str, &str) -> UnknownCode = UnknownCode::new;
        let _: fn(u16) -> ErrorKind = ErrorKind::from_status;
        let _: fn(u16) -> RetryAdvice = RetryAdvice::from_status;
        let _: fn(&RateLimit) -> Option<u64> = RateLimit::limit;
        let _: fn(&'static str) -> Sanitized<'static> = Sanitized;
        let _: fn() = header_source::<[(&str, &str)]>;
        let _: usize = PHRASE_SCAN_LIMIT;
    };
}

/// `api_error_codes::response`: the parsed error and what it is read from.
mod response {
    use std::marker::PhantomData;

    use api_error_codes::response::{
        ApiError, Code, ErrorItem, HeaderSource, RateLimit, RawCode, MAX_BODY_BYTES,
        MAX_HEADER_VALUE_BYTES, MAX_ITEMS,
    };
    use api_error_codes::x_ads::XAdsErrorCode;

    fn header_source<H: HeaderSource + ?Sized>() {}

    type X = XAdsErrorCode;

    const _: () = {
        // The same items as the root's re-exports, not look-alikes.
        let _: PhantomData<ApiError<X>> = PhantomData::<api_error_codes::ApiError<X>>;
        let _: PhantomData<Code<X>> = PhantomData::<api_error_codes::Code<X>>;
        let _: PhantomData<ErrorItem<X>> = PhantomData::<api_error_codes::ErrorItem<X>>;
        let _: PhantomData<RateLimit> = PhantomData::<api_error_codes::RateLimit>;
        let _: PhantomData<RawCode> = PhantomData::<api_error_codes::RawCode>;
        let _: fn() = header_source::<()>;
        #[cfg(feature = "http")]
        let _: fn() = header_source::<http::HeaderMap>;
        let _: usize = MAX_BODY_BYTES;
        let _: usize = MAX_HEADER_VALUE_BYTES;
        let _: usize = MAX_ITEMS;
    };
}

/// `api_error_codes::retry`: the policy, its decisions and the runners.
mod retry {
    use std::future::{Future, Ready};
    use std::marker::PhantomData;
    use std::pin::Pin;
    use std::time::{Duration, SystemTime};

    use api_error_codes::retry::{
        run, run_async, run_with, Attempt, DelaySource, Failure, Idempotency, Jitter, RequiredWait,
        RetryAfter, RetryDecision, RetryError, RetryPolicy, RetryPolicyBuilder, StopReason,
        MAX_RETRY_AFTER,
    };
    use api_error_codes::x_ads::XAdsErrorCode;
    use api_error_codes::ApiError;

    type X = XAdsErrorCode;
    type Failed = ApiError<X>;
    type Operation = fn(u32) -> Result<(), Failed>;
    type AsyncOperation = fn(u32) -> Ready<Result<(), Failed>>;
    type Outcome = Result<(), RetryError<Failed>>;
    type AsyncSleep = fn(Duration) -> Ready<()>;
    type Running<'p> = Pin<Box<dyn Future<Output = Outcome> + 'p>>;

    fn failure<F: Failure>() {}

    /// `run_async` returns an unnameable future; boxed, its output is pinned.
    fn run_async_boxed(
        policy: &RetryPolicy,
        sleep: AsyncSleep,
        operation: AsyncOperation,
    ) -> Running<'_> {
        Box::pin(run_async(policy, sleep, operation))
    }

    const _: () = {
        let _: fn(&RetryPolicy, Operation) -> Outcome = run::<(), Failed, Operation>;
        let _: fn(&RetryPolicy, fn(Duration), Operation) -> Outcome =
            run_with::<(), Failed, Operation, fn(Duration)>;
        let _: fn(&RetryPolicy, AsyncSleep, AsyncOperation) -> Running<'_> = run_async_boxed;
        let _: fn() -> RetryPolicyBuilder = RetryPolicy::builder;
        let _: fn(RetryPolicyBuilder) -> RetryPolicy = RetryPolicyBuilder::build;
        let _: fn(RetryPolicyBuilder, Jitter) -> RetryPolicyBuilder = RetryPolicyBuilder::jitter;
        let _: fn(&RetryPolicy, &Failed, u32) -> RetryDecision = RetryPolicy::decide::<Failed>;
        let _: fn(&RetryPolicy, &Failed, Attempt, SystemTime) -> RetryDecision =
            RetryPolicy::decide_at::<Failed>;
        let _: fn(&RetryPolicy, &Failed) -> bool = RetryPolicy::may_retry::<Failed>;
        let _: fn(&RetryPolicy, u32) -> Duration = RetryPolicy::backoff;
        let _: fn(&Failed, SystemTime) -> Option<RequiredWait> = ApiError::<X>::required_wait;
        let _: fn(&RequiredWait) -> Duration = RequiredWait::duration;
        let _: fn(&RequiredWait) -> DelaySource = RequiredWait::source;
        let _: fn(&RequiredWait) -> bool = RequiredWait::is_exact;
        let _: fn() = failure::<api_error_codes::call::CallError<X, std::io::Error>>;
        let _: fn(u32) -> Attempt = Attempt::new;
        let _: fn(&str) -> Idempotency = Idempotency::from_method;
        let _: fn(&RetryDecision) -> Option<StopReason> = RetryDecision::stop_reason;
        let _: fn(DelaySource) -> &'static str = DelaySource::as_str;
        let _: fn(&str) -> Option<RetryAfter> = RetryAfter::parse;
        let _: fn(&RetryAfter, SystemTime) -> Duration = RetryAfter::delay_from;
        let _: fn(&RetryError<Failed>) -> StopReason = RetryError::<Failed>::reason;
        let _: Duration = MAX_RETRY_AFTER;
        let _: PhantomData<(Attempt, DelaySource, Jitter)> = PhantomData;
    };
}

/// `api_error_codes::call`: whole calls, transport failures included.
mod call {
    #[cfg(feature = "reqwest-middleware")]
    use api_error_codes::call::middleware::{ApiRetryMiddleware, Retried};
    #[cfg(feature = "tower")]
    use api_error_codes::call::tower::{
        ApiRetryLayer, ApiRetryPolicy, Classify, ReplayableBody, SuccessBody,
    };
    #[cfg(feature = "ureq")]
    use api_error_codes::call::BlockingResponseExt;
    #[cfg(feature = "http")]
    use api_error_codes::call::ResponseExt;
    use api_error_codes::call::{
        backon, CallError, FailedAttempt, Failure, TransportError, TransportFailure, TransportKind,
    };
    use api_error_codes::retry::RetryPolicy;
    use api_error_codes::x_ads::XAdsErrorCode;
    use api_error_codes::ApiError;

    type X = XAdsErrorCode;
    type Call = CallError<X, std::io::Error>;

    fn transport_failure<C: TransportFailure>() {}
    fn failure<F: Failure>() {}
    #[cfg(feature = "http")]
    fn response_ext<R: ResponseExt>() {}
    #[cfg(feature = "ureq")]
    fn blocking_response_ext<R: BlockingResponseExt>() {}

    const _: () = {
        let _: fn() = transport_failure::<std::io::Error>;
        #[cfg(feature = "reqwest")]
        let _: fn() = transport_failure::<reqwest::Error>;
        #[cfg(feature = "ureq")]
        let _: fn() = transport_failure::<ureq::Error>;
        let _: fn() = failure::<Call>;
        let _: fn() = failure::<TransportError<std::io::Error>>;
        let _: fn(&Call) -> Option<&ApiError<X>> = Call::api_error;
        let _: fn(&Call) -> Option<&TransportError<std::io::Error>> = Call::transport;
        let _: fn(&TransportError<std::io::Error>) -> TransportKind = TransportError::kind;
        let _: fn(TransportKind) -> bool = TransportKind::may_have_reached_server;
        #[cfg(feature = "http")]
        let _: fn() = response_ext::<http::Response<String>>;
        #[cfg(feature = "reqwest")]
        let _: fn() = response_ext::<reqwest::Response>;
        #[cfg(feature = "ureq")]
        let _: fn() = blocking_response_ext::<http::Response<ureq::Body>>;
        let _: fn() = transport_failure::<Box<dyn std::error::Error + Send + Sync>>;
        let _: fn(RetryPolicy) -> _ = backon::when::<Call>;
        let _: fn(RetryPolicy) -> _ = backon::adjust::<Call>;
        let _: fn(&FailedAttempt<'static>) -> u32 = FailedAttempt::number;
        #[cfg(feature = "tower")]
        let _: fn(RetryPolicy) -> ApiRetryLayer<X> = ApiRetryLayer::<X>::new;
        #[cfg(feature = "tower")]
        let _: fn(RetryPolicy) -> ApiRetryPolicy<X> = ApiRetryPolicy::<X>::new;
        #[cfg(feature = "tower")]
        let _: fn(()) -> Classify<(), X> = Classify::<(), X>::new;
        #[cfg(feature = "tower")]
        let _: fn(&String) -> Option<String> = <String as ReplayableBody>::replay;
        #[cfg(feature = "tower")]
        let _: Option<SuccessBody<String>> = None;
        #[cfg(feature = "reqwest-middleware")]
        let _: fn(RetryPolicy) -> ApiRetryMiddleware<X> = ApiRetryMiddleware::<X>::new;
        #[cfg(feature = "reqwest-middleware")]
        let _: Option<Retried> = None;
        #[cfg(feature = "tracing")]
        let _: fn(u32, u32, &Call, &api_error_codes::retry::RetryDecision) =
            api_error_codes::call::tracing::record_failure::<Call>;
    };
}

/// `api_error_codes::sanitize`: how server text is shown.
mod sanitize {
    use std::marker::PhantomData;

    use api_error_codes::sanitize::{is_unsafe_char, Sanitized, DISPLAY_LIMIT, EXCERPT_LIMIT};

    const _: () = {
        let _: PhantomData<Sanitized<'static>> = PhantomData::<api_error_codes::Sanitized<'static>>;
        let _: fn(char) -> bool = is_unsafe_char;
        let _: usize = DISPLAY_LIMIT;
        let _: usize = EXCERPT_LIMIT;
    };
}

/// `api_error_codes::catalog`: the catalogs for tools and docs.
mod catalog {
    use api_error_codes::catalog::{find, Catalog, CodeInfo, Explanation, PREBUILT};
    use api_error_codes::x_ads::XAdsErrorCode;

    type Rows = fn() -> Vec<CodeInfo>;

    const _: () = {
        let _: &[Catalog] = PREBUILT;
        let _: fn(&str) -> Option<&'static Catalog> = find;
        let _: fn(&'static str, &'static str) -> Catalog = Catalog::of::<XAdsErrorCode>;
        let _: fn(&'static str, &'static str, &'static str, Rows) -> Catalog = Catalog::new;
        let _: fn(&Catalog) -> Vec<CodeInfo> = Catalog::codes;
        let _: fn(&Catalog, &str, Option<u16>) -> Explanation = Catalog::explain;
        let _: fn(XAdsErrorCode) -> CodeInfo = CodeInfo::of::<XAdsErrorCode>;
        let _: fn(&'static str, &'static str) -> CodeInfo = CodeInfo::new;
        let _: fn(&Explanation) -> bool = Explanation::is_documented;
    };
}

/// `api_error_codes::x_ads`.
mod x_ads {
    #[cfg(feature = "http")]
    use api_error_codes::x_ads::parse_response;
    use api_error_codes::x_ads::{parse, XAdsErrorCode};
    use api_error_codes::ApiError;

    const _: () = {
        let _: fn(u16, &(), &[u8]) -> ApiError<XAdsErrorCode> = parse::<()>;
        #[cfg(feature = "http")]
        let _: fn(&http::Response<Vec<u8>>) -> ApiError<XAdsErrorCode> = parse_response::<Vec<u8>>;
    };
}

/// `api_error_codes::amazon_scraper`.
mod amazon_scraper {
    #[cfg(feature = "http")]
    use api_error_codes::amazon_scraper::parse_response;
    use api_error_codes::amazon_scraper::{parse, AmazonScraperErrorCode};
    use api_error_codes::ApiError;

    type S = AmazonScraperErrorCode;

    const _: () = {
        let _: fn(u16, &(), &[u8]) -> ApiError<S> = parse::<()>;
        #[cfg(feature = "http")]
        let _: fn(&http::Response<Vec<u8>>) -> ApiError<S> = parse_response::<Vec<u8>>;
        let _: fn(&ApiError<S>) -> bool = ApiError::<S>::is_billed;
    };
}

/// `api_error_codes::amazon_ads`.
mod amazon_ads {
    #[cfg(feature = "http")]
    use api_error_codes::amazon_ads::parse_response;
    use api_error_codes::amazon_ads::{
        parse, AmazonAdsErrorCode, BatchFailure, BatchSuccess, MultiStatus,
    };
    use api_error_codes::{ApiError, ErrorItem};

    type A = AmazonAdsErrorCode;

    const _: () = {
        let _: fn(u16, &(), &[u8]) -> ApiError<A> = parse::<()>;
        #[cfg(feature = "http")]
        let _: fn(&http::Response<Vec<u8>>) -> ApiError<A> = parse_response::<Vec<u8>>;
        let _: fn(&[u8]) -> MultiStatus = MultiStatus::parse;
        let _: fn(&MultiStatus) -> &[BatchSuccess] = MultiStatus::successes;
        let _: fn(&MultiStatus) -> &[BatchFailure] = MultiStatus::failures;
        let _: fn(&BatchSuccess) -> &serde_json::Value = BatchSuccess::value;
        let _: fn(&BatchFailure) -> &[ErrorItem<A>] = BatchFailure::errors;
    };
}

/// `api_error_codes::sp_api`.
mod sp_api {
    #[cfg(feature = "http")]
    use api_error_codes::sp_api::parse_response;
    use api_error_codes::sp_api::{
        common_causes, parse, SpApiCommonCause, SpApiErrorCode, SpApiOAuthErrorCode, COMMON_CAUSES,
        RATE_LIMIT_HEADER, REQUEST_ID_HEADER,
    };
    use api_error_codes::ApiError;

    type P = SpApiErrorCode;
    type Cause = &'static SpApiCommonCause;

    const _: () = {
        let _: fn(u16, &(), &[u8]) -> ApiError<P> = parse::<()>;
        #[cfg(feature = "http")]
        let _: fn(&http::Response<Vec<u8>>) -> ApiError<P> = parse_response::<Vec<u8>>;
        // Both return an unnameable iterator of `&'static SpApiCommonCause`.
        let _: fn(u16, Option<&str>) -> Option<Cause> =
            |status, message| common_causes(status, message).next();
        let _: fn(&ApiError<P>) -> Option<Cause> = |error| error.common_causes().next();
        let _: &[SpApiCommonCause] = COMMON_CAUSES;
        let _: fn(&SpApiCommonCause, &str) -> bool = SpApiCommonCause::matches;
        let _: &[SpApiOAuthErrorCode] = SpApiOAuthErrorCode::ALL;
        let _: fn(&str) -> Option<SpApiOAuthErrorCode> = SpApiOAuthErrorCode::from_code;
        let _: &str = RATE_LIMIT_HEADER;
        let _: &str = REQUEST_ID_HEADER;
    };
}
