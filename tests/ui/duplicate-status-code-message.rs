use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Ads {
    #[code(401, "UNAUTHORIZED")]
    Unauthorized,
    #[code(401, "UNAUTHORIZED", message = "scope header is missing")]
    ScopeHeaderMissing,
    // Same status and code, no phrase: `classify` could not tell it from `Unauthorized`.
    #[code(401, "UNAUTHORIZED")]
    AlsoUnauthorized,
    // Phrases match ASCII case-insensitively, so this one is the same phrase.
    #[code(401, "UNAUTHORIZED", message = "Scope Header Is Missing")]
    ScopeMissingAgain,
    // Another status: allowed.
    #[code(403, "UNAUTHORIZED")]
    Forbidden,
    #[code(403, "UNAUTHORIZED", message = "account is suspended")]
    Suspended,
    #[code(403, "UNAUTHORIZED", message = "account is suspended")]
    AlsoSuspended,
}

fn main() {}
