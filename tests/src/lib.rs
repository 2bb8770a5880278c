//! Helpers shared by the workspace tests in `tests/tests/`.
//!
//! The crate documentation is the README, so its Rust snippets run as doctests
//! and the README cannot drift from the API.
#![doc = include_str!("../../README.md")]

use std::path::{Path, PathBuf};

use codegen::model::Model;
use libtest_mimic::{Arguments, Trial};

pub mod fuzz;
pub mod loopback;
pub mod rule_cases;
pub mod scratch;
pub mod verify;

/// The workspace's `specs/` folder.
pub fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// The case folders of `tests/fixtures/<kind>` (`ok`, `err`), sorted by name.
pub fn fixture_cases(kind: &str) -> std::io::Result<Vec<(String, PathBuf)>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(kind);
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            cases.push((entry.file_name().to_string_lossy().into_owned(), entry.path()));
        }
    }
    cases.sort();
    Ok(cases)
}

/// Runs the tests `trials` derives from the workspace's specs, one test each;
/// a spec set that does not compile is a single failing test.
pub fn run_spec_trials(trials: fn(&Model) -> Vec<Trial>) -> ! {
    let args = Arguments::from_args();
    let trials = match codegen::compile_dir(&specs_dir()) {
        Ok(model) => trials(&model),
        Err(error) => vec![Trial::test("specs compile", move || Err(error.to_string().into()))],
    };
    libtest_mimic::run(&args, trials).exit()
}

/// Replaces `from` with `to` in the spec text keyed `file`, which must hold it
/// exactly once: an edit that silently misses, or hits twice, is a broken test.
pub fn replace_once(
    specs: &mut std::collections::BTreeMap<String, String>,
    file: &str,
    from: &str,
    to: &str,
) -> Result<(), String> {
    let text = specs.get_mut(file).ok_or_else(|| format!("no {file}"))?;
    match text.matches(from).count() {
        1 => {
            *text = text.replacen(from, to, 1);
            Ok(())
        }
        n => Err(format!("{from:?} occurs {n} times in {file}")),
    }
}

/// The generated crate's registry entry for `action` of `service`, if compiled in.
pub fn registered_operation(
    service: &codegen::model::Service,
    action: &codegen::model::Action,
) -> Option<cloud_api_types::OperationInfo> {
    cloud_api_types::operations().into_iter().find(|op| {
        (op.provider, op.service, op.version, op.action)
            == (&*service.provider, &*service.name, &*service.version, &*action.wire_name)
    })
}
