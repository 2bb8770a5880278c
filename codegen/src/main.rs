//! `codegen`: regenerate the generated crate from the specs, check it is fresh,
//! print the spec format's JSON Schema, or diff two spec sets semantically.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codegen::diff::render::Format;
use codegen::diff::source::Side;
use codegen::diff::{FailOn, render};

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
    Schema {
        /// Print the schema of `diff --format json` reports instead (kept at `docs/diff-report.schema.json`).
        #[arg(long)]
        diff_report: bool,
    },
    /// Compare two spec sets semantically: what changed, whether it breaks callers on
    /// the wire, and its semver effect on the generated crate.
    ///
    /// BASE and HEAD are each a specs folder or a git revision of this repository.
    /// Examples: `codegen diff origin/main HEAD`, `codegen diff --base main` (HEAD is
    /// the working tree's specs folder), `codegen diff old-specs/ specs/`.
    ///
    /// Exit status: 0; 1 when `--fail-on` trips; 2 when a side cannot be read or its specs are invalid.
    Diff {
        /// The old side: a specs folder or a git revision.
        #[arg(value_name = "BASE", required_unless_present = "base")]
        base_arg: Option<String>,
        /// The new side: a specs folder or a git revision (default: the `--specs` folder).
        #[arg(value_name = "HEAD")]
        head: Option<String>,
        /// The old side, as an option (`--base main`).
        #[arg(long, conflicts_with = "base_arg")]
        base: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Exit with status 1 when the diff has a change of this severity (for CI gates).
        #[arg(long, value_enum)]
        fail_on: Option<FailOnArg>,
        /// Print the unified diff of the generated code instead of the report.
        #[arg(long)]
        code: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Readable report, coloured on a terminal.
    Text,
    /// Markdown for a pull-request comment: summary table, then details per action.
    Markdown,
    /// JSON (schema: docs/diff-report.schema.json).
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOnArg {
    /// Any change that breaks callers on the wire.
    Breaking,
    /// Any change that needs a major version of the generated crate.
    Major,
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
            eprintln!("generated code is stale; run `{}`:", codegen::files::REGENERATE);
            for path in &summary.changes.written {
                eprintln!("  stale:  {}", cli.out.join(path).display());
            }
            for path in &summary.changes.removed {
                eprintln!("  orphan: {}", cli.out.join(path).display());
            }
            ExitCode::FAILURE
        }),
        Command::Schema { diff_report } => {
            if diff_report {
                print!("{}", codegen::diff::report_schema());
            } else {
                print!("{}", codegen::schema::json_schema());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { base_arg, head, base, format, fail_on, code } => {
            let sides = Side::parse(&base.or(base_arg).unwrap_or_default()).and_then(|base| {
                Ok((
                    base,
                    head.map_or_else(|| Ok(Side::Folder(cli.specs.clone())), |h| Side::parse(&h))?,
                ))
            });
            return match sides {
                Ok((base, head)) => diff(&cli.specs, &base, &head, format, fail_on, code),
                Err(error) => {
                    eprintln!("{error}");
                    ExitCode::from(2)
                }
            };
        }
    };
    result.unwrap_or_else(|error| {
        match error {
            // Paths joined to `--specs` as given, so `path:line:column` opens
            // from where the command ran; anstream drops the colour off a terminal.
            codegen::Error::Specs(diagnostics) => anstream::eprint!(
                "{}",
                codegen::diagnostic::render_with(&diagnostics, Some(&cli.specs), true)
            ),
            codegen::Error::Io(..) => eprintln!("{error}"),
        }
        ExitCode::FAILURE
    })
}

fn diff(
    specs: &std::path::Path,
    base: &Side,
    head: &Side,
    format: FormatArg,
    fail_on: Option<FailOnArg>,
    code: bool,
) -> ExitCode {
    let load = |side: &Side| -> Result<codegen::model::Model, String> {
        let texts = side.read(specs)?;
        codegen::compile(&texts).map_err(|problems| {
            // A folder's files can be opened, a revision's cannot: those stay relative.
            let dir = match side {
                Side::Folder(dir) => Some(dir.as_path()),
                Side::Revision(_) => None,
            };
            format!(
                "{} has invalid specs:\n\n{}",
                side.label(),
                codegen::diagnostic::render_with(&problems, dir, true)
            )
        })
    };
    let (old, new) = match (load(base), load(head)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for error in [old.err(), new.err()].into_iter().flatten() {
                anstream::eprintln!("{error}");
            }
            return ExitCode::from(2);
        }
    };
    let report = codegen::diff::diff(&old, &new);
    if code {
        print!("{}", codegen::diff::code::code_diff(&old, &new));
    } else {
        let format = match format {
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Json => Format::Json,
        };
        // anstream drops the colour when stdout is not a terminal (or NO_COLOR is set).
        anstream::print!("{}", render::render(&report, format, true));
    }
    let gate = fail_on.map(|gate| match gate {
        FailOnArg::Breaking => FailOn::Breaking,
        FailOnArg::Major => FailOn::Major,
    });
    if gate.is_some_and(|gate| report.fails(gate)) { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
