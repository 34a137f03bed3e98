use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(99, "TOO_LOW")]
    TooLow,
    #[code(600, "TOO_HIGH")]
    TooHigh,
    #[code(70000, "NOT_A_U16")]
    NotAU16,
    #[code(0, "ZERO")]
    Zero,
    #[code(404, "NOT_FOUND")]
    NotFound,
}

fn main() {}
