//! Replays the fuzz targets' seed corpora and every crash or timeout fuzzing found, on stable.
//!
//! Each file of `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` is one
//! test that runs the file through the target's body in `tests/src/fuzz.rs`,
//! the same function `cargo fuzz run <target>` calls, so CI needs neither
//! nightly nor cargo-fuzz. Every input must be handled without a panic. For
//! `spec_loader` also:
//!
//! - a refused input has at least one diagnostic naming one of its spec files
//!   and a line:column in it;
//! - an input larger than [`SPEC_INPUT_LIMIT`] is refused. That is the bound
//!   on work this test relies on instead of timing anything: within the limit,
//!   the loader's passes are linear in the input (fuzzing with `-timeout`
//!   watches that), and above it, it must refuse.
//!
//! A file whose name starts with `pending-` is a known case waiting for a fix
//! on another branch: it is listed as ignored with a note on stderr, never
//! skipped silently, and `-- --include-ignored` runs it anyway.
//!
//! Each input runs in a child process (this test binary again, told by
//! [`ONE_INPUT`] which input to run), so a stack overflow, which aborts a
//! process, fails that input's test instead of the whole run; and on a thread
//! with libFuzzer's main-thread stack (8 MiB), so a recursion that fuzzing
//! survives is not reported here as an overflow (and the other way round).

use std::path::{Path, PathBuf};
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};
use tests::fuzz::{self, SPEC_INPUT_LIMIT};

/// The stack libFuzzer runs a target on (the main thread's default on Linux).
const STACK_BYTES: usize = 8 << 20;

/// Set (to `<target> <file>`) in the child process that runs one input.
const ONE_INPUT: &str = "FUZZ_REPLAY_ONE_INPUT";

/// The fuzz targets, each with its body's checks.
/// A target's body with the checks the replay adds: `Err` says what broke.
type Check = fn(&[u8]) -> Result<(), String>;

const TARGETS: [(&str, Check); 4] = [
    ("spec_loader", spec_loader),
    // Not a target of its own: the seeds fuzz/corpus/make.py writes (`*.yaml`) are valid
    // spec sets, so the fuzzer starts from accepted inputs; this checks the split keeps them so.
    ("spec_loader_seed", |data| {
        spec_loader(data)?;
        match fuzz::spec_loader(data).result {
            Ok(()) => Ok(()),
            Err(diagnostics) => Err(format!("a seed spec set is refused: {diagnostics:?}")),
        }
    }),
    ("request_decode", |data| {
        fuzz::request_decode(data);
        Ok(())
    }),
    ("response_parse", |data| {
        fuzz::response_parse(data);
        Ok(())
    }),
];

fn spec_loader(data: &[u8]) -> Result<(), String> {
    let run = fuzz::spec_loader(data);
    if let Some(problem) = run.refusal_problem() {
        return Err(problem);
    }
    if data.len() > SPEC_INPUT_LIMIT && run.result.is_ok() {
        return Err(format!(
            "an input of {} bytes, over the limit of {SPEC_INPUT_LIMIT}, was accepted",
            data.len()
        ));
    }
    Ok(())
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of `dir`, sorted; none when it does not exist.
fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Runs `check` on `data` on a thread with libFuzzer's stack; a panic is a failure.
fn run_here(check: Check, data: Vec<u8>) -> Result<(), String> {
    let outcome = std::thread::Builder::new()
        .name("fuzz-replay".into())
        .stack_size(STACK_BYTES)
        .spawn(move || check(&data))
        .map_err(|e| format!("cannot start the replay thread: {e}"))?
        .join();
    match outcome {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "a panic without a message".to_owned());
            Err(format!("panicked: {message}"))
        }
    }
}

/// Runs the input at `path` through `target` in a child process.
fn replay(target: &str, path: &Path) -> Result<(), Failed> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this test binary: {e}"))?;
    let output = Command::new(exe)
        .env(ONE_INPUT, format!("{target} {}", path.display()))
        .env("RUST_BACKTRACE", "0")
        .output()
        .map_err(|e| format!("cannot run the child process: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!("{} ({})", String::from_utf8_lossy(&output.stderr).trim_end(), output.status)
        .into())
}

/// The child's side of [`replay`]: `spec` is `<target> <file>`.
fn replay_one(spec: &str) -> Result<(), String> {
    let (target, path) = spec.split_once(' ').ok_or("expected `<target> <file>`")?;
    let (_, check) = TARGETS
        .into_iter()
        .find(|(name, _)| *name == target)
        .ok_or_else(|| format!("no fuzz target `{target}`"))?;
    let data = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    run_here(check, data)
}

fn trials() -> std::io::Result<Vec<Trial>> {
    let mut trials = Vec::new();
    let mut pending = Vec::new();
    for target in ["spec_loader", "request_decode", "response_parse"] {
        let mut seen = 0;
        for kind in ["corpus", "regressions"] {
            for path in files(&fuzz_dir().join(kind).join(target))? {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let name = name.unwrap_or_default();
                let is_pending = name.starts_with("pending-");
                if is_pending {
                    pending.push(format!("fuzz/{kind}/{target}/{name}"));
                }
                seen += 1;
                let check = match target {
                    "spec_loader" if kind == "corpus" && name.ends_with(".yaml") => {
                        "spec_loader_seed"
                    }
                    _ => target,
                };
                trials.push(
                    Trial::test(format!("{target}::{kind}::{name}"), move || replay(check, &path))
                        .with_ignored_flag(is_pending),
                );
            }
        }
        assert!(seen > 0, "no corpus or regression files for the fuzz target `{target}`");
    }
    if !pending.is_empty() {
        eprintln!(
            "note: {} known fuzz case(s) are pending a fix on another branch and are ignored \
             (run them with `-- --include-ignored`):\n  {}",
            pending.len(),
            pending.join("\n  ")
        );
    }
    Ok(trials)
}

fn main() -> std::io::Result<()> {
    if let Some(spec) = std::env::var_os(ONE_INPUT) {
        // The panic message is already on stderr; the verdict is the exit status.
        if let Err(problem) = replay_one(&spec.to_string_lossy()) {
            eprintln!("{problem}");
            std::process::exit(1);
        }
        std::process::exit(0);
    }
    let args = Arguments::from_args();
    libtest_mimic::run(&args, trials()?).exit()
}
