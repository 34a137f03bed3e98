//! Compile-time checks of `#[derive(ApiErrorCode)]`: every misuse in
//! `tests/ui/*.rs` must fail with the error committed next to it in
//! `tests/ui/*.stderr` (regenerate with `TRYBUILD=overwrite`, then read them).

#[test]
fn misuse_is_a_spanned_compile_error() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
