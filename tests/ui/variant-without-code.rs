use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(404, "NOT_FOUND")]
    NotFound,
    /// Documented, but the `#[code]` was forgotten.
    Gone,
}

fn main() {}
