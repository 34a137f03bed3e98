use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(docs_url = "https://shop.example/errors/{Code}")]
enum Shop {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(docs_url = "https://bank.example/errors/{code")]
enum Bank {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(docs_url = "")]
enum Mail {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

#[derive(Debug, Clone, Copy, ApiErrorCode)]
enum Post {
    #[code(404, "NOT_FOUND", docs_url = "https://post.example/{status}/{name}")]
    NotFound,
}

fn main() {}
