use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum AdsError {
    // An alias is a code string, not a number.
    #[code(401, "UNAUTHORIZED", alias = 401)]
    Unauthorized,
    // An alias needs its string.
    #[code(404, "NOT_FOUND", alias)]
    NotFound,
}

fn main() {}
