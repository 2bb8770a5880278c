//! Text: every string of a spec file, whatever key holds it, must be inert
//! once it lands in Rust source (doc comments, string literals) and short
//! enough to be read. The limits are in `crate::limits`.
//!
//! The walk goes over the file's serialized form, so a key added to the spec
//! format later is covered without touching this file.

use serde::Serialize;

use crate::diagnostic::FileReporter;
use crate::limits::{self, EXAMPLE_CHARS, NAME_CHARS, TEXT_CHARS};

/// Keys whose text names something (and becomes an identifier or a code).
const NAME_KEYS: &[&str] = &[
    "use",
    "name",
    "code",
    "provider",
    "service",
    "version",
    "required_if_present",
    "missing",
    "invalid",
];

/// Checks every string of `spec`, a whole provider or service file.
pub(super) fn check_file<T: Serialize>(spec: &T, report: &mut FileReporter<'_>) {
    // Serializing plain spec structs cannot fail; if it ever did, the other
    // checks still run and nothing here would be reported twice.
    let Ok(value) = serde_json::to_value(spec) else {
        return;
    };
    // A stack, not recursion: one-of values are arbitrary JSON.
    let mut pending = vec![(String::new(), "", &value)];
    while let Some((path, key, value)) = pending.pop() {
        match value {
            serde_json::Value::String(text) => {
                characters(text, &path, report);
                length(text, key, &path, report);
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    pending.push((format!("{path}[{i}]"), key, item));
                }
            }
            serde_json::Value::Object(fields) => {
                for (name, field) in fields.iter().rev() {
                    let child =
                        if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                    pending.push((child, name.as_str(), field));
                }
            }
            _ => {}
        }
    }
}

/// No control character but newline and tab, no bidirectional control: see
/// [`limits::is_allowed_char`] for why.
fn characters(text: &str, path: &str, report: &mut FileReporter<'_>) {
    let Some((at, c)) = text.chars().enumerate().find(|(_, c)| !limits::is_allowed_char(*c)) else {
        return;
    };
    let what = if limits::is_bidi_control(c) {
        "a bidirectional-control character"
    } else if c.is_control() {
        "a control character"
    } else {
        "a line or paragraph separator"
    };
    report.error(
        path,
        format!("text has {what}, U+{:04X}, at character {}", u32::from(c), at + 1),
        "remove it: text may hold no control character but newline and tab, no line or \
         paragraph separator and none that changes the direction of text (specs/README.md, Limits)",
    );
}

/// Names, example bodies and other text each have their limit.
fn length(text: &str, key: &str, path: &str, report: &mut FileReporter<'_>) {
    let (limit, what) = if NAME_KEYS.contains(&key) {
        (NAME_CHARS, "a name")
    } else if (key == "request" || key == "response") && path.contains("examples[") {
        (EXAMPLE_CHARS, "an example body")
    } else {
        (TEXT_CHARS, "text")
    };
    let chars = text.chars().count();
    if chars > limit {
        report.error(
            path,
            format!("{what} of {chars} characters is longer than the limit of {limit}"),
            "shorten it; specs/README.md (Limits) gives the limit of each kind of text",
        );
    }
}
