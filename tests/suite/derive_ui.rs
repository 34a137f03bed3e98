//! Compile-time checks of `#[derive(ApiErrorCode)]` and of the runtime's
//! own hints: every misuse in `tests/ui/*.rs` must fail with the error
//! committed next to it in `tests/ui/*.stderr` (regenerate with
//! `TRYBUILD=overwrite`, then read them).

#[test]
fn misuse_is_a_spanned_compile_error() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}

/// The hint that names the `http` feature, as a build without it sees it
/// (with it, the compiler's list of implementors grows by `HeaderMap`).
#[cfg(not(feature = "http"))]
#[test]
fn headers_of_another_type_name_the_http_feature() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/without-http/*.rs");
}
