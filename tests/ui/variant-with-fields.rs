use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Shop {
    #[code(404, "NOT_FOUND")]
    NotFound(u32),
    #[code(409, "CONFLICT")]
    Conflict { id: u32 },
    #[code(410, "GONE")]
    Gone(),
}

fn main() {}
