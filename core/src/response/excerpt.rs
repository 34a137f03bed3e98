//! The excerpt of a body that was not read as an error: what a person
//! needs to recognise it (an HTML page's title, the first words of plain
//! text), sanitized and short.

use crate::sanitize::{sanitized, EXCERPT_LIMIT};
use crate::text::find_ignore_ascii_case;

/// A short, sanitized excerpt of a body that was not understood: the
/// `<title>` of an HTML page when it has one, else its first characters,
/// invalid UTF-8 replaced.
pub(crate) fn body_excerpt(body: &[u8]) -> Option<String> {
    // Only the head matters; never decode more than a few KiB.
    let head = &body[..body.len().min(EXCERPT_LIMIT * 16)];
    let text = String::from_utf8_lossy(head);
    let text = html_title(&text).unwrap_or(&text);
    let excerpt = sanitized(text.trim(), EXCERPT_LIMIT);
    let excerpt = excerpt.trim();
    (!excerpt.is_empty()).then(|| excerpt.to_owned())
}

/// The text of the first `<title>` element, tags matched ignoring ASCII
/// case; an unclosed title runs to the end of the head read.
fn html_title(text: &str) -> Option<&str> {
    let lower_open = find_ignore_ascii_case(text, "<title")?;
    let after_open = &text[lower_open..];
    let start = after_open.find('>')? + 1;
    let rest = &after_open[start..];
    let end = find_ignore_ascii_case(rest, "</title").unwrap_or(rest.len());
    let title = rest[..end].trim();
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::body_excerpt;

    #[test]
    fn html_page_excerpt_is_its_title() {
        let page = b"<html><head><TITLE>502 Bad Gateway</TITLE></head><body>...</body></html>";
        assert_eq!(body_excerpt(page).as_deref(), Some("502 Bad Gateway"));
    }

    #[test]
    fn empty_body_has_no_excerpt() {
        assert_eq!(body_excerpt(b"  \n"), None);
    }
}
