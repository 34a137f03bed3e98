//! Support shared by the test suite of `api-error-codes` (`suite/`): the
//! package exists for its tests, and is never published.
