use api_error_codes::ApiErrorCode;

#[derive(Debug, Clone, Copy, ApiErrorCode)]
#[api_error(docs_url = "https://shop.example/errors#{code}", skip(Display))]
#[api_error(docs_url = "https://shop.example/v2/errors#{code}", skip(FromStr))]
enum Shop {
    #[code(404, "NOT_FOUND")]
    NotFound,
}

impl std::fmt::Display for Shop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("shop error")
    }
}

fn main() {}
