use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(503, "DOWN", retry(attempts = 0, delay = "1s"))]
    Down,
}

fn main() {}
