use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(503, "DOWN", retry = "yes")]
    Down,
    #[code(504, "TIMEOUT", retry = 1)]
    Timeout,
}

fn main() {}
