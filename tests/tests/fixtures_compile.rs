//! The generated code of every fixture spec set compiles cleanly, not only that of `specs/`.
//!
//! Each folder in `tests/fixtures/ok/` is generated into a standalone copy of the
//! crate (the checked-in runtime and manifest, the workspace's lints, the fixture's
//! API and features), which must pass `cargo clippy --all-targets -- -D warnings`
//! with its default features (every service) and `cargo check` without warnings
//! with `--no-default-features` (no service: the registry and module tree empty).
//! The snapshots show what the generator emits; this shows that it builds.
//!
//! Fixtures with rules also get `tests/rules.rs` in their crate, written here
//! from the fixture's model (`tests::rule_cases`): for each rule, a request body
//! that breaks it (and one at its limit) is decoded into the generated request
//! type and validated, and the test asserts the one violation it must produce:
//! the wire path (`Spares[1].Finish`, `Item.Layers[1][1].Sku` inside arrays),
//! the code and the runtime `Rule` with its limits. It is linted with the crate
//! (`--all-targets`) and run with `cargo test --test rules`, so every rule kind,
//! also those no real spec uses yet (`range`, `items`), is checked against real
//! generated validators.
//!
//! Everything lives under `target/fixture-crates/` (one folder per case, reused
//! between runs so unchanged crates are not rebuilt) with one shared
//! `CARGO_TARGET_DIR`, so serde, serde_json and regex compile once. Each crate
//! copies the workspace's `Cargo.lock`: same dependency versions, no network.
//! Every case is built before the test fails, and the failure lists them all.

use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use codegen::model::Model;
use tests::rule_cases::{self, Case};
use tests::scratch::{self, Lints};

type TestResult = Result<(), Box<dyn Error>>;

/// The cargo runs each fixture crate must pass without errors or warnings.
const RUNS: [&[&str]; 2] = [
    &["clippy", "--quiet", "--message-format=short", "--all-targets", "--", "-D", "warnings"],
    &["check", "--quiet", "--message-format=short", "--no-default-features"],
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

/// `cargo test` of the rule test written into a fixture crate.
const RULES_RUN: &[&str] = &["test", "--quiet", "--message-format=short", "--test", "rules"];

/// A rule case, with the request type it decodes into.
struct RunnableCase {
    /// Name of its test function.
    test: String,
    /// Rust path of the request type.
    request: String,
    case: Case,
}

/// The rule cases of every action in `model`.
fn runnable_cases(model: &Model) -> Vec<RunnableCase> {
    let mut out: Vec<RunnableCase> = Vec::new();
    for provider in &model.providers {
        for service in &provider.services {
            for action in &service.actions {
                let request = format!(
                    "cloud_api_types::{}::{}::{}::{}",
                    provider.name, service.name, service.version_module, action.request.rust_name
                );
                for case in rule_cases::action_cases(action, &service.types) {
                    let mut test = snake(&format!("{}_{}", action.name, case.name));
                    if out.iter().any(|c| c.test == test) {
                        test = format!("{test}_{}", out.len());
                    }
                    out.push(RunnableCase { test, request: request.clone(), case });
                }
            }
        }
    }
    out
}

/// `PutItem_Item.Parts[1].Sku::rule0::too_long` → `put_item_item_parts_1_sku_rule0_too_long`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase()
                && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
            {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        previous = Some(c);
    }
    out.trim_end_matches('_').to_owned()
}

/// `text` as a raw string literal with as few `#` as it needs.
fn raw_literal(text: &str) -> String {
    let hashes = (0..)
        .map(|n| "#".repeat(n))
        .find(|h| !text.contains(&format!("\"{h}")))
        .unwrap_or_default();
    format!("r{hashes}\"{text}\"{hashes}")
}

/// The source of `tests/rules.rs`; every case must have a body.
fn rules_test_source(cases: &[RunnableCase]) -> Result<String, String> {
    let mut out = String::from(
        "//! Rules inside array items, through the generated validators: each request\n\
         //! below breaks one rule in the second item of an array, and validation must\n\
         //! report exactly that violation at its indexed wire path; or meets the rule\n\
         //! (at its limit, where it has one), and validation must report nothing.\n\
         //!\n\
         //! Written by the workspace's tests/tests/fixtures_compile.rs from the fixture's specs.\n\
         \n\
         use cloud_api_types::{Rule, Validate};\n\
         \n\
         /// (wire path, code, rule, advisory) of each violation.\n\
         type Found = Vec<(String, &'static str, Rule, bool)>;\n\
         \n\
         /// Decodes `body` as `T` and validates it.\n\
         fn violations<T: serde::de::DeserializeOwned + Validate>(body: &str) -> Result<Found, serde_json::Error> {\n\
         \x20   let request: T = serde_json::from_str(body)?;\n\
         \x20   Ok(match request.validate() {\n\
         \x20       Ok(()) => Found::new(),\n\
         \x20       Err(errors) => errors.0.into_iter().map(|v| (v.path, v.code, v.rule, v.advisory)).collect(),\n\
         \x20   })\n\
         }\n",
    );
    for RunnableCase { test, request, case } in cases {
        let check = case.check.as_ref().map_err(|why| format!("{}: {why}", case.name))?;
        let expected = match &check.expected {
            Some(rule) => {
                let (path, code, rule) = (&case.path, &case.code, rule.to_rust());
                format!("vec![({path:?}.to_owned(), {code:?}, {rule}, {})]", case.advisory)
            }
            None => "Found::new()".to_owned(),
        };
        let _ = write!(
            out,
            "\n#[test]\n\
             fn {test}() -> Result<(), serde_json::Error> {{\n\
             \x20   // {name}\n\
             \x20   let found = violations::<{request}>({body})?;\n\
             \x20   assert_eq!(found, {expected});\n\
             \x20   Ok(())\n\
             }}\n",
            name = case.name,
            body = raw_literal(&check.payload.to_string()),
        );
    }
    Ok(out)
}

/// Writes (or, without cases, removes) `tests/rules.rs` of the crate in `crate_dir`.
fn write_rules_test(crate_dir: &Path, cases: &[RunnableCase]) -> Result<(), String> {
    // An earlier layout named the file `nested.rs`; a reused crate folder may still have it.
    let _ = std::fs::remove_file(crate_dir.join("tests/rules.rs"));
    let file = crate_dir.join("tests/rules.rs");
    if cases.is_empty() {
        return match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.to_string()),
            _ => Ok(()),
        };
    }
    scratch::write_if_changed(&file, &rules_test_source(cases)?).map_err(|e| e.to_string())
}

#[test]
fn generated_code_of_each_ok_fixture_compiles_cleanly() -> TestResult {
    let cases = tests::fixture_cases("ok")?;
    assert!(!cases.is_empty(), "no fixtures in tests/fixtures/ok");
    let root = scratch::workspace().join("target/fixture-crates");
    let target_dir = root.join("target");
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut case_total = 0;
    let mut indexed_total = 0;
    for (name, specs_dir) in &cases {
        let case_started = Instant::now();
        let crate_dir = root.join(name);
        if let Err(error) = scratch::generate_crate(specs_dir, &crate_dir, Lints::Workspace) {
            failures.push(format!("{name}: generating the crate failed: {error}"));
            continue;
        }
        scratch::copy_lockfile(&crate_dir)?;
        let rule_cases = match codegen::compile_dir(specs_dir) {
            Ok(model) => runnable_cases(&model),
            Err(error) => {
                failures.push(format!("{name}: the specs do not compile: {error}"));
                continue;
            }
        };
        if let Err(error) = write_rules_test(&crate_dir, &rule_cases) {
            failures.push(format!("{name}: writing tests/rules.rs failed: {error}"));
            continue;
        }
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
        if !rule_cases.is_empty() {
            let test_started = Instant::now();
            let run = scratch::cargo(&crate_dir, &target_dir, RULES_RUN)?;
            if !run.ok {
                failures.push(format!(
                    "{name}: `cargo {}` in {} fails:\n{}\n{}",
                    RULES_RUN.join(" "),
                    crate_dir.display(),
                    run.stdout.trim_end(),
                    run.stderr.trim_end()
                ));
            }
            eprintln!(
                "{name}: {} rule cases run in {:.1?}",
                rule_cases.len(),
                test_started.elapsed()
            );
            case_total += rule_cases.len();
            indexed_total += rule_cases.iter().filter(|c| c.case.path.contains('[')).count();
        }
    }
    eprintln!(
        "{} fixture crates built in {:.1?}, {case_total} rule cases",
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
    assert!(
        indexed_total > 0,
        "no fixture has a rule inside an array item, so no indexed path is checked"
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

/// Spec text is inert in the docs generated from it. The `hostile_docs`
/// fixture's descriptions, names, titles, endpoints, notes, examples and
/// patterns hold code fences (backticks, four backticks, tildes, in a list,
/// in a quote), indented and tab-indented code, raw HTML and links; in its
/// crate, `cargo test --doc` must find no doctest in the generated API (a
/// doctest would run spec-supplied code on every developer's machine), and
/// the pages `cargo doc` renders must show the HTML as text.
#[test]
fn hostile_spec_text_gives_no_doctest_and_no_html() -> TestResult {
    let specs_dir = scratch::workspace().join("tests/fixtures/ok/hostile_docs");
    let root = scratch::workspace().join("target/fixture-crates");
    // Its own folder: the test above builds `hostile_docs` at the same time.
    let crate_dir = root.join("hostile_docs-rustdoc");
    let target_dir = root.join("target-rustdoc");
    scratch::generate_crate(&specs_dir, &crate_dir, Lints::Workspace)?;
    scratch::copy_lockfile(&crate_dir)?;

    let list = scratch::cargo(&crate_dir, &target_dir, &["test", "--doc", "--", "--list"])?;
    assert!(list.ok, "cargo test --doc --list failed:\n{}", list.stderr);
    let from_api: Vec<&str> = list.stdout.lines().filter(|l| l.starts_with("src/api")).collect();
    assert!(from_api.is_empty(), "doctests from generated docs:\n{}", from_api.join("\n"));

    let doc = scratch::cargo(&crate_dir, &target_dir, &["doc", "--no-deps"])?;
    assert!(doc.ok, "cargo doc failed:\n{}", doc.stderr);
    // `api` is re-exported at the crate root; its own pages only redirect there.
    let page = std::fs::read_to_string(
        target_dir.join("doc/cloud_api_types/acme/docs/v20240401/struct.Item.html"),
    )?;
    for raw in ["<script>alert", "<img src=x", "href=\"javascript:"] {
        assert!(!page.contains(raw), "the rendered page holds raw `{raw}`");
    }
    for text in ["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(4)"] {
        assert!(page.contains(text), "the rendered page lacks the text `{text}`");
    }
    Ok(())
}
