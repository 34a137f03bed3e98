//! What does an API error code mean? Ask the catalog:
//!
//! ```text
//! cargo run --example explain -- x-ads ACCOUNT_LOCKED_OUT
//! cargo run --example explain -- x-ads 404
//! cargo run --example explain -- x-ads SOMETHING_NEW 503 --json
//! ```
//!
//! The lookups live in `api_error_codes::catalog`; this program only reads
//! its arguments and prints.

use std::io::{self, Write as _};
use std::process::ExitCode;

use api_error_codes::catalog::{self, Catalog, CodeInfo, Explanation};
use api_error_codes::{ErrorKind, RetryAdvice};

const USAGE: &str = "\
explain: what an API error code means, according to this crate's catalogs.

Usage:
  cargo run --example explain -- API CODE [STATUS] [--json]
  cargo run --example explain -- API STATUS [--json]

  API      which catalog: {apis}
  CODE     the code exactly as the API sends it (case matters): ACCOUNT_LOCKED_OUT
  STATUS   an HTTP status from 100 to 599. Alone, it lists every code documented
           with it; after a code, it tells what a response with both means.
  --json   print JSON: one object for a code, an array for a status
  --help   print this help

A number is read as a status; a catalog whose codes are numbers lists that
code among the codes of its status.

Exit status: 0 when the catalog documents what was asked, 1 when it does not,
2 when the command line is wrong.

Examples:
  cargo run --example explain -- x-ads ACCOUNT_LOCKED_OUT
  cargo run --example explain -- x-ads 404
  cargo run --example explain -- x-ads SOMETHING_NEW 503
  cargo run --example explain -- amazon-scraper upstream_timeout --json
  cargo run --example explain -- login-with-amazon invalid_grant";

/// Where descriptions wrap, so that they read well in an 80-column terminal.
const WIDTH: usize = 78;

/// `println!` into the gathered output (see `main`).
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("{}", usage());
        return ExitCode::from(2);
    }
    let mut out = String::new();
    let code = match run(&args, &mut out) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}\nRun with --help for usage.");
            return ExitCode::from(2);
        }
    };
    // Written at once rather than with `println!`, which panics when the
    // reader has gone (`explain x-ads 404 | head`); a closed pipe is no
    // failure of ours.
    match io::stdout().write_all(out.as_bytes()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the answer: {err}");
            ExitCode::from(2)
        }
        _ => code,
    }
}

/// Answers the command line into `out`; `Ok(false)` when the catalog does
/// not document what was asked, `Err` on a usage error.
fn run(args: &[String], out: &mut String) -> Result<bool, String> {
    let mut json = false;
    let mut positional = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" => {
                say!(out, "{}", usage());
                return Ok(true);
            }
            "--json" => json = true,
            option if option.starts_with('-') => {
                return Err(format!("unknown option {option:?}"));
            }
            _ => positional.push(arg.as_str()),
        }
    }

    let (api, query, seen) = match positional[..] {
        [api, query] => (api, query, None),
        [api, query, seen] => {
            let seen = status(seen).ok_or_else(|| {
                format!("{seen:?} is not an HTTP status (a number from 100 to 599)")
            })?;
            (api, query, Some(seen))
        }
        [] => return Err("name an API, then a code or a status".to_owned()),
        [_] => return Err("give a code or a status after the API's name".to_owned()),
        _ => return Err("too many arguments".to_owned()),
    };
    let catalog = catalog::find(api)
        .ok_or_else(|| format!("unknown API {api:?}; the catalogs are: {}", api_names()))?;

    match (status(query), seen) {
        (Some(_), Some(_)) => Err(format!(
            "{query:?} reads as a status; give a code before the second status"
        )),
        (Some(status), None) => Ok(list_status(out, catalog, status, json)),
        (None, seen) => Ok(explain(out, catalog, &catalog.explain(query, seen), json)),
    }
}

fn usage() -> String {
    USAGE.replace("{apis}", &api_names())
}

/// `arg` as an HTTP status, if it is one.
fn status(arg: &str) -> Option<u16> {
    // Only plain digits: `+404` parses as a number but is nobody's status.
    if !arg.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    arg.parse().ok().filter(|s| (100..=599).contains(s))
}

fn api_names() -> String {
    let names: Vec<&str> = catalog::PREBUILT.iter().map(|c| c.name).collect();
    names.join(", ")
}

/// Lists every code documented with `status`; `false` when there is none.
fn list_status(out: &mut String, catalog: &Catalog, status: u16, json: bool) -> bool {
    let codes = catalog.with_status(status);
    if json {
        say!(out, "{}", to_json(&codes));
        return !codes.is_empty();
    }
    if !has_statuses(catalog) {
        let text = format!(
            "The {} codes ({}) carry no HTTP status; look one up by its code.",
            catalog.title, catalog.enum_name
        );
        say!(out, "{}", wrap(&text, 0));
        return false;
    }
    match codes.len() {
        0 => {
            let text = format!(
                "No {} code is documented with status {status}. A response with it \
                 is judged by the status alone:",
                catalog.title
            );
            say!(out, "{}\n", wrap(&text, 0));
            print_judgement(out, status);
            return false;
        }
        1 => say!(
            out,
            "1 {} code is documented with status {status}:\n",
            catalog.title
        ),
        n => say!(
            out,
            "{n} {} codes are documented with status {status}:\n",
            catalog.title
        ),
    }
    for info in &codes {
        let mut line = format!("{}  ({}", info.code, facts(info));
        if let Some(phrase) = info.message_phrase {
            line.push_str(&format!(", when the message contains {phrase:?}"));
        }
        line.push(')');
        say!(out, "  {line}");
        say!(out, "{}", wrap(description(info), 4));
    }
    say!(
        out,
        "\nDetails of one code: cargo run --example explain -- {} CODE",
        catalog.name
    );
    true
}

/// Tells what the catalog says about one code; `false` when it does not
/// list it.
fn explain(out: &mut String, catalog: &Catalog, explanation: &Explanation, json: bool) -> bool {
    if json {
        say!(out, "{}", to_json(explanation));
        return explanation.is_documented();
    }
    let code = &explanation.code;
    let Some(best) = explanation.matches.first() else {
        explain_unknown(out, catalog, explanation);
        return false;
    };

    if explanation.matches.len() > 1 {
        say!(
            out,
            "{} variants share the code {code}; the error message tells them apart.\n",
            explanation.matches.len()
        );
    }
    for (i, info) in explanation.matches.iter().enumerate() {
        if i > 0 {
            say!(out, "");
        }
        let mut heading = format!("{code} is a documented {} code", catalog.title);
        match info.message_phrase {
            Some(phrase) => heading.push_str(&format!(", when the message contains {phrase:?}")),
            None if explanation.matches.len() > 1 => {
                heading.push_str(", when the message says nothing more specific");
            }
            None => {}
        }
        heading.push('.');
        say!(out, "{}\n", wrap(&heading, 0));
        if info.code != code.as_str() {
            let text = format!("{code} is another spelling of the code {}.", info.code);
            say!(out, "{}\n", wrap(&text, 0));
        }
        if !info.aliases.is_empty() {
            field(out, "also sent as", &info.aliases.join(", "));
        }
        if let Some(status) = info.status {
            field(out, "status", &status.to_string());
        }
        if let Some(kind) = info.kind {
            field(out, "category", kind.as_str());
        }
        if let Some(retry) = info.retry {
            field(out, "retry advice", &retry.to_string());
        }
        say!(
            out,
            "  {:<13} {}",
            "description",
            wrap(description(info), 16).trim_start()
        );
        field(out, "docs", info.docs_url.unwrap_or("none"));
        if let Some(variant) = info.variant {
            field(out, "in Rust", &format!("{}::{variant}", catalog.enum_name));
        }
    }

    if let (Some(seen), Some(documented)) = (explanation.seen_status, best.status) {
        if seen != documented {
            let text = format!(
                "Seen with status {seen} rather than {documented}, it is still {code}: \
                 a code says more than a status, so clients go by the code."
            );
            say!(out, "\n{}", wrap(&text, 0));
        }
    }
    true
}

fn explain_unknown(out: &mut String, catalog: &Catalog, explanation: &Explanation) {
    let code = &explanation.code;
    let text = format!(
        "{code} is not a documented {} code ({} lists {}).",
        catalog.title,
        catalog.enum_name,
        catalog.codes().len()
    );
    say!(out, "{}", wrap(&text, 0));
    match explanation.suggestions.as_slice() {
        [] => {}
        [only] => say!(out, "Did you mean {}?", only.code),
        [first, rest @ ..] => {
            let others: Vec<&str> = rest.iter().map(|c| c.code).collect();
            say!(
                out,
                "Did you mean {}? (or: {})",
                first.code,
                others.join(", ")
            );
        }
    }
    if code.bytes().all(|b| b.is_ascii_digit()) {
        say!(out, "(A number is read as a status only from 100 to 599.)");
    }
    if !has_statuses(catalog) {
        return;
    }
    say!(out, "");
    match explanation.seen_status {
        None => {
            let advice = "Responses carrying it are judged by their HTTP status. Give the \
                          status it came with to see what that means, for instance:";
            say!(out, "{}", wrap(advice, 0));
            say!(
                out,
                "  cargo run --example explain -- {} {code} 503",
                catalog.name
            );
        }
        Some(seen) => {
            say!(
                out,
                "Responses carrying it are judged by their HTTP status, and {seen} means:\n"
            );
            print_judgement(out, seen);
            let known: Vec<&str> = catalog.with_status(seen).iter().map(|c| c.code).collect();
            if !known.is_empty() {
                let known = format!(
                    "The codes documented with {seen} are: {}.",
                    known.join(", ")
                );
                say!(out, "\n{}", wrap(&known, 0));
            }
        }
    }
}

/// What a status means on its own, as a client falls back on it.
fn print_judgement(out: &mut String, status: u16) {
    field(out, "category", ErrorKind::from_status(status).as_str());
    field(
        out,
        "retry advice",
        &RetryAdvice::from_status(status).to_string(),
    );
}

fn field(out: &mut String, name: &str, value: &str) {
    say!(out, "  {name:<13} {value}");
}

/// The kind and retry advice of a code, where the catalog has them.
fn facts(info: &CodeInfo) -> String {
    let facts: Vec<String> = [
        info.kind.map(|k| k.to_string()),
        info.retry.map(|r| r.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    facts.join(", ")
}

fn description(info: &CodeInfo) -> &'static str {
    if info.description.is_empty() {
        "(no description)"
    } else {
        info.description
    }
}

fn has_statuses(catalog: &Catalog) -> bool {
    catalog.codes().iter().any(|c| c.status.is_some())
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("catalog rows serialize")
}

/// `text` broken into lines of at most `WIDTH` columns (a longer word gets a
/// line of its own), each indented by `indent` spaces.
fn wrap(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > WIDTH {
            lines.push(format!("{pad}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(format!("{pad}{line}"));
    lines.join("\n")
}
