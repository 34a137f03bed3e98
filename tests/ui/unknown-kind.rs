use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(429, "THROTTLED", kind = Throttled)]
    Throttled,
    #[code(400, "BAD", kind = from_status)]
    Bad,
    #[code(404, "NOT_FOUND", kind = ErrorKind::NotFound)]
    NotFound,
    #[code(409, "CONFLICT", kind = "Conflict")]
    Conflict,
}

fn main() {}
