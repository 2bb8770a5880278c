//! Snapshots of the generated code for small fixture spec sets, one per feature.
//!
//! Every folder in `tests/fixtures/ok/` is a specs folder (`<provider>/provider.yaml`,
//! `<provider>/<service>.yaml`). Each is compiled, emitted and formatted exactly as
//! `codegen generate` would, and the files are snapshotted together with the cargo
//! features, in `tests/tests/snapshots/ok/<case>.snap`. A change to the emitter shows
//! up here as a reviewable diff of real output.
//!
//! Accept intended changes with `INSTA_UPDATE=always cargo test -p tests --test snapshots`
//! and review the `.snap` files.

use std::error::Error;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

type TestResult = Result<(), Box<dyn Error>>;

/// Every emitted file, formatted, each after a `==> path <==` line, preceded by the features.
fn render(model: &codegen::model::Model) -> String {
    let emitted = codegen::emit::emit(model);
    let mut out = String::from("==> Cargo.toml [features] <==\n");
    for (feature, enables) in &emitted.features {
        let enables: Vec<String> = enables.iter().map(|f| format!("\"{f}\"")).collect();
        let _ = writeln!(out, "{feature} = [{}]", enables.join(", "));
    }
    for file in &emitted.files {
        let _ = write!(out, "\n==> {} <==\n{}", file.path, codegen::files::render(file));
    }
    out
}

fn assert_case(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "snapshots/ok",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Runs every case, so one run reports (and, with `INSTA_UPDATE`, writes) all mismatches.
fn run_all(cases: Vec<(String, Result<String, String>)>) {
    let mut failed = Vec::new();
    for (name, result) in cases {
        let outcome = match result {
            Ok(text) => catch_unwind(AssertUnwindSafe(|| assert_case(&name, &text)))
                .map_err(|_| "snapshot mismatch".to_owned()),
            Err(problem) => Err(problem),
        };
        if let Err(problem) = outcome {
            failed.push(format!("{name}: {problem}"));
        }
    }
    assert!(failed.is_empty(), "failing cases:\n{}", failed.join("\n"));
}

#[test]
fn generated_code_of_each_ok_fixture() -> TestResult {
    let cases = tests::fixture_cases("ok")?;
    assert!(!cases.is_empty(), "no fixtures in tests/fixtures/ok");
    let results = cases
        .into_iter()
        .map(|(name, dir)| {
            let result = codegen::compile_dir(&dir)
                .map(|model| render(&model))
                .map_err(|error| format!("does not compile:\n{error}"));
            (name, result)
        })
        .collect();
    run_all(results);
    Ok(())
}
