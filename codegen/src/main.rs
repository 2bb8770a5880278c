//! `codegen`: regenerate the generated crate from the specs, or check it is fresh.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turns the YAML specs of cloud API docs into the typed, validated Rust crate.
///
/// Run from the workspace root. Specs are read from `specs/` and code is written
/// below `generated/` unless told otherwise.
#[derive(Debug, Parser)]
#[command(version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Folder of specs: `<provider>/provider.yaml` and `<provider>/<service>.yaml`.
    #[arg(long, global = true, default_value = "specs")]
    specs: PathBuf,
    /// Root of the generated crate (files go to `src/api/`, features to `Cargo.toml`).
    #[arg(long, global = true, default_value = "generated")]
    out: PathBuf,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the code: write changed files atomically, remove orphans, print a summary.
    Generate,
    /// Write nothing; fail listing stale files if the generated code is out of date,
    /// or every problem if the specs are invalid.
    Check,
    /// Print the JSON Schema of the spec format (kept at `specs/spec.schema.json`).
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let generator = codegen::Generator::new(&cli.specs, &cli.out);
    let result = match cli.command {
        Command::Generate => generator.generate().map(|summary| {
            println!("{summary}");
            ExitCode::SUCCESS
        }),
        Command::Check => generator.check().map(|summary| {
            if summary.changes.is_clean() {
                println!("up to date: {summary}");
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "generated code is stale; run `{}`:",
                codegen::files::REGENERATE
            );
            for path in &summary.changes.written {
                eprintln!("  stale:  {}", cli.out.join(path).display());
            }
            for path in &summary.changes.removed {
                eprintln!("  orphan: {}", cli.out.join(path).display());
            }
            ExitCode::FAILURE
        }),
        Command::Schema => {
            print!("{}", codegen::schema::json_schema());
            Ok(ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|error| {
        eprint!("{error}");
        if matches!(error, codegen::Error::Io(..)) {
            eprintln!();
        }
        ExitCode::FAILURE
    })
}
