use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(404, "NOT FOUND")]
    NotFound,
    #[code(409, " CONFLICT")]
    Conflict,
    #[code(410, "GONE\u{a0}FOREVER")]
    Gone,
}

fn main() {}
