//! Text the crate searches and writes: the ASCII case-insensitive search
//! and the phrase window that classification, the SP-API's common causes
//! and HTML titles share, and the one way a duration is shown.

use core::fmt;
use core::time::Duration;

/// Whether `phrase` occurs in the head of `message` that phrase matching
/// reads ([`PHRASE_SCAN_LIMIT`]), ignoring ASCII case.
pub(crate) fn contains_phrase(message: &str, phrase: &str) -> bool {
    find_ignore_ascii_case(phrase_scan_window(message), phrase).is_some()
}

/// Where `needle` first occurs in `haystack`, ignoring ASCII case; `Some(0)`
/// for an empty needle. Allocates nothing.
///
/// The match is byte for byte up to ASCII case, so it starts and ends on
/// character boundaries of `haystack`: slicing there cannot panic.
pub(crate) fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let first = first.to_ascii_lowercase();
    // Most windows differ at their first byte: test it alone before
    // comparing the rest, which costs a call per window.
    haystack.windows(needle.len()).position(|window| {
        window[0].to_ascii_lowercase() == first && window[1..].eq_ignore_ascii_case(rest)
    })
}

/// How much of a message phrase matching reads, in bytes. The phrases that
/// tell codes apart open a message; a server sending a megabyte of text
/// must not make every classification scan all of it.
pub const PHRASE_SCAN_LIMIT: usize = 4096;

/// The head of `message` that phrase matching reads: at most
/// [`PHRASE_SCAN_LIMIT`] bytes, cut on a character boundary.
pub(crate) fn phrase_scan_window(message: &str) -> &str {
    let mut end = message.len().min(PHRASE_SCAN_LIMIT);
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    &message[..end]
}

/// A duration as the crate shows it everywhere (retry advice, decisions,
/// stop reasons): in the largest unit that writes it whole, in the grammar
/// of the derive's `delay = "..."` (`1h`, `1m`, `90s`, `1500ms`).
/// Durations under a millisecond show in whole microseconds (`250µs`) or
/// nanoseconds, so that no delay but zero shows as zero; longer ones are
/// cut to whole milliseconds (a jittered `734.120931ms` shows as `734ms`).
pub(crate) struct DisplayDuration(pub(crate) Duration);

impl fmt::Display for DisplayDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.as_millis();
        if millis == 0 {
            return match (self.0.as_micros(), self.0.as_nanos()) {
                (0, 0) => f.write_str("0s"),
                (0, nanos) => write!(f, "{nanos}ns"),
                (micros, _) => write!(f, "{micros}µs"),
            };
        }
        if millis % 3_600_000 == 0 {
            write!(f, "{}h", millis / 3_600_000)
        } else if millis % 60_000 == 0 {
            write!(f, "{}m", millis / 60_000)
        } else if millis % 1_000 == 0 {
            write!(f, "{}s", millis / 1_000)
        } else {
            write!(f, "{millis}ms")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{find_ignore_ascii_case, DisplayDuration};
    use core::time::Duration;

    #[test]
    fn search_ignores_ascii_case_only() {
        assert_eq!(
            find_ignore_ascii_case("Scope header is MISSING", "missing"),
            Some(16)
        );
        assert_eq!(find_ignore_ascii_case("abc", ""), Some(0));
        assert_eq!(find_ignore_ascii_case("", "a"), None);
        assert_eq!(find_ignore_ascii_case("ab", "abc"), None);
        assert_eq!(find_ignore_ascii_case("xxAbC", "abc"), Some(2));
        assert_eq!(find_ignore_ascii_case("aab", "ab"), Some(1));
        // Not Unicode case folding: `É` is not `é`.
        assert_eq!(find_ignore_ascii_case("CAFÉ", "café"), None);
        assert_eq!(find_ignore_ascii_case("é ü", "ü"), Some(3));
    }

    #[test]
    fn durations_show_in_their_largest_whole_unit() {
        let shown = |d: Duration| DisplayDuration(d).to_string();
        assert_eq!(shown(Duration::ZERO), "0s");
        assert_eq!(shown(Duration::from_micros(250)), "250µs");
        assert_eq!(shown(Duration::from_nanos(999)), "999ns");
        assert_eq!(shown(Duration::from_millis(1500)), "1500ms");
        assert_eq!(shown(Duration::from_micros(734_120)), "734ms");
        assert_eq!(shown(Duration::from_secs(2)), "2s");
        assert_eq!(shown(Duration::from_secs(90)), "90s");
        assert_eq!(shown(Duration::from_secs(60)), "1m");
        assert_eq!(shown(Duration::from_secs(7200)), "2h");
        assert_eq!(
            shown(Duration::MAX),
            format!("{}ms", Duration::MAX.as_millis())
        );
    }
}
