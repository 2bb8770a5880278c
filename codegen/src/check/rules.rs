//! Rules must be well-formed and fit the field they sit on.

use std::collections::BTreeSet;

use crate::diagnostic::FileReporter;
use crate::spec::{Bounds, FieldSpec, RuleCheck, RuleSpec, TypeExpr};

/// Checks every rule of `field` (whose parsed type is `ty`); `siblings` are the
/// fields of the same object, for conditional requirements.
pub(super) fn check(
    field: &FieldSpec,
    ty: &TypeExpr,
    path: &str,
    siblings: &[FieldSpec],
    report: &mut FileReporter<'_>,
) {
    for (i, rule) in field.rules.iter().enumerate() {
        let rule_path = format!("{path}.rules[{i}]");
        match rule.checks().as_slice() {
            [] => report.error(
                &rule_path,
                "rule names no check",
                format!("give it exactly one of: {}", RuleCheck::KEYS),
            ),
            [check] => check_one(*check, rule, ty, field, &rule_path, siblings, report),
            several => {
                let keys: Vec<&str> = several.iter().map(RuleCheck::key).collect();
                report.error(
                    &rule_path,
                    format!("rule sets several checks ({})", keys.join(", ")),
                    "split it into one rule per check",
                );
            }
        }
    }
}

/// Every rule's explicit `code` must be a documented error code of `action`.
pub(super) fn check_codes(
    field: &FieldSpec,
    path: &str,
    documented: &BTreeSet<&str>,
    action: &str,
    report: &mut FileReporter<'_>,
) {
    for (i, rule) in field.rules.iter().enumerate() {
        if let Some(code) = &rule.code
            && !documented.contains(code.as_str())
        {
            report.error(
                &format!("{path}.rules[{i}].code"),
                format!("rule answers with `{code}`, which action `{action}` does not document"),
                format!("add the code to `{action}`'s `errors` (or the provider's `common_errors`), or fix its spelling"),
            );
        }
    }
}

fn check_one(
    check: RuleCheck<'_>,
    rule: &RuleSpec,
    ty: &TypeExpr,
    field: &FieldSpec,
    path: &str,
    siblings: &[FieldSpec],
    report: &mut FileReporter<'_>,
) {
    let mut wrong_type = |kind: &str, expected: &str| {
        let hint = match (kind, ty) {
            ("length", TypeExpr::Array(_)) => {
                format!("`{kind}` applies to {expected} fields; use `items` to limit an array")
            }
            _ => format!("`{kind}` applies to {expected} fields"),
        };
        report.error(
            &format!("{path}.{kind}"),
            format!("`{kind}` does not apply to a field of type `{}`", field.ty),
            hint,
        );
    };
    match check {
        RuleCheck::Length(bounds) => {
            if *ty == TypeExpr::String {
                check_bounds(widen(bounds), &format!("{path}.length"), report);
            } else {
                wrong_type("length", "`string`");
            }
        }
        RuleCheck::Items(bounds) => {
            if matches!(ty, TypeExpr::Array(_)) {
                check_bounds(widen(bounds), &format!("{path}.items"), report);
            } else {
                wrong_type("items", "`array<T>`");
            }
        }
        RuleCheck::Pattern(pattern) => {
            if *ty != TypeExpr::String {
                wrong_type("pattern", "`string`");
            } else if let Err(error) = regex::Regex::new(pattern) {
                report.error(
                &format!("{path}.pattern"),
                format!("invalid regular expression: {}", regex_error(&error)),
                "use Rust `regex` syntax (no look-around or backreferences) and keep counted repetitions small",
            );
            }
            if rule.explain.as_deref().is_none_or(str::is_empty) {
                report.error(path, "a `pattern` rule needs an `explain`", "say in words what the pattern requires, e.g. `explain: 6 to 15 digits`; violations show it");
            }
        }
        RuleCheck::OneOf(values) => {
            if matches!(ty, TypeExpr::String | TypeExpr::Integer | TypeExpr::Boolean) {
                check_one_of(values, ty, field, path, report);
            } else {
                wrong_type("one_of", "`string`, `integer` or `boolean`");
            }
        }
        RuleCheck::Range(range) => {
            if *ty != TypeExpr::Integer {
                wrong_type("range", "`integer`");
            } else {
                let bounds = |v: Option<i64>| v.map(i128::from);
                check_bounds(
                    (bounds(range.min), bounds(range.max)),
                    &format!("{path}.range"),
                    report,
                );
            }
        }
        RuleCheck::RequiredIfPresent(other) => {
            check_required_if_present(other, field, path, siblings, report)
        }
    }
}

fn widen(bounds: Bounds) -> (Option<i128>, Option<i128>) {
    (bounds.min.map(i128::from), bounds.max.map(i128::from))
}

fn check_bounds(bounds: (Option<i128>, Option<i128>), path: &str, report: &mut FileReporter<'_>) {
    match bounds {
        (None, None) => {
            report.error(path, "bounds set neither `min` nor `max`", "set `min`, `max` or both")
        }
        (Some(min), Some(max)) if min > max => report.error(
            path,
            format!("minimum {min} exceeds maximum {max}"),
            "swap `min` and `max`",
        ),
        _ => {}
    }
}

fn check_one_of(
    values: &[serde_json::Value],
    ty: &TypeExpr,
    field: &FieldSpec,
    path: &str,
    report: &mut FileReporter<'_>,
) {
    let path = format!("{path}.one_of");
    if values.is_empty() {
        report.error(&path, "`one_of` lists no value", "list the allowed values");
    }
    let fits = |value: &serde_json::Value| match ty {
        TypeExpr::String => value.is_string(),
        TypeExpr::Integer => value.is_i64(),
        TypeExpr::Boolean => value.is_boolean(),
        _ => false,
    };
    for (i, value) in values.iter().enumerate() {
        if !fits(value) {
            report.error(
                &format!("{path}[{i}]"),
                format!("allowed value {value} is not of type `{}`", field.ty),
                "write each allowed value as the field's type (quote strings, leave integers bare)",
            );
        }
    }
}

fn check_required_if_present(
    other: &str,
    field: &FieldSpec,
    path: &str,
    siblings: &[FieldSpec],
    report: &mut FileReporter<'_>,
) {
    let rule_path = format!("{path}.required_if_present");
    if field.required {
        report.error(
            &rule_path,
            "a required field cannot be conditionally required",
            "drop `required: true` or the rule",
        );
    }
    match siblings.iter().find(|s| s.name == other) {
        None => {
            let names: Vec<&str> = siblings.iter().map(|s| s.name.as_str()).collect();
            report.error(
                &rule_path,
                format!("no sibling field `{other}`"),
                format!("expected one of: {}", names.join(", ")),
            );
        }
        Some(sibling) if sibling.name == field.name => {
            report.error(
                &rule_path,
                "a field cannot require itself",
                "name the field whose presence makes this one required",
            );
        }
        Some(_) => {}
    }
}

/// The regex crate's message without its source excerpt and `error:` prefix.
/// (Compiling, not just parsing: a pattern too large to compile would
/// otherwise fail in the generated validator.)
fn regex_error(error: &regex::Error) -> String {
    let text = error.to_string();
    let last = text.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(&text).trim();
    last.strip_prefix("error: ").unwrap_or(last).to_owned()
}
