use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(body(code = "errors[].items[].code", request_id = "meta[].id", success_flag = "[].ok"))]
enum Api {
    #[code(400, "bad_request")]
    BadRequest,
}

fn main() {}
