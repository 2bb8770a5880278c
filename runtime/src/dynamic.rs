//! Every generated action as data, for code that picks an action at run time
//! (tooling, the golden tests that replay each spec's examples).

use serde_json::Value;

use crate::operation::Operation;
use crate::validate::{Validate, Violation};
use crate::wire::{SendConfig, WireRequest};

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
    /// Decodes a request body, validates it and encodes it again.
    pub replay_request: fn(&str) -> Result<RequestOutcome, String>,
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
    /// What `validate` reported.
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
            replay_response: replay_response::<O>,
            sign_request: sign_request::<O>,
        }
    }
}

fn replay_request<O: Operation>(body: &str) -> Result<RequestOutcome, String> {
    let request: O::Request = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let violations = request.validate().err().map(|e| e.0).unwrap_or_default();
    let reencoded = serde_json::to_value(&request).map_err(|e| e.to_string())?;
    Ok(RequestOutcome { reencoded, violations })
}

fn replay_response<O: Operation>(body: &str) -> Result<Value, String> {
    let response = O::parse_response(body).map_err(|e| format!("{e:?}"))?;
    serde_json::to_value(&response).map_err(|e| e.to_string())
}

fn sign_request<O: Operation>(body: &str, config: &SendConfig) -> Result<WireRequest, String> {
    let request: O::Request = serde_json::from_str(body).map_err(|e| e.to_string())?;
    O::signed_request(&request, config).map_err(|e| e.to_string())
}
