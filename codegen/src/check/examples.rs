//! The doc's examples must fit the spec's own types and rules, unless the spec
//! records the divergence (`normalizations`, `expected_violations`).
//!
//! This is an interpreter of the spec over JSON values, independent of the
//! generated code; what each rule allows is not its own but the runtime's
//! (`cloud_api_runtime::rules`, which the generated validators call too). The
//! golden tests check that the generated validators agree with it.

use cloud_api_runtime::rules;
use serde_json::Value;

use super::Table;
use super::rules::evaluable;
use crate::diagnostic::{FileReporter, Reads};
use crate::resolve::{ActionEntry, FieldType, TypeError};
use crate::spec::{
    self, ActionSpec, Bounds, ErrorSpec, FieldSpec, Normalization, ProviderSpec, RuleCheck,
    RuleSetSpec, RuleSpec, TypeExpr, TypeSpec,
};

/// A list of fields beside their resolved types (parallel).
type Fields<'a> = (&'a [FieldSpec], &'a [Result<FieldType, TypeError>]);

struct Walk<'a> {
    /// The service's declared types, and their resolved field types.
    types: &'a [TypeSpec],
    table: &'a Table,
    sets: &'a [RuleSetSpec],
    provider: &'a ProviderSpec,
    /// The error rows a rule's code may name: the action's, then the provider's.
    errors: &'a [&'a ErrorSpec],
    integers_as_strings: bool,
    /// Places where the payload does not fit the declared shape.
    misfits: Vec<String>,
    /// Rule violations, in the order found.
    violations: Vec<Violation>,
    /// Rules that applied but could not be evaluated (a regex that does not
    /// compile, a `use:` of no set…), each reported where it is written: at
    /// which wire path, answering with which code (`None`: unknown). Any of
    /// them may be broken, so a violation the spec expects there is not missing.
    unevaluated: Vec<(String, Option<String>)>,
}

/// A rule a payload breaks: where, with which code, and which rule from
/// which source, so an unexpected violation can be traced to the doc.
struct Violation {
    path: String,
    code: String,
    /// The rule in words (`pattern` (contains a digit)).
    rule: String,
    /// The rule's resolved basis; `None` when the field's description states it.
    basis: Option<String>,
}

pub(super) fn check(
    action: &ActionSpec,
    entry: &ActionEntry<Result<FieldType, TypeError>>,
    path: &str,
    (types, table): (&[TypeSpec], &Table),
    sets: &[RuleSetSpec],
    provider: &ProviderSpec,
    report: &mut FileReporter<'_>,
) {
    let errors: Vec<&ErrorSpec> = action.errors.iter().chain(&provider.common_errors).collect();
    let (request_fields, response_fields) = (format!("{path}.request"), format!("{path}.response"));
    for (i, example) in action.examples.iter().enumerate() {
        let example_path = format!("{path}.examples[{i}]");
        // An example is judged against all of these: where the loader left
        // part of one out, a misfit or a violation could be the gap's doing.
        let reads = [
            Reads::Path(&example_path),
            Reads::Path(&request_fields),
            Reads::Path(&response_fields),
            Reads::Path("types"),
            Reads::Path("rule_sets"),
            Reads::Provider,
        ];
        let integers_as_strings =
            example.normalizations.contains(&Normalization::IntegersAsStrings);
        let new_walk = || Walk {
            types,
            table,
            sets,
            provider,
            errors: &errors,
            integers_as_strings,
            misfits: Vec::new(),
            violations: Vec::new(),
            unevaluated: Vec::new(),
        };

        if let Some(text) = &example.request {
            let request_path = format!("{example_path}.request");
            if let Some(body) = parse_json(text, &request_path, report) {
                let mut walk = new_walk();
                walk.object((&action.request, &entry.request), &body, "");
                report_misfits(&walk, "request", (&request_path, &reads), report);
                let mut expected: Vec<(String, String)> = example
                    .expected_violations
                    .iter()
                    .map(|v| (v.path.clone(), v.code.clone()))
                    .collect();
                expected.sort();
                let mut produced: Vec<(String, String)> =
                    walk.violations.iter().map(|v| (v.path.clone(), v.code.clone())).collect();
                produced.sort();
                if !agrees(&produced, &expected, walk.unevaluated.clone()) {
                    report.error_reading(
                        &format!("{example_path}.expected_violations"),
                        &reads,
                        format!(
                            "the example request produces {} but the spec expects {}",
                            list(&produced),
                            list(&expected)
                        ),
                        format!(
                            "{}fix the rule, or record the doc's divergence in `expected_violations` with a note",
                            unexpected(&walk.violations, &expected)
                        ),
                    );
                }
            }
        } else if !example.expected_violations.is_empty() {
            report.error_reading(
                &format!("{example_path}.expected_violations"),
                &reads,
                "violations expected of an example without a request",
                "remove them or add the request",
            );
        }

        if let Some(text) = &example.response {
            let response_path = format!("{example_path}.response");
            if let Some(body) = parse_json(text, &response_path, report) {
                let envelope = &provider.envelope;
                let inner = match &envelope.wrapper {
                    Some(key) => body.get(key),
                    None => Some(&body),
                };
                let Some(inner) = inner else {
                    report.error_reading(
                        &response_path,
                        &reads,
                        format!(
                            "response body is not wrapped in `{}`",
                            envelope.wrapper.as_deref().unwrap_or_default()
                        ),
                        "paste the full response body, envelope included",
                    );
                    continue;
                };
                let mut walk = new_walk();
                walk.object((&action.response, &entry.response), inner, "");
                report_misfits(&walk, "response", (&response_path, &reads), report);
            }
        }
    }
}

/// Whether the violations an example produced agree with those the spec
/// expects: none unexpected, and each expected one produced or possibly the
/// violation of a rule that could not be evaluated at its path (one each).
fn agrees(
    produced: &[(String, String)],
    expected: &[(String, String)],
    mut unevaluated: Vec<(String, Option<String>)>,
) -> bool {
    let mut missing = expected.to_vec();
    for violation in produced {
        match missing.iter().position(|e| e == violation) {
            Some(at) => {
                missing.remove(at);
            }
            None => return false,
        }
    }
    // Rules of a known code first, so one of unknown code (a `use:` of no
    // set) is left for a violation no other rule could give.
    for known in [true, false] {
        missing.retain(|(path, code)| {
            let possible = unevaluated
                .iter()
                .position(|(at, could)| at == path && could.as_ref().map_or(!known, |c| c == code));
            possible.map(|at| unevaluated.remove(at)).is_none()
        });
    }
    missing.is_empty()
}

fn parse_json(text: &str, path: &str, report: &mut FileReporter<'_>) -> Option<Value> {
    match serde_json::from_str(text) {
        Ok(value) => Some(value),
        Err(error) => {
            report.error(
                path,
                format!("example is not valid JSON: {error} of the JSON text"),
                "paste the doc's example verbatim; if the doc's JSON itself is broken, record that in a note",
            );
            None
        }
    }
}

fn report_misfits(
    walk: &Walk<'_>,
    what: &str,
    (path, reads): (&str, &[Reads<'_>]),
    report: &mut FileReporter<'_>,
) {
    for misfit in &walk.misfits {
        report.error_reading(
            path,
            reads,
            format!("example {what} does not fit the spec: {misfit}"),
            "fix the spec's field, or record the doc's divergence (a note and, where the spec supports one, a normalization)",
        );
    }
}

/// Each violation beyond those expected, with the rule it breaks and the
/// rule's basis, so the author can check the rule against its source.
fn unexpected(produced: &[Violation], expected: &[(String, String)]) -> String {
    let mut unmatched = expected.to_vec();
    let mut out = String::new();
    for violation in produced {
        let key = (violation.path.clone(), violation.code.clone());
        if let Some(at) = unmatched.iter().position(|e| *e == key) {
            unmatched.remove(at);
            continue;
        }
        let basis = match &violation.basis {
            Some(basis) => format!("basis: `{basis}`"),
            None => "basis: the field's description".to_owned(),
        };
        out.push_str(&format!("`{}` breaks {} ({basis}); ", violation.path, violation.rule));
    }
    out
}

/// A rule in words, as a diagnostic names it.
fn describe(check: RuleCheck<'_>, rule: &RuleSpec) -> String {
    let bounds = |b: Bounds| match (b.min, b.max) {
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "any".to_owned(),
    };
    match check {
        RuleCheck::Length(b) => format!("`length` ({})", bounds(b)),
        RuleCheck::Items(b) => format!("`items` ({})", bounds(b)),
        RuleCheck::Pattern(_) => {
            format!("`pattern` ({})", rule.explain.as_deref().unwrap_or_default())
        }
        RuleCheck::OneOf(_) => "`one_of`".to_owned(),
        RuleCheck::Range(_) => "`range`".to_owned(),
        RuleCheck::RequiredIfPresent(other) => format!("`required_if_present: {other}`"),
    }
}

fn list(items: &[(String, String)]) -> String {
    if items.is_empty() {
        return "no violations".into();
    }
    let listed: Vec<String> =
        items.iter().map(|(path, code)| format!("`{path}` ({code})")).collect();
    format!("violations {}", listed.join(", "))
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

impl Walk<'_> {
    fn object(&mut self, (fields, resolved): Fields<'_>, value: &Value, at: &str) {
        let Some(object) = value.as_object() else {
            self.misfits.push(format!("`{}` should be an object, found {value}", display_root(at)));
            return;
        };
        for key in object.keys() {
            if !fields.iter().any(|f| &f.name == key) {
                self.misfits.push(format!("`{}` is not a declared field", join(at, key)));
            }
        }
        for (field, ty) in fields.iter().zip(resolved) {
            let path = join(at, &field.name);
            let expr = ty.as_ref().ok().map(|ty| &ty.expr);
            // Expansion drops a `use:` of no set: its rules are unknown.
            for rule in &field.rules {
                let set =
                    rule.use_set.as_ref().map(|name| self.sets.iter().any(|s| &s.name == name));
                if set == Some(false) {
                    self.unevaluated.push((path.clone(), None));
                }
            }
            match object.get(&field.name) {
                None if field.required => {
                    self.misfits.push(format!("required field `{path}` is missing"))
                }
                Some(Value::Null) if field.required && !field.nullable => {
                    self.misfits.push(format!("`{path}` is null but not `nullable`"));
                }
                None | Some(Value::Null) => {}
                Some(value) => {
                    // A type that did not resolve is reported where it is declared.
                    if let Ok(ty) = ty {
                        self.value(&ty.expr, value, &path);
                    }
                    self.rules(field, expr, value, &path);
                }
            }
            for rule in spec::expand_rules(&field.rules, self.sets) {
                if let Some(check @ RuleCheck::RequiredIfPresent(other)) = rule.check() {
                    if !evaluable(&rule, expr, (field, fields)) {
                        self.unevaluated.push((path.clone(), Some(self.code(&rule, true))));
                        continue;
                    }
                    let present = |name: &str| object.get(name).is_some_and(|v| !v.is_null());
                    if !rules::required_if_present_ok(present(&field.name), present(other)) {
                        self.violation(&path, check, &rule, true);
                    }
                }
            }
        }
    }

    fn value(&mut self, ty: &TypeExpr, value: &Value, at: &str) {
        let fits = match ty {
            TypeExpr::String => value.is_string(),
            TypeExpr::Integer => {
                value.is_i64()
                    || (self.integers_as_strings
                        && value.as_str().is_some_and(|s| s.parse::<i64>().is_ok()))
            }
            TypeExpr::Boolean => value.is_boolean(),
            TypeExpr::Json => true,
            TypeExpr::Named(name) => {
                let index = self.table.type_index(name);
                let declared = index.and_then(|i| self.types.get(i).zip(self.table.types.get(i)));
                if let Some((spec, entry)) = declared {
                    self.object((&spec.fields, &entry.fields), value, at);
                }
                true
            }
            TypeExpr::Array(item) => match value.as_array() {
                Some(items) => {
                    for (i, element) in items.iter().enumerate() {
                        self.value(item, element, &format!("{at}[{i}]"));
                    }
                    true
                }
                None => false,
            },
        };
        if !fits {
            let hint = if matches!(ty, TypeExpr::Integer) && value.is_string() {
                " (an integer sent as a string needs `normalizations: [integers_as_strings]`)"
            } else {
                ""
            };
            self.misfits.push(format!("`{at}` should be `{ty}`, found {value}{hint}"));
        }
    }

    fn rules(&mut self, field: &FieldSpec, ty: Option<&TypeExpr>, value: &Value, at: &str) {
        for rule in spec::expand_rules(&field.rules, self.sets) {
            let Some(check) = rule.check() else { continue };
            // Presence rules are checked on the object.
            if let RuleCheck::RequiredIfPresent(_) = check {
                continue;
            }
            if !evaluable(&rule, ty, (field, &[])) {
                self.unevaluated.push((at.to_owned(), Some(self.code(&rule, false))));
                continue;
            }
            // Which values a rule applies to is the field type's business (an
            // integer may come as a string); what the rule allows is the runtime's.
            let broken = match check {
                RuleCheck::Length(bounds) => {
                    value.as_str().is_some_and(|s| !rules::length_ok(s, (bounds.min, bounds.max)))
                }
                RuleCheck::Items(bounds) => value
                    .as_array()
                    .is_some_and(|a| !rules::items_ok(a.len(), (bounds.min, bounds.max))),
                RuleCheck::Pattern(pattern) => match (regex::Regex::new(pattern), value.as_str()) {
                    (Ok(regex), Some(text)) => !rules::matches_pattern(&regex, text),
                    _ => false,
                },
                RuleCheck::OneOf(allowed) => {
                    let allowed: Vec<_> = allowed.iter().filter_map(rules::wire_text).collect();
                    let allowed: Vec<&str> = allowed.iter().map(|a| a.as_ref()).collect();
                    rules::wire_text(value).is_none_or(|text| !rules::one_of_ok(&text, &allowed))
                }
                RuleCheck::Range(range) => integer(value, self.integers_as_strings)
                    .is_some_and(|n| !rules::range_ok(n, (range.min, range.max))),
                RuleCheck::RequiredIfPresent(_) => false,
            };
            if broken {
                self.violation(at, check, &rule, false);
            }
        }
    }

    fn violation(&mut self, at: &str, check: RuleCheck<'_>, rule: &RuleSpec, missing: bool) {
        self.violations.push(Violation {
            path: at.to_owned(),
            code: self.code(rule, missing),
            rule: describe(check, rule),
            basis: rule.resolved_basis(self.errors.iter().copied()),
        });
    }

    fn code(&self, rule: &RuleSpec, missing: bool) -> String {
        let defaults = &self.provider.violation_codes;
        rule.code.clone().unwrap_or_else(|| {
            if missing { defaults.missing.clone() } else { defaults.invalid.clone() }
        })
    }
}

fn integer(value: &Value, from_string: bool) -> Option<i64> {
    value.as_i64().or_else(|| if from_string { value.as_str()?.parse().ok() } else { None })
}

fn display_root(at: &str) -> &str {
    if at.is_empty() { "(body)" } else { at }
}

#[cfg(test)]
mod tests {
    use super::agrees;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(p, c)| ((*p).to_owned(), (*c).to_owned())).collect()
    }

    #[test]
    fn expected_violations_may_come_from_rules_that_were_not_evaluated() {
        let unknown = |p: &str, c: Option<&str>| (p.to_owned(), c.map(str::to_owned));
        let expected = pairs(&[("P", "A"), ("P", "B")]);
        // Each unevaluated rule stands for one violation, known codes matched first.
        let unevaluated = vec![unknown("P", None), unknown("P", Some("A"))];
        assert!(agrees(&[], &expected, unevaluated));
        assert!(!agrees(&[], &expected, vec![unknown("P", Some("A"))]));
        assert!(!agrees(&[], &expected, vec![unknown("Q", None), unknown("P", None)]));
        // What was produced beyond what is expected is a mismatch whatever else.
        let produced = pairs(&[("P", "A"), ("P", "A")]);
        assert!(!agrees(&produced, &expected, vec![unknown("P", None)]));
        assert!(agrees(&pairs(&[("P", "B")]), &expected, vec![unknown("P", Some("A"))]));
    }
}
