//! Snapshots of what the checker tells an author about broken spec sets.
//!
//! Every folder in `tests/fixtures/err/` is a specs folder with one family of
//! problems (`many_problems` has several, in several files). Each must fail to
//! compile with spec diagnostics, rendered exactly as the CLI prints them, in
//! `tests/tests/snapshots/err/<case>.snap`. Review a changed snapshot as a
//! user would read it: right file, line:column, YAML path, message and help.
//!
//! Accept intended changes with `INSTA_UPDATE=always cargo test -p tests --test diagnostics`
//! and review the `.snap` files.

use std::error::Error;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use codegen::diagnostic::Diagnostic;

/// The diagnostics of a case, or why the case itself is wrong.
fn diagnostics(dir: &Path) -> Result<Vec<Diagnostic>, String> {
    let diagnostics = match codegen::compile_dir(dir) {
        Err(codegen::Error::Specs(diagnostics)) => diagnostics,
        Err(error @ (codegen::Error::Io(..) | codegen::Error::Output(_))) => {
            return Err(format!("I/O error instead of diagnostics: {error}"));
        }
        Ok(_) => return Err("compiled without diagnostics".to_owned()),
    };
    if diagnostics.is_empty() {
        return Err("failed with an empty list of diagnostics".to_owned());
    }
    for diagnostic in &diagnostics {
        // Paths are relative to the specs folder, so snapshots do not depend on the checkout.
        let file = Path::new(&diagnostic.file);
        if file.is_absolute() || diagnostic.file.contains('\\') {
            return Err(format!("diagnostic names a non-relative file: {diagnostic}"));
        }
        if !dir.join(file).is_file() {
            return Err(format!("diagnostic names a file the case does not have: {diagnostic}"));
        }
    }
    Ok(diagnostics)
}

#[test]
fn each_broken_fixture_is_reported() -> Result<(), Box<dyn Error>> {
    let cases = tests::fixture_cases("err")?;
    assert!(!cases.is_empty(), "no fixtures in tests/fixtures/err");
    let mut failed = Vec::new();
    for (name, dir) in cases {
        let outcome = diagnostics(&dir).and_then(|diagnostics| {
            let rendered = codegen::diagnostic::render(&diagnostics);
            catch_unwind(AssertUnwindSafe(|| {
                insta::with_settings!({
                    snapshot_path => "snapshots/err",
                    prepend_module_to_snapshot => false,
                    omit_expression => true,
                }, {
                    insta::assert_snapshot!(name.as_str(), rendered);
                });
            }))
            .map_err(|_| "snapshot mismatch".to_owned())
        });
        if let Err(problem) = outcome {
            failed.push(format!("{name}: {problem}"));
        }
    }
    assert!(failed.is_empty(), "failing cases:\n{}", failed.join("\n"));
    Ok(())
}

/// One run reports the problems of every file, not just the first broken one.
#[test]
fn many_problems_are_reported_in_one_run() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/err/many_problems");
    let diagnostics = diagnostics(&dir)?;
    let files: std::collections::BTreeSet<&str> =
        diagnostics.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [
            "acme/gadgets.yaml",
            "acme/provider.yaml",
            "acme/tools.yaml",
            "acme/widgets.yaml",
            "orphan/things.yaml",
        ],
        "{}",
        codegen::diagnostic::render(&diagnostics)
    );
    Ok(())
}
