use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    // One more than u64::MAX.
    #[code(500, "DIGITS", retry(delay = "18446744073709551616ms"))]
    Digits,
    // Fits in u64 as hours, not as milliseconds.
    #[code(503, "HOURS", retry(delay = "5124095576040h"))]
    Hours,
}

fn main() {}
