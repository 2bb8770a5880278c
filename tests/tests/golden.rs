//! Golden tests: every example in every spec, replayed through the generated crate.
//!
//! A request example must decode into its request type, validate exactly as the
//! spec expects (`expected_violations`), and encode back to the doc's payload up
//! to the spec's recorded `normalizations`. A response example must parse from
//! its full body (envelope included) and encode back to the unwrapped body.
//! Each example is its own test, so a new example in a spec is a new test.

use codegen::model::{Field, Model, Provider, Struct, Type};
use codegen::spec::Normalization;
use libtest_mimic::{Failed, Trial};
use serde_json::Value;

fn main() {
    tests::run_spec_trials(trials)
}

fn trials(model: &Model) -> Vec<Trial> {
    let mut trials = Vec::new();
    for provider in &model.providers {
        for service in &provider.services {
            for action in &service.actions {
                let id = format!(
                    "{}::{}::{}::{}",
                    provider.name, service.name, service.version_module, action.name
                );
                let operation = tests::registered_operation(service, action);
                trials.push(registered(&id, operation.is_some()));
                let Some(operation) = operation else { continue };
                for (index, example) in action.examples.iter().enumerate() {
                    let name = format!("{id}::example{index}");
                    if let Some(body) = example.request.clone() {
                        let (normalizations, expected) =
                            (example.normalizations.clone(), example.expected_violations.clone());
                        let shape = Shape {
                            fields: action.request.fields.clone(),
                            types: service.types.clone(),
                        };
                        trials.push(Trial::test(format!("{name}::request"), move || {
                            replay_request(operation, &body, &shape, &normalizations, &expected)
                        }));
                    }
                    if let Some(body) = example.response.clone() {
                        let wrapper = provider_wrapper(provider);
                        trials.push(Trial::test(format!("{name}::response"), move || {
                            replay_response(operation, &body, wrapper.as_deref())
                        }));
                    }
                }
            }
        }
    }
    trials
}

/// Every action in the specs must be compiled into the crate's registry.
fn registered(id: &str, found: bool) -> Trial {
    let id = id.to_owned();
    Trial::test(format!("{id}::registered"), move || {
        if found {
            Ok(())
        } else {
            Err(format!("{id} is in the specs but not in cloud_api_types::operations()").into())
        }
    })
}

fn provider_wrapper(provider: &Provider) -> Option<String> {
    provider.envelope.wrapper.clone()
}

/// The declared shape of a payload, for normalizations that depend on field types.
struct Shape {
    fields: Vec<Field>,
    types: Vec<Struct>,
}

fn replay_request(
    operation: cloud_api_types::OperationInfo,
    body: &str,
    shape: &Shape,
    normalizations: &[Normalization],
    expected: &[(String, String)],
) -> Result<(), Failed> {
    let outcome =
        (operation.replay_request)(body).map_err(|e| format!("request does not decode: {e}"))?;
    let mut found: Vec<(String, String)> =
        outcome.violations.iter().map(|v| (v.path.clone(), v.code.to_owned())).collect();
    let mut expected = expected.to_vec();
    found.sort();
    expected.sort();
    if found != expected {
        return Err(format!("violations {found:?}, spec expects {expected:?}").into());
    }
    let mut golden: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    for normalization in normalizations {
        normalize(normalization, &mut golden, &shape.fields, &shape.types);
    }
    same_json(&golden, &outcome.reencoded)
}

fn replay_response(
    operation: cloud_api_types::OperationInfo,
    body: &str,
    wrapper: Option<&str>,
) -> Result<(), Failed> {
    let reencoded =
        (operation.replay_response)(body).map_err(|e| format!("response does not parse: {e}"))?;
    let full: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let golden = match wrapper {
        Some(key) => full.get(key).cloned().ok_or_else(|| format!("body lacks `{key}`"))?,
        None => full,
    };
    same_json(&golden, &reencoded)
}

/// Applies one recorded normalization to the doc's payload, an object with `fields`.
fn normalize(
    normalization: &Normalization,
    object: &mut Value,
    fields: &[Field],
    types: &[Struct],
) {
    match normalization {
        Normalization::IntegersAsStrings => {
            for field in fields {
                if let Some(value) = object.get_mut(&field.wire_name) {
                    integers_from_strings(value, &field.ty, types);
                }
            }
        }
    }
}

/// `"1"` → `1` where the spec types the value as an integer.
fn integers_from_strings(value: &mut Value, ty: &Type, types: &[Struct]) {
    match (ty, &mut *value) {
        (Type::Integer, Value::String(text)) => {
            if let Ok(number) = text.parse::<i64>() {
                *value = Value::from(number);
            }
        }
        (Type::Array(item), Value::Array(items)) => {
            items.iter_mut().for_each(|v| integers_from_strings(v, item, types));
        }
        (Type::Named(name), Value::Object(_)) => {
            if let Some(named) = types.iter().find(|t| &t.rust_name == name) {
                normalize(&Normalization::IntegersAsStrings, value, &named.fields, types);
            }
        }
        _ => {}
    }
}

fn same_json(golden: &Value, actual: &Value) -> Result<(), Failed> {
    if golden == actual {
        return Ok(());
    }
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    Err(format!(
        "re-encoded payload differs\n--- doc (normalized)\n{}\n+++ generated\n{}",
        pretty(golden),
        pretty(actual)
    )
    .into())
}
