//! The generated-code side of a spec change: a unified diff per generated file.

use std::collections::BTreeSet;

use similar::TextDiff;

use crate::emit::emit;
use crate::files::{features_block, render};
use crate::model::Model;

/// Unified diffs of every generated file that differs between the two models.
pub fn code_diff(base: &Model, head: &Model) -> String {
    // The Cargo.toml feature table is generated too; it shows as its own file.
    let files = |model: &Model| -> Vec<(String, String)> {
        let emitted = emit(model);
        let mut files: Vec<(String, String)> =
            emitted.files.iter().map(|f| (f.path.clone(), render(f))).collect();
        files.push(("Cargo.toml [features]".to_owned(), features_block(&emitted.features)));
        files
    };
    let (old, new) = (files(base), files(head));
    let paths: BTreeSet<&String> = old.iter().chain(&new).map(|(path, _)| path).collect();
    let mut out = String::new();
    for path in paths {
        let (before, after) = (contents(&old, path), contents(&new, path));
        if before == after {
            continue;
        }
        let diff = TextDiff::from_lines(before, after);
        let (a, b) = (format!("a/{path}"), format!("b/{path}"));
        out.push_str(&diff.unified_diff().context_radius(3).header(&a, &b).to_string());
    }
    out
}

fn contents<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files.iter().find(|(p, _)| p == path).map_or("", |(_, text)| text.as_str())
}
