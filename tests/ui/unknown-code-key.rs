use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(404, "NOT_FOUND", description = "Not found")]
    NotFound,
    #[code(429, "THROTTLED", retries = 3)]
    Throttled,
    #[code(409, "CONFLICT", "extra")]
    Conflict,
}

fn main() {}
