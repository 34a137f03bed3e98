use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(429, "THROTTLED")]
    #[code(429, "THROTTLED", retry(honor_retry_after))]
    Throttled,
}

fn main() {}
