//! `codegen`: regenerate the generated crate from the specs, check it is fresh,
//! print the spec format's JSON Schema, or diff two spec sets semantically.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codegen::diff::render::Format;
use codegen::diff::source::{ReadError, Side};
use codegen::diff::{FailOn, render};

/// Exit statuses, the same for every subcommand, so a CI script can tell a
/// stale tree from broken specs from a disk problem.
mod status {
    /// Stale generated code (`check`), or a `--fail-on` gate tripped (`diff`).
    pub(crate) const STALE_OR_GATE: u8 = 1;
    /// Invalid specs, or an argument naming no spec set (clap's own usage errors exit 2 too).
    pub(crate) const INVALID: u8 = 2;
    /// I/O: a file or folder that cannot be read or written, an output path that is
    /// a symbolic link or the wrong kind of file, git that cannot run, a closed stdout.
    pub(crate) const IO: u8 = 3;
}

const EXIT_ALL: &str = "\
Exit status:
  0  success
  1  generated code is stale (check), or a --fail-on gate tripped (diff)
  2  invalid specs or arguments; nothing was written
  3  I/O error: a file that cannot be read or written, an output path that is a
     symbolic link or a folder/file where the other is needed; nothing was changed";

const EXIT_GENERATE: &str = "\
Exit status:
  0  the generated code is up to date (files written or removed as needed)
  2  invalid specs or arguments; nothing was written
  3  I/O error (unreadable specs, an unwritable output file, a symbolic link on the way
     to one or under src/api/, a folder where a file must go or a file where a folder
     must); the crate is left exactly as it was";

const EXIT_CHECK: &str = "\
Exit status:
  0  the generated code is up to date
  1  stale: files listed on stderr would be written or removed by `generate`
  2  invalid specs or arguments
  3  I/O error (unreadable specs or output, a symbolic link or a wrong kind of file
     where `generate` would write)";

const EXIT_SCHEMA: &str = "\
Exit status:
  0  printed
  2  invalid arguments
  3  stdout cannot be written";

const EXIT_DIFF: &str = "\
Exit status:
  0  compared (whatever changed, unless a --fail-on gate trips)
  1  the --fail-on gate tripped
  2  a side has invalid specs or names no spec set (neither a folder nor a git
     revision with specs, or no --specs folder here, which HEAD defaults to and
     revisions are read at), or invalid arguments
  3  I/O error: a side's folder cannot be read, git cannot run, or stdout cannot be written";

/// Turns the YAML specs of cloud API docs into the typed, validated Rust crate.
///
/// Run from the workspace root. Specs are read from `specs/` and code is written
/// below `generated/` unless told otherwise.
#[derive(Debug, Parser)]
#[command(version, about, long_about, after_help = EXIT_ALL)]
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
    /// Regenerate the code: write changed files, remove orphans, print a summary.
    ///
    /// All or nothing: every new file is staged first and swapped in by renames
    /// that are undone on any error, so a failed run leaves the crate as it was.
    /// Only `src/api.rs`, `src/api/**.rs` and the feature block of `Cargo.toml` are
    /// touched; no symbolic link is followed; file permissions are kept.
    #[command(after_help = EXIT_GENERATE)]
    Generate,
    /// Write nothing; fail listing stale files if the generated code is out of date,
    /// or every problem if the specs are invalid.
    #[command(after_help = EXIT_CHECK)]
    Check,
    /// Print the JSON Schema of the spec format (kept at `specs/spec.schema.json`).
    #[command(after_help = EXIT_SCHEMA)]
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
    #[command(after_help = EXIT_DIFF)]
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
        /// Print the unified diff of the generated code after the report.
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
    /// Any change that breaks or may break callers on the wire.
    MayBreak,
    /// Any change that needs a major version of the generated crate.
    Major,
    /// Any change that needs a minor or major version of the generated crate.
    Minor,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let generator = codegen::Generator::new(&cli.specs, &cli.out);
    let result = match cli.command {
        Command::Generate => generator.generate().map(|summary| print(&format!("{summary}\n"))),
        Command::Check => generator.check().map(|summary| {
            if summary.changes.is_clean() {
                return print(&format!("up to date: {summary}\n"));
            }
            eprintln!("generated code is stale; run `{}`:", codegen::files::REGENERATE);
            for path in &summary.changes.written {
                eprintln!("  stale:  {}", cli.out.join(path).display());
            }
            for path in &summary.changes.removed {
                eprintln!("  orphan: {}", cli.out.join(path).display());
            }
            ExitCode::from(status::STALE_OR_GATE)
        }),
        Command::Schema { diff_report } => Ok(print(&if diff_report {
            codegen::diff::report_schema()
        } else {
            codegen::schema::json_schema()
        })),
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
                    ExitCode::from(status::INVALID)
                }
            };
        }
    };
    result.unwrap_or_else(|error| {
        match &error {
            // Paths joined to `--specs` as given, so `path:line:column` opens
            // from where the command ran; anstream drops the colour off a terminal.
            codegen::Error::Specs { specs_dir, diagnostics } => anstream::eprint!(
                "{}",
                codegen::diagnostic::render_with(diagnostics, Some(specs_dir), true)
            ),
            codegen::Error::Io(..) | codegen::Error::Output(_) => eprintln!("error: {error}"),
        }
        ExitCode::from(match error {
            codegen::Error::Specs { .. } => status::INVALID,
            codegen::Error::Io(..) | codegen::Error::Output(_) => status::IO,
        })
    })
}

/// Why a side cannot be read when the specs folder is missing, and the ways
/// to name one: the head defaults to `--specs`, and a revision is read at
/// that folder's path, so both need it where the command runs.
fn missing_folder(dir: &std::path::Path) -> String {
    let here = std::env::current_dir()
        .map_or_else(|_| "the current folder".to_owned(), |cwd| format!("`{}`", cwd.display()));
    format!(
        "error: no specs folder `{}` in {here}; the head defaults to it, and a git revision is \
         read at its path\n  = help: run from the workspace root, or pass `--specs <folder>` \
         (or name both sides as folders)",
        dir.display()
    )
}

/// Writes `text` to stdout; `print!` would panic on a closed or full stdout.
fn print(text: &str) -> ExitCode {
    write_out(&mut std::io::stdout().lock(), text)
}

/// Writes `text` to `out`: success, or the I/O status with the error on stderr.
fn write_out(out: &mut impl std::io::Write, text: &str) -> ExitCode {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write to stdout: {error}");
            ExitCode::from(status::IO)
        }
    }
}

fn diff(
    specs: &std::path::Path,
    base: &Side,
    head: &Side,
    format: FormatArg,
    fail_on: Option<FailOnArg>,
    code: bool,
) -> ExitCode {
    // Each failure with its exit status: a side that cannot be read is I/O,
    // one that names no spec set or holds invalid specs is invalid input.
    type Loaded = (codegen::model::Model, std::collections::BTreeMap<String, String>);
    let load = |side: &Side| -> Result<Loaded, (u8, String)> {
        let (texts, origin) = side.read_with_origin(specs).map_err(|error| match error {
            ReadError::Io(message) => (status::IO, message),
            ReadError::NotSpecs(message) => (status::INVALID, message),
            ReadError::MissingFolder(dir) => (status::INVALID, missing_folder(&dir)),
        })?;
        let model = codegen::compile(&texts).map_err(|mut problems| {
            // Each file as it can be found: joined to its folder, or named as
            // git names a file of a revision (`main:specs/tencentcloud/cam.yaml`).
            for problem in &mut problems {
                problem.file = format!("{origin}{}", problem.file);
            }
            let rendered = codegen::diagnostic::render_with(&problems, None, true);
            (status::INVALID, format!("{} has invalid specs:\n\n{rendered}", side.label()))
        })?;
        Ok((model, texts))
    };
    let (old, new) = match (load(base), load(head)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let mut errors: Vec<(u8, String)> =
                [old.err(), new.err()].into_iter().flatten().collect();
            // Both sides fail alike when the specs folder is missing: say it once.
            errors.dedup();
            for (_, error) in &errors {
                anstream::eprintln!("{error}");
            }
            // I/O wins: fixing the specs would not make the run pass.
            return ExitCode::from(
                errors.iter().map(|(code, _)| *code).max().unwrap_or(status::IO),
            );
        }
    };
    let ((old, old_texts), (new, new_texts)) = (old, new);
    let mut report = codegen::diff::diff(&old, &new);
    report.locate(&old_texts, &new_texts);
    // The code diff comes with the report, never instead of it.
    if code {
        report.code_diff = Some(codegen::diff::code::code_diff(&old, &new));
    }
    let format = match format {
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
    };
    // anstream drops the colour when stdout is not a terminal (or NO_COLOR is set).
    let printed = write_out(&mut anstream::stdout(), &render::render(&report, format, true));
    if printed != ExitCode::SUCCESS {
        return printed;
    }
    let gate = fail_on.map(|gate| match gate {
        FailOnArg::Breaking => FailOn::Breaking,
        FailOnArg::MayBreak => FailOn::MayBreak,
        FailOnArg::Major => FailOn::Major,
        FailOnArg::Minor => FailOn::Minor,
    });
    if gate.is_some_and(|gate| report.fails(gate)) {
        ExitCode::from(status::STALE_OR_GATE)
    } else {
        ExitCode::SUCCESS
    }
}
