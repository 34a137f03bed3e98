use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Ads {
    #[code(400, "INVALID_ARGUMENT", message = "is missing")]
    Missing,
    // Every message containing this phrase contains "is missing" too, and
    // `Missing` is tried first.
    #[code(400, "INVALID_ARGUMENT", message = "Profile ID is missing")]
    ProfileIdMissing,
    // Another code: allowed.
    #[code(400, "BAD_PROFILE", message = "Profile ID is missing")]
    BadProfile,
}

fn main() {}
