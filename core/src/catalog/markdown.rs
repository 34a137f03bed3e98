//! [`Catalog::to_markdown`]: a catalog as a Markdown table, the pages of
//! `docs/catalogs/`.

use core::fmt::Write as _;

use super::Catalog;

impl Catalog {
    /// The catalog as a Markdown document: a heading, a one-line intro and a
    /// table of every code, sorted by status (declaration order within a
    /// status).
    ///
    /// A column appears only when some row has a value for it (the aliases
    /// a code is also sent as, among others), so a catalog
    /// without statuses shows none, and the docs link gets a column only when
    /// codes have links of their own (one link shared by all goes under the
    /// intro). Cells escape `|`, the one character that would break a row.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut codes = self.codes();
        // `None` sorts first for `Option`; codes without a status go last.
        codes.sort_by_key(|c| (c.status.is_none(), c.status));

        let has_status = codes.iter().any(|c| c.status.is_some());
        let has_kind = codes.iter().any(|c| c.kind.is_some());
        let has_retry = codes.iter().any(|c| c.retry.is_some());
        let has_phrase = codes.iter().any(|c| c.message_phrase.is_some());
        let has_alias = codes.iter().any(|c| !c.aliases.is_empty());
        let shared_link = match codes.first() {
            Some(first) if codes.iter().all(|c| c.docs_url == first.docs_url) => first.docs_url,
            _ => None,
        };
        let has_link = shared_link.is_none() && codes.iter().any(|c| c.docs_url.is_some());

        let mut out = String::new();
        // Writing to a String cannot fail; the results are ignored as such.
        let _ = writeln!(out, "# {} error codes\n", self.title);
        let _ = write!(
            out,
            "Every error code of the {} that `{}` lists ({}){}",
            self.title,
            self.enum_name,
            codes.len(),
            if has_status {
                ", by HTTP status, with its category (`ErrorKind`) and retry advice"
            } else {
                ""
            },
        );
        let _ = writeln!(out, "; the descriptions are the enum's doc comments.\n");
        if let Some(link) = shared_link {
            let _ = writeln!(out, "The API documents them at <{link}>.\n");
        }

        let mut header = Vec::new();
        let mut push = |present: bool, title: &'static str| {
            if present {
                header.push(title);
            }
        };
        push(has_status, "status");
        push(true, "code");
        push(has_alias, "also sent as");
        push(has_kind, "kind");
        push(has_retry, "retry advice");
        push(has_phrase, "message contains");
        push(true, "description");
        push(has_link, "docs");
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));

        for c in &codes {
            let mut cells = Vec::new();
            if has_status {
                cells.push(c.status.map(|s| s.to_string()).unwrap_or_default());
            }
            cells.push(inline_code(c.code));
            if has_alias {
                let aliases: Vec<String> = c.aliases.iter().map(|a| inline_code(a)).collect();
                cells.push(aliases.join(", "));
            }
            if has_kind {
                cells.push(c.kind.map(|k| k.to_string()).unwrap_or_default());
            }
            if has_retry {
                cells.push(c.retry.map(|r| r.to_string()).unwrap_or_default());
            }
            if has_phrase {
                cells.push(c.message_phrase.map(inline_code).unwrap_or_default());
            }
            cells.push(c.description.to_owned());
            if has_link {
                cells.push(
                    c.docs_url
                        .map(|url| format!("[docs]({url})"))
                        .unwrap_or_default(),
                );
            }
            let cells: Vec<String> = cells.iter().map(|cell| escape_cell(cell)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out
    }
}

/// `s` as a Markdown code span, with a fence longer than any run of
/// backticks inside it, as CommonMark requires.
fn inline_code(s: &str) -> String {
    let longest_run = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // A space on each side keeps a leading or trailing backtick from joining
    // the fence; CommonMark strips one such space.
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// `cell` made safe for a table cell: a `|` would end the cell (even inside a
/// code span, in GitHub's tables) and a line break would end the row.
fn escape_cell(cell: &str) -> String {
    cell.replace('|', "\\|").replace(['\r', '\n'], " ")
}
