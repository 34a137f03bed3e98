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
  cargo run --example explain -- amazon-scraper upstream_timeout --json";

/// Where descriptions wrap, so that they read well in an 80-column terminal.
const WIDTH: usize = 78;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(found) => {
            if found {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(message) => {
            eprintln!("error: {message}\nRun with --help for usage.");
            ExitCode::from(2)
        }
    }
}

/// Answers the command line; `Ok(false)` when the catalog does not document
/// what was asked, `Err` on a usage error.
fn run(args: &[String]) -> Result<bool, String> {
    let mut json = false;
    let mut positional = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{}", USAGE.replace("{apis}", &api_names()));
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
        [] => {
            eprintln!("{}", USAGE.replace("{apis}", &api_names()));
            return Err("no API and code given".to_owned());
        }
        [_] => return Err("give a code or a status after the API's name".to_owned()),
        _ => return Err("too many arguments".to_owned()),
    };
    let catalog = catalog::find(api)
        .ok_or_else(|| format!("unknown API {api:?}; the catalogs are: {}", api_names()))?;

    match (status(query), seen) {
        (Some(_), Some(_)) => Err(format!(
            "{query:?} reads as a status; give a code before the second status"
        )),
        (Some(status), None) => Ok(list_status(catalog, status, json)),
        (None, seen) => Ok(explain(catalog, &catalog.explain(query, seen), json)),
    }
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

/// Prints every code documented with `status`; `false` when there is none.
fn list_status(catalog: &Catalog, status: u16, json: bool) -> bool {
    let codes = catalog.with_status(status);
    if json {
        println!("{}", to_json(&codes));
        return !codes.is_empty();
    }
    if !has_statuses(catalog) {
        println!(
            "The {} codes ({}) carry no HTTP status; look one up by its code.",
            catalog.title, catalog.enum_name
        );
        return false;
    }
    match codes.len() {
        0 => {
            println!(
                "No {} code is documented with status {status}. A response with it is judged by the status alone:\n",
                catalog.title
            );
            print_judgement(status);
            return false;
        }
        1 => println!("1 {} code is documented with status {status}:\n", catalog.title),
        n => println!("{n} {} codes are documented with status {status}:\n", catalog.title),
    }
    for info in &codes {
        let mut line = format!("{}  ({}", info.code, facts(info));
        if let Some(phrase) = info.message_phrase {
            line.push_str(&format!(", when the message contains {phrase:?}"));
        }
        line.push(')');
        println!("  {line}");
        println!("{}", wrap(description(info), 4));
    }
    println!(
        "\nDetails of one code: cargo run --example explain -- {} CODE",
        catalog.name
    );
    true
}

/// Prints what the catalog says about one code; `false` when it does not
/// list it.
fn explain(catalog: &Catalog, explanation: &Explanation, json: bool) -> bool {
    if json {
        println!("{}", to_json(explanation));
        return explanation.is_documented();
    }
    let code = &explanation.code;
    let Some(best) = explanation.matches.first() else {
        explain_unknown(catalog, explanation);
        return false;
    };

    if explanation.matches.len() > 1 {
        println!(
            "{} variants share the code {code}; the error message tells them apart.\n",
            explanation.matches.len()
        );
    }
    for info in &explanation.matches {
        let variant = info
            .variant
            .map(|v| format!(" ({}::{v})", catalog.enum_name))
            .unwrap_or_default();
        print!("{code}: a documented {} code{variant}", catalog.title);
        match info.message_phrase {
            Some(phrase) => println!(", when the message contains {phrase:?}\n"),
            None if explanation.matches.len() > 1 => {
                println!(", when the message says nothing more specific\n");
            }
            None => println!("\n"),
        }
        if let Some(status) = info.status {
            field("status", &status.to_string());
        }
        if let Some(kind) = info.kind {
            field("category", kind.as_str());
        }
        if let Some(retry) = info.retry {
            field("retry advice", &retry.to_string());
        }
        println!("  {:<13} {}", "description", wrap(description(info), 16).trim_start());
        field("docs", info.docs_url.unwrap_or("none"));
        println!();
    }

    if let (Some(seen), Some(documented)) = (explanation.seen_status, best.status) {
        if seen != documented {
            println!(
                "Seen with status {seen} rather than {documented}, it is still {code}: \
                 a code says more than a status, so clients go by the code."
            );
        }
    }
    true
}

fn explain_unknown(catalog: &Catalog, explanation: &Explanation) {
    let code = &explanation.code;
    println!(
        "{code} is not a documented {} code ({} lists {}).",
        catalog.title,
        catalog.enum_name,
        catalog.codes().len()
    );
    if let Some(suggestion) = explanation.did_you_mean {
        println!("Did you mean {}?", suggestion.code);
    }
    if !has_statuses(catalog) {
        return;
    }
    match explanation.seen_status {
        None => println!(
            "Responses carrying it are judged by their HTTP status. To see what a \
             status would mean, add it:\n  cargo run --example explain -- {} {code} 503",
            catalog.name
        ),
        Some(seen) => {
            println!("Responses carrying it are judged by their HTTP status; {seen} means:\n");
            print_judgement(seen);
            let known: Vec<&str> = catalog.with_status(seen).iter().map(|c| c.code).collect();
            if !known.is_empty() {
                println!(
                    "\nThe codes documented with {seen} are: {}.",
                    known.join(", ")
                );
            }
        }
    }
}

/// What a status means on its own, as a client falls back on it.
fn print_judgement(status: u16) {
    field("category", ErrorKind::from_status(status).as_str());
    field("retry advice", &RetryAdvice::from_status(status).to_string());
}

fn field(name: &str, value: &str) {
    println!("  {name:<13} {value}");
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
