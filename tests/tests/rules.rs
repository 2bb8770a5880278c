//! Negative cases for every rule in every spec, derived from the specs themselves.
//!
//! For each rule on a request field, or on a field of a type the request nests
//! (in an object, an array item, an array of arrays), a payload that breaks
//! exactly that rule is built (`tests::rule_cases`) and replayed through the
//! generated crate; the test asserts that validation reports that one violation
//! and no other: the rule's wire path, its error code and the runtime
//! [`cloud_api_types::Rule`] with the spec's limits (the same regex, the same
//! allowed values, the value's length). Breaking values are searched so that
//! they meet every other rule of the field: each of five password rules sharing
//! one path and one code is pinned by its own case. Where a rule has a limit,
//! the value right at the limit (minimum or maximum) must produce no violation,
//! which also pins lengths to characters, not bytes. A rule for which no such
//! value can be found is a failing test, not a skipped one, and so is an action
//! the generated registry lacks. A rule added to a spec is a new test here with
//! no new test code.
//!
//! For a provider whose requests travel in the query (Alibaba Cloud RPC), each
//! case runs a second time (`…::query`) as the client sends it: flattened,
//! percent-encoded, decoded with `Operation::decode_query`'s decoder, the
//! violation expected at the parameter's name (`CustomFields.2.Operation`).
//! A body the query cannot carry (it holds a `null`, an empty array or an
//! empty object, which flattening leaves out, or refuses as a list item) is
//! listed as ignored.

use cloud_api_types::ViolationCodes;
use cloud_api_types::wire::alibaba::{flatten, query_string, unflatten};
use codegen::model::Model;
use codegen::spec::Protocol;
use libtest_mimic::{Failed, Trial};
use serde_json::Value;
use tests::rule_cases::{self, Case};

fn main() {
    tests::run_spec_trials(trials)
}

fn trials(model: &Model) -> Vec<Trial> {
    let mut trials = Vec::new();
    for provider in &model.providers {
        for service in &provider.services {
            for action in &service.actions {
                let id = format!("{}::{}::{}", provider.name, service.name, action.name);
                let operation = tests::registered_operation(service, action);
                let Some(operation) = operation else {
                    trials.push(Trial::test(format!("{id}::registered"), || {
                        Err("the generated registry has no such operation".into())
                    }));
                    continue;
                };
                for case in rule_cases::action_cases(action, &service.types) {
                    if provider.protocol == Protocol::AlibabaRpc {
                        trials.push(query_trial(&id, operation, case.clone()));
                    }
                    trials.push(Trial::test(format!("{id}::{}", case.name), move || {
                        run(operation, &case)
                    }));
                }
            }
        }
    }
    trials
}

fn run(operation: cloud_api_types::OperationInfo, case: &Case) -> Result<(), Failed> {
    let check = case.check.as_ref().map_err(|why| why.clone())?;
    let body = check.payload.to_string();
    let outcome = (operation.replay_request)(&body)
        .map_err(|e| format!("payload {body} does not decode: {e}"))?;
    rule_cases::verdict(case, check, &outcome.violations)?;
    Ok(())
}

/// The case sent as a query; ignored when its body cannot travel as one.
fn query_trial(id: &str, operation: cloud_api_types::OperationInfo, mut case: Case) -> Trial {
    let name = format!("{id}::{}::query", case.name);
    let carried = case.check.as_ref().map_or(true, |check| carries(&check.payload));
    case.path = query_path(&case.path);
    let trial = Trial::test(name, move || run_query(operation, &case));
    if carried { trial } else { trial.with_ignored_flag(true) }
}

fn run_query(operation: cloud_api_types::OperationInfo, case: &Case) -> Result<(), Failed> {
    let check = case.check.as_ref().map_err(|why| why.clone())?;
    let pairs = flatten(&check.payload).map_err(|e| e.to_string())?;
    let query = query_string(&pairs);
    let outcome = (operation.replay_query)(&query)
        .map_err(|e| format!("query {query} does not decode: {e}"))?;
    rule_cases::verdict(case, check, &outcome.violations)?;
    Ok(())
}

/// Whether flattening keeps all of `payload`: it flattens, and unflattening
/// gives the same tree, scalars as text.
fn carries(payload: &Value) -> bool {
    const CODES: ViolationCodes = ViolationCodes { missing: "Missing", invalid: "Invalid" };
    fn as_text(value: &Value) -> Value {
        match value {
            Value::Array(items) => Value::Array(items.iter().map(as_text).collect()),
            Value::Object(object) => {
                Value::Object(object.iter().map(|(k, v)| (k.clone(), as_text(v))).collect())
            }
            Value::String(_) | Value::Null => value.clone(),
            Value::Bool(_) | Value::Number(_) => Value::String(value.to_string()),
        }
    }
    let Ok(pairs) = flatten(payload) else { return false };
    let unflattened = unflatten(&pairs, CODES);
    unflattened.problems.is_empty() && unflattened.value == as_text(payload)
}

/// A decoder's path (`Items[1].Sku`) as the query names it (`Items.2.Sku`).
fn query_path(path: &str) -> String {
    let index = regex::Regex::new(r"\[(\d+)\]").unwrap_or_else(|e| unreachable!("{e}"));
    index
        .replace_all(path, |found: &regex::Captures<'_>| {
            let n: usize = found[1].parse().unwrap_or_default();
            format!(".{}", n + 1)
        })
        .into_owned()
}
