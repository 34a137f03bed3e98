use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(429, "THROTTLED", retry(honor_retry_after = true))]
    Throttled,
    #[code(503, "DOWN", retry(delay = 2))]
    Down,
    #[code(504, "TIMEOUT", retry(attempts = "3"))]
    Timeout,
    #[code(500, "INTERNAL", retry(attempts = 4294967296))]
    Internal,
}

fn main() {}
