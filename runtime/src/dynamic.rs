//! Every generated action as data, for code that picks an action at run time
//! (tooling, the golden tests that replay each spec's examples).

use serde_json::Value;

use crate::decode::{Decoded, decode_body};
use crate::operation::Operation;
use crate::validate::{ValidationErrors, Violation};
use crate::wire::{SendConfig, WireRequest, alibaba};

/// One action, reachable by its names.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// Provider module name.
    pub provider: &'static str,
    /// Service module name.
    pub service: &'static str,
    /// API version.
    pub version: &'static str,
    /// Action name.
    pub action: &'static str,
    /// Decodes a request body as `decode_request` does (checked against the
    /// serde derive), validates it and encodes it again.
    pub replay_request: fn(&str) -> Result<RequestOutcome, String>,
    /// Decodes a flattened query (the part of the URI after `?`) as
    /// [`Operation::decode_query`] does, for a server that picks the action
    /// at run time: `Err` holds what stops it from decoding (names that do
    /// not fit together, missing fields, wrong types), with the action's
    /// codes; `Ok` the request encoded again and the rules it breaks, all at
    /// query paths (`CustomFields.1.FieldName`).
    pub replay_query: fn(&str) -> Result<RequestOutcome, ValidationErrors>,
    /// Parses a whole response body and encodes the success type again.
    pub replay_response: fn(&str) -> Result<Value, String>,
    /// Decodes a request body and signs it for the wire, as
    /// [`Operation::signed_request`] does.
    pub sign_request: fn(&str, &SendConfig) -> Result<WireRequest, String>,
}

/// What replaying a request body gives.
#[derive(Debug, Clone)]
pub struct RequestOutcome {
    /// The request as the generated type serializes it.
    pub reencoded: Value,
    /// What `validate` reported (the body decoded without a problem).
    pub violations: Vec<Violation>,
}

impl OperationInfo {
    /// The entry for `O`.
    pub fn of<O: Operation>() -> Self {
        Self {
            provider: O::PROVIDER,
            service: O::SERVICE,
            version: O::VERSION,
            action: O::ACTION,
            replay_request: replay_request::<O>,
            replay_query: replay_query::<O>,
            replay_response: replay_response::<O>,
            sign_request: sign_request::<O>,
        }
    }
}

/// Decodes with [`Operation::decode_request`]'s decoder; a body it cannot
/// decode (missing fields, wrong types) is an error naming every problem. The
/// serde derive must decode the body to the same value, so the two decoders
/// cannot drift apart unnoticed.
fn replay_request<O: Operation>(body: &str) -> Result<RequestOutcome, String> {
    let decoded = decode_body::<O::Request>(body.as_bytes(), O::VIOLATION_CODES);
    if !decoded.problems.is_empty() {
        return Err(ValidationErrors(decoded.problems).to_string());
    }
    let reencoded = serde_json::to_value(&decoded.value).map_err(|e| e.to_string())?;
    let by_serde: O::Request = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let by_serde = serde_json::to_value(&by_serde).map_err(|e| e.to_string())?;
    if by_serde != reencoded {
        return Err(format!("serde decodes {by_serde}, decode_request decodes {reencoded}"));
    }
    Ok(RequestOutcome { reencoded, violations: decoded.rules })
}

fn replay_query<O: Operation>(query: &str) -> Result<RequestOutcome, ValidationErrors> {
    let Decoded { value, problems, rules } =
        alibaba::decode_query::<O::Request>(query, O::VIOLATION_CODES);
    if !problems.is_empty() {
        return Err(ValidationErrors(problems));
    }
    // A generated request always encodes; should one not, its problem is said
    // at the root rather than lost.
    let reencoded = serde_json::to_value(&value).map_err(|error| {
        let rule = crate::Rule::Json { error: error.to_string() };
        ValidationErrors(vec![Violation::new(
            String::new(),
            rule,
            O::VIOLATION_CODES.invalid,
            None,
        )])
    })?;
    Ok(RequestOutcome { reencoded, violations: rules })
}

fn replay_response<O: Operation>(body: &str) -> Result<Value, String> {
    let response = O::parse_response(body).map_err(|e| format!("{e:?}"))?;
    serde_json::to_value(&response).map_err(|e| e.to_string())
}

/// Decodes like [`Operation::decode_request`] but leaves the rules to
/// [`Operation::signed_request`], so the config's validation opt-out holds.
fn sign_request<O: Operation>(body: &str, config: &SendConfig) -> Result<WireRequest, String> {
    let decoded = decode_body::<O::Request>(body.as_bytes(), O::VIOLATION_CODES);
    if !decoded.problems.is_empty() {
        return Err(ValidationErrors(decoded.problems).to_string());
    }
    O::signed_request(&decoded.value, config).map_err(|e| e.to_string())
}
