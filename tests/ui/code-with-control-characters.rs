use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(404, "NOT_FOUND\n")]
    NotFound,
    #[code(409, "CONFLICT\u{7}")]
    Conflict,
    #[code(410, "GONE\0")]
    Gone,
}

fn main() {}
