use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(429, "THROTTLED", retry(max_attempts = 3))]
    Throttled,
    #[code(503, "DOWN", retry(jitter))]
    Down,
}

fn main() {}
