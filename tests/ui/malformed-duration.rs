use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(500, "NO_UNIT", retry(delay = "2"))]
    NoUnit,
    #[code(501, "SPACE", retry(delay = "2 s"))]
    Space,
    #[code(502, "FRACTION", retry(delay = "1.5s"))]
    Fraction,
    #[code(503, "DAYS", retry(delay = "2d"))]
    Days,
    #[code(504, "EMPTY", retry(delay = ""))]
    Empty,
    #[code(505, "NO_DIGITS", retry(delay = "s"))]
    NoDigits,
    #[code(506, "NEGATIVE", retry(delay = "-2s"))]
    Negative,
    #[code(507, "UPPERCASE", retry(delay = "2S"))]
    Uppercase,
}

fn main() {}
