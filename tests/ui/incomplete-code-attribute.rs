use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(404)]
    NotFound,
    #[code(409,)]
    Conflict,
    #[code]
    Gone,
    #[code()]
    Teapot,
    #[code(429 "THROTTLED")]
    Throttled,
}

fn main() {}
