//! The generated code of every fixture spec set compiles cleanly, not only that of `specs/`.
//!
//! Each folder in `tests/fixtures/ok/` is generated into a standalone copy of the
//! crate (the checked-in runtime and manifest, the workspace's lints, the fixture's
//! API and features), which must pass `cargo clippy --all-targets -- -D warnings`
//! with its default features (every service) and `cargo check` without warnings
//! with `--no-default-features` (no service: the registry and module tree empty).
//! The snapshots show what the generator emits; this shows that it builds.
//!
//! Everything lives under `target/fixture-crates/` (one folder per case, reused
//! between runs so unchanged crates are not rebuilt) with one shared
//! `CARGO_TARGET_DIR`, so serde, serde_json and regex compile once. Each crate
//! copies the workspace's `Cargo.lock`: same dependency versions, no network.
//! Every case is built before the test fails, and the failure lists them all.

use std::error::Error;
use std::time::Instant;

use tests::scratch::{self, Lints};

type TestResult = Result<(), Box<dyn Error>>;

/// The cargo runs each fixture crate must pass without errors or warnings.
const RUNS: [&[&str]; 2] = [
    &[
        "clippy",
        "--quiet",
        "--message-format=short",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ],
    &[
        "check",
        "--quiet",
        "--message-format=short",
        "--no-default-features",
    ],
];

/// rustc's warnings in `stderr` (`--message-format=short`: `file:line:col: warning: …`),
/// which `cargo check` reports without failing.
fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| {
            line.split_once(": warning").is_some_and(|(place, _)| {
                let mut parts = place.rsplitn(3, ':');
                parts.by_ref().take(2).all(|n| n.parse::<u32>().is_ok()) && parts.next().is_some()
            })
        })
        .collect()
}

#[test]
fn generated_code_of_each_ok_fixture_compiles_cleanly() -> TestResult {
    let cases = tests::fixture_cases("ok")?;
    assert!(!cases.is_empty(), "no fixtures in tests/fixtures/ok");
    let root = scratch::workspace().join("target/fixture-crates");
    let target_dir = root.join("target");
    let started = Instant::now();
    let mut failures = Vec::new();
    for (name, specs_dir) in &cases {
        let case_started = Instant::now();
        let crate_dir = root.join(name);
        if let Err(error) = scratch::generate_crate(specs_dir, &crate_dir, Lints::Workspace) {
            failures.push(format!("{name}: generating the crate failed: {error}"));
            continue;
        }
        scratch::copy_lockfile(&crate_dir)?;
        for args in RUNS {
            let run = scratch::cargo(&crate_dir, &target_dir, args)?;
            if !run.ok || !warnings(&run.stderr).is_empty() {
                failures.push(format!(
                    "{name}: `cargo {}` in {} {}:\n{}",
                    args.join(" "),
                    crate_dir.display(),
                    if run.ok { "warns" } else { "fails" },
                    run.stderr.trim_end()
                ));
            }
        }
        eprintln!("{name}: built in {:.1?}", case_started.elapsed());
    }
    eprintln!(
        "{} fixture crates built in {:.1?}",
        cases.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} failures over {} fixtures:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    Ok(())
}

#[test]
fn warnings_are_recognised_in_short_messages() {
    let stderr = "warning: `/root/.cargo/config` is deprecated\n\
                  src/api.rs:12:5: warning: unused import: `crate::OperationInfo`\n\
                  src/lib.rs:3:1: error: expected item\n\
                  warning: `cloud-api-types` (lib) generated 1 warning\n";
    assert_eq!(
        warnings(stderr),
        ["src/api.rs:12:5: warning: unused import: `crate::OperationInfo`"]
    );
}
