use std::collections::HashMap;

fn main() {
    // A map is not a header source: the error says what is, and names the
    // `http` feature for `http::HeaderMap`.
    let headers: HashMap<String, String> = HashMap::new();
    let _ = api_error_codes::x_ads::parse(503, &headers, b"");
}
