//! Negative cases for every rule in every spec, derived from the specs themselves.
//!
//! For each rule on a request field (or on a field of a type the request
//! nests), a payload that breaks exactly that rule is built and replayed
//! through the generated crate; the test asserts a violation at the rule's wire
//! path with the rule's error code. Where a rule has a limit, the value right
//! at the limit must pass, which pins lengths to characters, not bytes.
//! A rule added to a spec is a new test here with no new test code.

use codegen::model::{Field, Model, Rule, RuleKind, Struct, Type};
use libtest_mimic::{Failed, Trial};
use serde_json::{Map, Value, json};

fn main() {
    tests::run_spec_trials(trials)
}

/// A request payload breaking (or just meeting) one rule.
struct Case {
    name: String,
    operation: cloud_api_types::OperationInfo,
    payload: Value,
    path: String,
    code: String,
    expect_violation: bool,
}

fn trials(model: &Model) -> Vec<Trial> {
    let mut cases = Vec::new();
    for provider in &model.providers {
        for service in &provider.services {
            for action in &service.actions {
                let Some(operation) = cloud_api_types::operations().into_iter().find(|op| {
                    (op.provider, op.service, op.version, op.action)
                        == (
                            &*provider.name,
                            &*service.name,
                            &*service.version,
                            &*action.name,
                        )
                }) else {
                    continue;
                };
                let id = format!("{}::{}::{}", provider.name, service.name, action.name);
                let builder = Builder {
                    types: &service.types,
                };
                builder.cases_for(&id, operation, &action.request, &mut cases);
            }
        }
    }
    cases
        .into_iter()
        .map(|case| Trial::test(case.name.clone(), move || run(&case)))
        .collect()
}

fn run(case: &Case) -> Result<(), Failed> {
    let body = case.payload.to_string();
    let outcome = (case.operation.replay_request)(&body)
        .map_err(|e| format!("payload {body} does not decode: {e}"))?;
    let here: Vec<&str> = outcome
        .violations
        .iter()
        .filter(|v| v.path == case.path)
        .map(|v| v.code)
        .collect();
    match (case.expect_violation, here.contains(&case.code.as_str())) {
        (true, true) | (false, false) => Ok(()),
        (true, false) => Err(format!(
            "no `{}` violation at `{}` for {body}; got {:?}",
            case.code, case.path, outcome.violations
        )
        .into()),
        (false, true) => {
            Err(format!("value at the limit was rejected at `{}`: {body}", case.path).into())
        }
    }
}

struct Builder<'a> {
    types: &'a [Struct],
}

impl Builder<'_> {
    /// Cases for every rule of `request`'s fields and of the types it nests (one level).
    fn cases_for(
        &self,
        id: &str,
        operation: cloud_api_types::OperationInfo,
        request: &Struct,
        out: &mut Vec<Case>,
    ) {
        for field in &request.fields {
            for (index, rule) in field.rules.iter().enumerate() {
                for (suffix, value, expect_violation) in self.values(rule, field) {
                    let mut payload = self.valid_object(request);
                    self.apply(&mut payload, request, field, value, rule);
                    out.push(Case {
                        name: format!("{id}::{}::rule{index}::{suffix}", field.wire_name),
                        operation,
                        payload,
                        path: field.wire_name.clone(),
                        code: rule.code.clone(),
                        expect_violation,
                    });
                }
            }
            let Some((nested, in_array)) = self.nested_type(&field.ty) else {
                continue;
            };
            for inner in &nested.fields {
                for (index, rule) in inner.rules.iter().enumerate() {
                    for (suffix, value, expect_violation) in self.values(rule, inner) {
                        let mut broken = self.valid_object(nested);
                        self.apply(&mut broken, nested, inner, value, rule);
                        let mut payload = self.valid_object(request);
                        let (container, path) = if in_array {
                            (
                                json!([self.valid_object(nested), broken]),
                                format!("{}[1].{}", field.wire_name, inner.wire_name),
                            )
                        } else {
                            (broken, format!("{}.{}", field.wire_name, inner.wire_name))
                        };
                        set(&mut payload, &field.wire_name, container);
                        out.push(Case {
                            name: format!(
                                "{id}::{}::{}::rule{index}::{suffix}",
                                field.wire_name, inner.wire_name
                            ),
                            operation,
                            payload,
                            path,
                            code: rule.code.clone(),
                            expect_violation,
                        });
                    }
                }
            }
        }
    }

    /// Puts the field's test value into `object` (an `owner`); for a
    /// conditional requirement, sends the field it depends on and leaves this one out.
    fn apply(
        &self,
        object: &mut Value,
        owner: &Struct,
        field: &Field,
        value: Option<Value>,
        rule: &Rule,
    ) {
        match (&rule.kind, value) {
            (RuleKind::RequiredIfPresent { wire_name, .. }, _) => {
                let other = owner.fields.iter().find(|f| &f.wire_name == wire_name);
                set(
                    object,
                    wire_name,
                    other.map_or(json!("x"), |f| self.plain(&f.ty)),
                );
            }
            (_, Some(value)) => set(object, &field.wire_name, value),
            (_, None) => {}
        }
    }

    fn nested_type(&self, ty: &Type) -> Option<(&Struct, bool)> {
        match ty {
            Type::Named(name) => self
                .types
                .iter()
                .find(|t| &t.rust_name == name)
                .map(|t| (t, false)),
            Type::Array(item) => match item.as_ref() {
                Type::Named(name) => self
                    .types
                    .iter()
                    .find(|t| &t.rust_name == name)
                    .map(|t| (t, true)),
                _ => None,
            },
            _ => None,
        }
    }

    /// An object with every required field set to a plain value.
    fn valid_object(&self, ty: &Struct) -> Value {
        let object: Map<String, Value> = ty
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| (f.wire_name.clone(), self.plain(&f.ty)))
            .collect();
        Value::Object(object)
    }

    fn plain(&self, ty: &Type) -> Value {
        match ty {
            Type::String => json!("x"),
            Type::Integer => json!(1),
            Type::Boolean => json!(true),
            Type::Json => json!({}),
            Type::Array(_) => json!([]),
            Type::Named(name) => self
                .types
                .iter()
                .find(|t| &t.rust_name == name)
                .map_or(json!({}), |t| self.valid_object(t)),
        }
    }

    /// (case suffix, value for the field, whether a violation is expected).
    /// `None` as value means "leave the field out".
    fn values(&self, rule: &Rule, field: &Field) -> Vec<(&'static str, Option<Value>, bool)> {
        match &rule.kind {
            RuleKind::Length { min, max } => {
                let mut values = Vec::new();
                if let Some(max) = max {
                    // Two-byte characters: the limit counts characters.
                    values.push(("too_long", Some(json!("é".repeat(*max as usize + 1))), true));
                    values.push(("at_max", Some(json!("é".repeat(*max as usize))), false));
                }
                if let Some(min) = min.filter(|m| *m > 0) {
                    values.push(("too_short", Some(json!("é".repeat(min as usize - 1))), true));
                }
                values
            }
            RuleKind::Items { min, max } => {
                let item = match &field.ty {
                    Type::Array(item) => self.plain(item),
                    _ => Value::Null,
                };
                let mut values = Vec::new();
                if let Some(max) = max {
                    values.push((
                        "too_many",
                        Some(Value::Array(vec![item.clone(); *max as usize + 1])),
                        true,
                    ));
                }
                if let Some(min) = min.filter(|m| *m > 0) {
                    values.push((
                        "too_few",
                        Some(Value::Array(vec![item; min as usize - 1])),
                        true,
                    ));
                }
                values
            }
            RuleKind::Pattern { regex, .. } => {
                let compiled = regex::Regex::new(regex).ok();
                let candidates = [
                    "",
                    "a",
                    "A",
                    "0",
                    "!",
                    "abcdefgh",
                    "ABCDEFGH",
                    "12345678",
                    "!!!!!!!!",
                    "12345",
                    "1234567890123456",
                ];
                candidates
                    .iter()
                    .find(|c| compiled.as_ref().is_some_and(|r| !r.is_match(c)))
                    .map(|c| vec![("mismatch", Some(json!(c)), true)])
                    .unwrap_or_default()
            }
            RuleKind::OneOf(allowed) => {
                let value = match field.ty {
                    Type::Integer => {
                        let max = allowed
                            .iter()
                            .filter_map(|a| a.parse::<i64>().ok())
                            .max()
                            .unwrap_or(0);
                        json!(max + 1)
                    }
                    _ => json!("not-a-documented-value"),
                };
                let first: Option<Value> =
                    allowed.first().and_then(|a| serde_json::from_str(a).ok());
                vec![
                    ("not_allowed", Some(value), true),
                    ("allowed", first, false),
                ]
            }
            RuleKind::Range { min, max } => {
                let mut values = Vec::new();
                if let Some(max) = max {
                    values.push(("above", Some(json!(max + 1)), true));
                    values.push(("at_max", Some(json!(max)), false));
                }
                if let Some(min) = min {
                    values.push(("below", Some(json!(min - 1)), true));
                }
                values
            }
            RuleKind::RequiredIfPresent { .. } => vec![("missing", None, true)],
        }
    }
}

fn set(object: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = object {
        map.insert(key.to_owned(), value);
    }
}
