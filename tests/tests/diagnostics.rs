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
        Err(codegen::Error::Specs { diagnostics, .. }) => diagnostics,
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

/// Texts too hostile to keep as fixture files, built here: every one is
/// refused by the pre-scan (the diagnostic says so), beside a valid provider.
fn hostile(widgets: String) -> Vec<Diagnostic> {
    let provider = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/err/one_of_wrong_type/acme/provider.yaml");
    let provider = std::fs::read_to_string(provider).unwrap_or_default();
    let texts = std::collections::BTreeMap::from([
        ("acme/provider.yaml".to_owned(), provider),
        ("acme/widgets.yaml".to_owned(), widgets),
    ]);
    match codegen::compile(&texts) {
        Err(diagnostics) => diagnostics,
        Ok(_) => panic!("a hostile spec compiled"),
    }
}

#[test]
fn hostile_nesting_is_refused_before_parsing() {
    let block: String =
        (0..1_000).map(|depth| format!("{}k{depth}:\n", " ".repeat(depth))).collect();
    for text in ["[".repeat(100_000), "{a: ".repeat(100_000), block] {
        let diagnostics = hostile(text);
        assert_eq!(diagnostics.len(), 1, "{}", codegen::diagnostic::render(&diagnostics));
        let message = &diagnostics[0].message;
        assert!(message.contains("nesting deeper than 64 levels"), "{message}");
        assert!(message.contains("refused before parsing"), "{message}");
    }
}

#[test]
fn an_oversize_file_is_refused_before_parsing() {
    let mut text = "service: widgets\n".to_owned();
    while text.len() <= codegen::yaml::MAX_FILE_BYTES {
        text.push_str("# padding, a comment line of exactly sixty-four bytes .........\n");
    }
    let diagnostics = hostile(text);
    insta::with_settings!({
        snapshot_path => "snapshots/err",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("oversize_file", codegen::diagnostic::render(&diagnostics));
    });
}
