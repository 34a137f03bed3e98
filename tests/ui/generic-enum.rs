use api_error_codes::ApiErrorCode;
use std::marker::PhantomData;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Typed<T> {
    #[code(404, "NOT_FOUND")]
    NotFound,
    #[code(500, "INTERNAL")]
    Internal(PhantomData<T>),
}

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Borrowed<'a> {
    #[code(404, "NOT_FOUND")]
    NotFound(&'a str),
}

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Bounded
where
    u8: Copy,
{
    #[code(404, "NOT_FOUND")]
    NotFound,
}

fn main() {
    // The stub impls keep these uses from adding errors of their own.
    let typed: Typed<u8> = Typed::NotFound;
    let _ = typed.code();
    let _ = Borrowed::NotFound("x").to_string();
    let _ = Bounded::from_code("NOT_FOUND");
}
