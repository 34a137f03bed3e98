//! The committed `docs/catalogs/*.md` pages are what the enums render to
//! today, through the same `Catalog::to_markdown` the `catalog` example
//! writes them with.

use std::fs;
use std::path::{Path, PathBuf};

use api_error_codes::catalog;

const REGENERATE: &str = "cargo run --example catalog -- all";

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/catalogs")
}

/// Where `committed` and `generated` first part, for the failure message.
fn first_difference(committed: &str, generated: &str) -> String {
    let mut committed_lines = committed.lines();
    let mut generated_lines = generated.lines();
    for number in 1.. {
        match (committed_lines.next(), generated_lines.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => break,
            (a, b) => {
                return format!(
                    "line {number}:\n      committed: {}\n      generated: {}",
                    a.unwrap_or("(end of file)"),
                    b.unwrap_or("(end of file)")
                )
            }
        }
    }
    "only in line endings or the final newline".to_owned()
}

#[test]
fn every_catalog_page_is_up_to_date() {
    let mut stale = Vec::new();
    for catalog in catalog::PREBUILT {
        let path = docs_dir().join(format!("{}.md", catalog.name));
        let generated = catalog.to_markdown();
        match fs::read_to_string(&path) {
            // A checkout with `core.autocrlf` gives the page CRLF line ends;
            // that is the same page.
            Ok(committed) if committed.replace("\r\n", "\n") == generated => {}
            Ok(committed) => stale.push(format!(
                "{} differs from what {} renders, first at {}",
                path.display(),
                catalog.enum_name,
                first_difference(&committed, &generated)
            )),
            Err(err) => stale.push(format!("{} cannot be read: {err}", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "docs/catalogs is out of date with the enums:\n  {}\n\
         Regenerate the pages with `{REGENERATE}` and commit them.",
        stale.join("\n  ")
    );
}

#[test]
fn every_catalog_page_belongs_to_a_catalog() {
    // A page left behind by a renamed or removed catalog would still read as
    // current.
    let mut orphans = Vec::new();
    for entry in fs::read_dir(docs_dir()).expect("docs/catalogs exists") {
        let path = entry.expect("docs/catalogs is readable").path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != "README" && !catalog::PREBUILT.iter().any(|c| c.name == stem) {
            orphans.push(path.display().to_string());
        }
    }
    assert!(
        orphans.is_empty(),
        "pages without a catalog in `catalog::PREBUILT`: {}\n\
         Delete them, then run `{REGENERATE}`.",
        orphans.join(", ")
    );
}
