//! Print a catalog as a Markdown table, or write every catalog to files:
//!
//! ```text
//! cargo run --example catalog -- x-ads              # to stdout
//! cargo run --example catalog -- all                # docs/catalogs/*.md
//! cargo run --example catalog -- --write DIR        # DIR/*.md
//! ```
//!
//! The rendering is `api_error_codes::catalog::Catalog::to_markdown`, which
//! `tests/suite/catalog_docs.rs` also calls to check that `docs/catalogs/`
//! is up to date.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use api_error_codes::catalog::{self, Catalog};

const USAGE: &str = "\
catalog: an API's error codes as a Markdown table.

Usage:
  cargo run --example catalog -- API                print API's table
  cargo run --example catalog -- all                write every table to docs/catalogs/
  cargo run --example catalog -- [API] --write DIR  write API's table (or every one) to DIR

  API      which catalog: {apis}

Each table goes to DIR/API.md.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}\nRun with --help for usage.");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let mut dir: Option<PathBuf> = None;
    let mut names = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{}", USAGE.replace("{apis}", &api_names()));
                return Ok(());
            }
            "--write" => {
                let to = args.next().ok_or("--write needs a directory")?;
                dir = Some(PathBuf::from(to));
            }
            option if option.starts_with('-') => {
                return Err(format!("unknown option {option:?}"));
            }
            name => names.push(name),
        }
    }

    let catalogs: Vec<&Catalog> = match names[..] {
        [] if dir.is_some() => catalog::PREBUILT.iter().collect(),
        [] => return Err(format!("name an API ({}) or all", api_names())),
        ["all"] => {
            // The crate's own docs, wherever the command is run from.
            dir.get_or_insert_with(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/catalogs")
            });
            catalog::PREBUILT.iter().collect()
        }
        [name] => vec![catalog::find(name)
            .ok_or_else(|| format!("unknown API {name:?}; the catalogs are: {}", api_names()))?],
        _ => return Err("name one API, or all".to_owned()),
    };

    // Without a directory, only the `[name]` arm above gets here: one table.
    let Some(dir) = dir else {
        // Not `print!`, which panics when the reader has gone (`| head`).
        return match io::stdout().write_all(catalogs[0].to_markdown().as_bytes()) {
            Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
                Err(format!("cannot write the table: {err}"))
            }
            _ => Ok(()),
        };
    };
    std::fs::create_dir_all(&dir)
        .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
    for catalog in catalogs {
        let path = dir.join(format!("{}.md", catalog.name));
        std::fs::write(&path, catalog.to_markdown())
            .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        println!("wrote {} ({} codes)", path.display(), catalog.codes().len());
    }
    Ok(())
}

fn api_names() -> String {
    let names: Vec<&str> = catalog::PREBUILT.iter().map(|c| c.name).collect();
    names.join(", ")
}
