use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(body(code = "error.type", code = "error.code"))]
#[api_error(body(message = "message"))]
enum Api {
    #[code(400, "bad_request")]
    BadRequest,
}

fn main() {}
