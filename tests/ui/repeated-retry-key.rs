use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(429, "THROTTLED", retry(attempts = 3, attempts = 5))]
    Throttled,
    #[code(503, "DOWN", retry(delay = "1s", honor_retry_after, delay = "2s"))]
    Down,
    #[code(504, "TIMEOUT", retry(honor_retry_after, honor_retry_after))]
    Timeout,
}

fn main() {}
