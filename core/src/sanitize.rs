//! Making server text safe to show: no control characters, no terminal
//! escapes, no bidi overrides, bounded length.
//!
//! Server text (messages, details, request ids, body excerpts) ends up in
//! logs and terminals. A hostile or broken server could otherwise forge log
//! lines with CR/LF, recolour a terminal with ANSI escapes, or reorder what
//! a reader sees with bidi overrides.

use core::fmt;

/// Longest server text `Display` shows, in characters.
pub const DISPLAY_LIMIT: usize = 256;

/// Longest excerpt of an unparsed body kept, in characters.
pub const EXCERPT_LIMIT: usize = 160;

/// Whether `c` could change how surrounding text is displayed: C0/C1
/// controls (CR, LF, ESC, ...), bidi embeddings, overrides and isolates,
/// and the invisible marks that steer them.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' // zero-width spaces and joiners, LRM, RLM
                | '\u{2028}' | '\u{2029}' // line and paragraph separators
                | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
                | '\u{2066}'..='\u{2069}' // bidi isolates
                | '\u{FEFF}' // byte order mark
        )
}

/// Writes `text` with every unsafe character replaced by a space (runs of
/// them collapse to one), at most `limit` characters, then `...` when cut.
pub(crate) fn write_sanitized(f: &mut impl fmt::Write, text: &str, limit: usize) -> fmt::Result {
    let mut written = 0;
    let mut last_was_space = false;
    for c in text.chars() {
        let c = if is_unsafe_char(c) || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' {
            if last_was_space {
                continue;
            }
            last_was_space = true;
        } else {
            last_was_space = false;
        }
        if written == limit {
            return f.write_str("...");
        }
        f.write_char(c)?;
        written += 1;
    }
    Ok(())
}

/// `text` sanitized and capped, as an owned string.
pub(crate) fn sanitized(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(text.len().min(limit * 4));
    // Writing to a String cannot fail.
    let _ = write_sanitized(&mut out, text, limit);
    out
}

/// Displays server text sanitized and capped at 256 characters.
pub struct Sanitized<'a>(pub &'a str);

impl fmt::Display for Sanitized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_sanitized(f, self.0, DISPLAY_LIMIT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_become_single_spaces() {
        assert_eq!(
            sanitized("a\r\nb\u{1b}[31mc\u{202e}d\u{2066}", 100),
            "a b [31mc d "
        );
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        assert_eq!(sanitized("ééééé", 3), "ééé...");
    }
}
