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

use codegen::model::Model;
use libtest_mimic::{Failed, Trial};
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
