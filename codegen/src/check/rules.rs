//! Rules must be well-formed and fit the field they sit on; rule sets must be
//! well-formed where they are declared and fit every field that uses them.
//!
//! A rule's form (one check, sound bounds, a regex with its `explain`) is
//! checked once where it is written; its fit (the field's type, siblings) at
//! each field it applies to.

use std::collections::BTreeSet;

use super::names::UniqueNames;
use crate::diagnostic::{FileReporter, Reads};
use crate::spec::{Bounds, FieldSpec, RuleCheck, RuleSetSpec, RuleSpec, TypeExpr};

/// Checks every rule of `field` (whose parsed type is `ty`); `siblings` are the
/// fields of the same object, for conditional requirements; `sets` are the
/// service's rule sets, which `use:` entries name.
pub(super) fn check(
    field: &FieldSpec,
    ty: &TypeExpr,
    path: &str,
    siblings: &[FieldSpec],
    sets: &[RuleSetSpec],
    report: &mut FileReporter<'_>,
) {
    let siblings_path = path.rsplit_once('[').map_or(path, |(list, _)| list);
    for (i, rule) in field.rules.iter().enumerate() {
        let rule_path = format!("{path}.rules[{i}]");
        let target = Target { ty, field, siblings, siblings_path };
        match &rule.use_set {
            Some(name) => check_use(name, rule, &target, &rule_path, sets, report),
            None => {
                if let Some(check) = check_form(rule, &rule_path, report) {
                    check_fit(check, &target, &Site::Inline(&rule_path), report);
                }
            }
        }
    }
}

/// Checks the service's rule sets on their own: names, each rule's form, keys
/// a set member may not carry, and that every set is used (an unused set is a
/// rule nobody checks, most likely a misspelt `use:`).
pub(super) fn check_sets(
    sets: &[RuleSetSpec],
    used: &BTreeSet<&str>,
    report: &mut FileReporter<'_>,
) {
    let mut names = UniqueNames::default();
    for (i, set) in sets.iter().enumerate() {
        let path = format!("rule_sets[{i}]");
        let word = set_name(&set.name, &format!("{path}.name"), report);
        names.claim(
            &set.name,
            &format!("rule set `{}`", set.name),
            &format!("{path}.name"),
            report,
        );
        if set.rules.is_empty() {
            report.error(
                &format!("{path}.rules"),
                "rule set has no rules",
                "list the rules it stands for, or remove the set",
            );
        }
        for (j, rule) in set.rules.iter().enumerate() {
            let rule_path = format!("{path}.rules[{j}]");
            set_member_keys(rule, &set.name, &rule_path, report);
            // A nested `use` is reported just above; "names no check" would only repeat it.
            if rule.use_set.is_none() {
                check_form(rule, &rule_path, report);
            }
        }
        if !used.contains(set.name.as_str()) {
            // `- use: <name>` is only suggested with a name `use:` can take.
            let help = if word {
                format!("use it from a field's rules (`- use: {}`), or remove it", set.name)
            } else {
                "give it a name of letters, digits and `_`, then use it from a field's rules \
                 (`- use: <name>`), or remove it"
                    .to_owned()
            };
            report.error_reading(
                &format!("{path}.name"),
                &[Reads::Path("types"), Reads::Path("actions")],
                format!("rule set `{}` is not used by any field", set.name),
                help,
            );
        }
    }
}

/// A set's name is only ever written in `use:`, never generated: letters,
/// digits and `_`, so it reads as one word in a spec and in messages.
/// Returns whether it is such a word.
fn set_name(name: &str, path: &str, report: &mut FileReporter<'_>) -> bool {
    let word = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !word {
        report.error(
            path,
            format!("rule set name `{name}` is not a word of letters, digits and `_`"),
            "name it after what the rules say, e.g. `PasswordPolicy`",
        );
    }
    word
}

/// A set says its code, basis and advisory flag once, for all its rules, and
/// sets do not nest (so expanding a `use:` can never loop).
fn set_member_keys(rule: &RuleSpec, set: &str, path: &str, report: &mut FileReporter<'_>) {
    let keys = [
        ("use", rule.use_set.is_some()),
        ("code", rule.code.is_some()),
        ("basis", rule.basis.is_some()),
        ("advisory", rule.advisory),
    ];
    for (key, set_here) in keys {
        if !set_here {
            continue;
        }
        let help = if key == "use" {
            "rule sets do not nest: list the other set's rules here, or `use` both sets on the field".to_owned()
        } else {
            format!(
                "set `{key}` on the rule set `{set}`, once for all its rules (a rule with another {key} belongs in another set or on the field)"
            )
        };
        report.error(
            &format!("{path}.{key}"),
            format!("a rule inside a rule set cannot set `{key}`"),
            help,
        );
    }
}

/// A `use:` entry names a declared set, stands alone, and every rule of the
/// set fits the field.
fn check_use(
    name: &str,
    rule: &RuleSpec,
    target: &Target<'_>,
    path: &str,
    sets: &[RuleSetSpec],
    report: &mut FileReporter<'_>,
) {
    let mut extra: Vec<&str> = rule.checks().iter().map(RuleCheck::key).collect();
    for (key, set_here) in [
        ("explain", rule.explain.is_some()),
        ("code", rule.code.is_some()),
        ("basis", rule.basis.is_some()),
        ("advisory", rule.advisory),
    ] {
        if set_here {
            extra.push(key);
        }
    }
    if !extra.is_empty() {
        report.error(
            path,
            format!("a `use` entry cannot also set {}", backticked(&extra)),
            format!(
                "give `{name}`'s shared keys on the rule set, and other checks as their own rules"
            ),
        );
    }
    let Some(set) = sets.iter().find(|s| s.name == name) else {
        let mut declared: Vec<&str> = Vec::new();
        for set in sets {
            if !declared.contains(&set.name.as_str()) {
                declared.push(&set.name);
            }
        }
        let help = if declared.is_empty() {
            format!("declare `{name}` under `rule_sets:` (no rule set is declared in this file)")
        } else {
            format!("expected one of: {}", declared.join(", "))
        };
        report.error_reading(
            &format!("{path}.use"),
            &[Reads::Path("rule_sets")],
            format!("unknown rule set `{name}`"),
            help,
        );
        return;
    };
    for member in &set.rules {
        // A member with no single check is reported at the set.
        if let Some(check) = single_check(member) {
            check_fit(check, target, &Site::Set { path, name }, report);
        }
    }
}

fn backticked(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

fn single_check(rule: &RuleSpec) -> Option<RuleCheck<'_>> {
    match rule.checks().as_slice() {
        [check] => Some(*check),
        _ => None,
    }
}

/// Every explicit `code` of a field's rules (and of the sets it uses) must be
/// a documented error code of `action`, whose error rows `documented` holds
/// (read from what `errors` names).
pub(super) fn check_codes(
    field: &FieldSpec,
    path: &str,
    (documented, errors): (&BTreeSet<&str>, &[Reads<'_>]),
    action: &str,
    sets: &[RuleSetSpec],
    report: &mut FileReporter<'_>,
) {
    for (i, rule) in field.rules.iter().enumerate() {
        let set = rule.use_set.as_ref().and_then(|name| sets.iter().find(|s| &s.name == name));
        let (code, at, whose) = match (set, &rule.code) {
            (Some(set), _) => (&set.code, "use", format!("rule set `{}`", set.name)),
            (None, code) => (code, "code", "rule".to_owned()),
        };
        if let Some(code) = code
            && !documented.contains(code.as_str())
        {
            report.error_reading(
                &format!("{path}.rules[{i}].{at}"),
                errors,
                format!("{whose} answers with `{code}`, which action `{action}` does not document"),
                format!("add the code to `{action}`'s `errors` (or the provider's `common_errors`), or fix its spelling"),
            );
        }
    }
}

/// The field a rule applies to.
struct Target<'a> {
    ty: &'a TypeExpr,
    field: &'a FieldSpec,
    siblings: &'a [FieldSpec],
    /// Where the siblings are listed (`actions[0].request`).
    siblings_path: &'a str,
}

/// Where a rule sits: written on the field (problems point at its keys), or
/// brought by a `use:` entry (problems point at the entry and name the set).
enum Site<'a> {
    Inline(&'a str),
    Set { path: &'a str, name: &'a str },
}

impl Site<'_> {
    /// The YAML path of the rule's `key`.
    fn at(&self, key: &str) -> String {
        match self {
            Self::Inline(path) => format!("{path}.{key}"),
            Self::Set { path, .. } => format!("{path}.use"),
        }
    }

    /// How a message names the rule's check.
    fn check(&self, key: &str) -> String {
        match self {
            Self::Inline(_) => format!("`{key}`"),
            Self::Set { name, .. } => format!("rule set `{name}`'s `{key}`"),
        }
    }
}

/// The type-independent part of a rule: exactly one check, sound bounds, a
/// compiling regex with its `explain`, a non-empty `one_of`. Returns the check.
fn check_form<'r>(
    rule: &'r RuleSpec,
    path: &str,
    report: &mut FileReporter<'_>,
) -> Option<RuleCheck<'r>> {
    let check = match rule.checks().as_slice() {
        [] => {
            report.error(
                path,
                "rule names no check",
                format!("give it exactly one of: {}", RuleCheck::KEYS),
            );
            return None;
        }
        [check] => *check,
        several => {
            let keys: Vec<&str> = several.iter().map(RuleCheck::key).collect();
            report.error(
                path,
                format!("rule sets several checks ({})", keys.join(", ")),
                "split it into one rule per check",
            );
            return None;
        }
    };
    match check {
        RuleCheck::Length(bounds) => check_bounds(widen(bounds), &format!("{path}.length"), report),
        RuleCheck::Items(bounds) => check_bounds(widen(bounds), &format!("{path}.items"), report),
        RuleCheck::Range(range) => {
            let bounds = |v: Option<i64>| v.map(i128::from);
            check_bounds((bounds(range.min), bounds(range.max)), &format!("{path}.range"), report);
        }
        RuleCheck::Pattern(pattern) => check_pattern(pattern, rule, path, report),
        RuleCheck::OneOf(values) => {
            if values.is_empty() {
                report.error(
                    &format!("{path}.one_of"),
                    "`one_of` lists no value",
                    "list the allowed values",
                );
            }
        }
        RuleCheck::RequiredIfPresent(_) => {}
    }
    Some(check)
}

fn check_pattern(pattern: &str, rule: &RuleSpec, path: &str, report: &mut FileReporter<'_>) {
    if let Err(error) = regex::Regex::new(pattern) {
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

/// The field-dependent part of a rule: its check applies to the field's type,
/// its allowed values are of that type, its sibling exists.
fn check_fit(
    check: RuleCheck<'_>,
    target: &Target<'_>,
    site: &Site<'_>,
    report: &mut FileReporter<'_>,
) {
    if !applies_to(check, target.ty) {
        wrong_type(check.key(), target, site, report);
        return;
    }
    match check {
        RuleCheck::OneOf(values) => check_one_of(values, target, site, report),
        RuleCheck::RequiredIfPresent(other) => {
            check_required_if_present(other, target, site, report)
        }
        _ => {}
    }
}

/// Whether `check` applies to a field of type `ty`.
fn applies_to(check: RuleCheck<'_>, ty: &TypeExpr) -> bool {
    match check {
        RuleCheck::Length(_) | RuleCheck::Pattern(_) => *ty == TypeExpr::String,
        RuleCheck::Items(_) => matches!(ty, TypeExpr::Array(_)),
        RuleCheck::Range(_) => *ty == TypeExpr::Integer,
        RuleCheck::OneOf(_) => {
            matches!(ty, TypeExpr::String | TypeExpr::Integer | TypeExpr::Boolean)
        }
        RuleCheck::RequiredIfPresent(_) => true,
    }
}

/// Whether an allowed value is written as the field's type.
fn value_fits(value: &serde_json::Value, ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::String => value.is_string(),
        TypeExpr::Integer => value.is_i64(),
        TypeExpr::Boolean => value.is_boolean(),
        _ => false,
    }
}

/// Whether bounds hold anything: one of them set, the minimum not above the maximum.
fn sound(bounds: (Option<i128>, Option<i128>)) -> bool {
    match bounds {
        (None, None) => false,
        (Some(min), Some(max)) => min <= max,
        _ => true,
    }
}

/// Whether a rule can be evaluated on a value of `field` (of type `ty`, `None`
/// when it did not resolve, among `siblings`): it passes the checks above that its result depends on (one
/// check, sound bounds, a regex that compiles, a type it applies to, allowed
/// values of that type, another sibling that exists). The example checker
/// evaluates only those, so a rule reported here adds no second error there.
pub(super) fn evaluable(
    rule: &RuleSpec,
    ty: Option<&TypeExpr>,
    (field, siblings): (&FieldSpec, &[FieldSpec]),
) -> bool {
    let [check] = rule.checks()[..] else { return false };
    if let RuleCheck::RequiredIfPresent(other) = check {
        return other != field.name && siblings.iter().any(|s| s.name == other);
    }
    let Some(ty) = ty.filter(|ty| applies_to(check, ty)) else { return false };
    match check {
        RuleCheck::Length(bounds) | RuleCheck::Items(bounds) => sound(widen(bounds)),
        RuleCheck::Range(range) => sound((range.min.map(i128::from), range.max.map(i128::from))),
        RuleCheck::Pattern(pattern) => regex::Regex::new(pattern).is_ok(),
        RuleCheck::OneOf(values) => {
            !values.is_empty() && values.iter().all(|value| value_fits(value, ty))
        }
        RuleCheck::RequiredIfPresent(_) => true,
    }
}

fn wrong_type(key: &str, target: &Target<'_>, site: &Site<'_>, report: &mut FileReporter<'_>) {
    let expected = match key {
        "length" | "pattern" => "`string`",
        "items" => "`array<T>`",
        "range" => "`integer`",
        _ => "`string`, `integer` or `boolean`",
    };
    let hint = match (key, target.ty) {
        ("length", TypeExpr::Array(_)) => {
            format!("`{key}` applies to {expected} fields; use `items` to limit an array")
        }
        _ => format!("`{key}` applies to {expected} fields"),
    };
    let hint = match site {
        Site::Inline(_) => hint,
        Site::Set { name, .. } => format!(
            "{hint}: use `{name}` only on fields its rules fit, or write this field's rules out"
        ),
    };
    report.error(
        &site.at(key),
        format!("{} does not apply to a field of type `{}`", site.check(key), target.field.ty),
        hint,
    );
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
    target: &Target<'_>,
    site: &Site<'_>,
    report: &mut FileReporter<'_>,
) {
    let path = site.at("one_of");
    for (i, value) in values.iter().enumerate() {
        if !value_fits(value, target.ty) {
            let (at, what) = match site {
                Site::Inline(_) => (format!("{path}[{i}]"), "allowed value".to_owned()),
                Site::Set { name, .. } => {
                    (path.clone(), format!("rule set `{name}`'s allowed value"))
                }
            };
            report.error(
                &at,
                format!("{what} {value} is not of type `{}`", target.field.ty),
                "write each allowed value as the field's type (quote strings, leave integers bare)",
            );
        }
    }
}

fn check_required_if_present(
    other: &str,
    target: &Target<'_>,
    site: &Site<'_>,
    report: &mut FileReporter<'_>,
) {
    let (field, siblings) = (target.field, target.siblings);
    let rule_path = site.at("required_if_present");
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
            report.error_reading(
                &rule_path,
                &[Reads::Path(target.siblings_path)],
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
