use api_error_codes::ApiErrorCode;

const NOT_FOUND: u16 = 404;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code("404", "NOT_FOUND")]
    NotFound,
    #[code(NOT_FOUND, "GONE")]
    Gone,
    #[code(409.0, "CONFLICT")]
    Conflict,
    #[code(-500, "INTERNAL")]
    Internal,
}

fn main() {}
