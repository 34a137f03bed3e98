use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
struct NotFound {
    status: u16,
}

fn main() {}
