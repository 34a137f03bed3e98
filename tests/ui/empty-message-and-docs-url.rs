use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(400, "BAD", message = " ")]
    Bad,
    #[code(404, "NOT_FOUND", docs_url = "")]
    NotFound,
    #[code(409, "CONFLICT", message = 409)]
    Conflict,
}

fn main() {}
