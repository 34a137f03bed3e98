use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum AdsError {
    // An alias equal to another variant's code, and one equal to its own.
    #[code(401, "UNAUTHORIZED", alias = "NOT_FOUND", alias = "UNAUTHORIZED")]
    Unauthorized,
    #[code(404, "NOT_FOUND", alias = "401")]
    NotFound,
    // The same alias twice: on another variant, and on the same one.
    #[code(429, "THROTTLED", alias = "401", alias = "slow_down", alias = "slow_down")]
    Throttled,
    // An alias is a code string: the same rules apply.
    #[code(500, "INTERNAL", alias = "", alias = "two words")]
    Internal,
}

fn main() {}
