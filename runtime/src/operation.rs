//! The [`Operation`] trait: one action's types and constants in one place, so a
//! single generic function can serve every action of every provider.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::decode::{DecodeJson, ViolationCodes, decode_body};
use crate::error::{ApiError, ServiceError};
use crate::validate::{Validate, ValidationErrors, check};

/// One API action (`UpdateUser` of CAM 2019-01-16, say), implemented by a
/// generated unit type.
pub trait Operation {
    /// Provider module name (`tencentcloud`).
    const PROVIDER: &'static str;
    /// Service module name (`cam`).
    const SERVICE: &'static str;
    /// API version (`2019-01-16`).
    const VERSION: &'static str;
    /// Action name, as sent (`UpdateUser`).
    const ACTION: &'static str;
    /// Documented endpoint hosts (may be empty).
    const ENDPOINTS: &'static [&'static str];
    /// Documented requests per second, if any.
    const RATE_LIMIT_PER_SECOND: Option<u32>;
    /// Where this action may be called.
    const REGION: RegionRule;
    /// How the provider wraps responses.
    const ENVELOPE: Envelope;
    /// Codes for a missing parameter and for a value of the wrong type, used by
    /// [`decode_request`](Self::decode_request).
    const VIOLATION_CODES: ViolationCodes;

    /// Request body.
    type Request: Serialize + DeserializeOwned + Validate + DecodeJson + std::fmt::Debug;
    /// Success response body (unwrapped).
    type Response: Serialize + DeserializeOwned + std::fmt::Debug;
    /// Error codes.
    type Error: ServiceError;

    /// Parses a whole response body: the success type, or the service's error.
    fn parse_response(body: &str) -> Result<Self::Response, ApiError<Self::Error>> {
        Self::ENVELOPE.parse(body)
    }

    /// Decodes a request body (a gateway's, a replay's) and validates it,
    /// reporting every problem at once: first what stops a value from decoding
    /// (a body that is not JSON or not an object, then in field order each
    /// missing required field, code `VIOLATION_CODES.missing`, and each value
    /// of the wrong type, `VIOLATION_CODES.invalid`), then each broken rule. A
    /// rule broken at or below a path already reported (by the stand-in for a
    /// missing or mistyped value) is not reported again.
    ///
    /// Integers sent as strings of digits and unknown keys are accepted, as by
    /// the serde derive; unlike it, a nullable required field must be present.
    fn decode_request(body: &[u8]) -> Result<Self::Request, ValidationErrors> {
        let decoded = decode_body::<Self::Request>(body, Self::VIOLATION_CODES);
        let mut violations = decoded.problems;
        violations.extend(decoded.rules);
        if violations.is_empty() { Ok(decoded.value) } else { Err(ValidationErrors(violations)) }
    }

    /// Checks the region a call is about to be sent to.
    fn check_region(region: Option<&str>) -> Result<(), ValidationErrors> {
        let mut violations = Vec::new();
        let rule = Self::REGION;
        check::region(
            &mut violations,
            region,
            rule.required,
            rule.supported,
            (rule.missing_code, rule.invalid_code),
        );
        if violations.is_empty() { Ok(()) } else { Err(ValidationErrors(violations)) }
    }
}

/// An action's region rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionRule {
    /// A region must be given.
    pub required: bool,
    /// Only these regions are supported; empty means any.
    pub supported: &'static [&'static str],
    /// Code for a missing region.
    pub missing_code: &'static str,
    /// Code for an unsupported region.
    pub invalid_code: &'static str,
}

/// Where a provider puts the response, the error code, message and request ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    /// Key wrapping the whole body (`Response`), if any.
    pub wrapper: Option<&'static str>,
    /// Key of the error object inside the body, if errors are nested.
    pub error_object: Option<&'static str>,
    /// Key of the error code.
    pub code: &'static str,
    /// Key of the error message.
    pub message: &'static str,
    /// Key of the request ID.
    pub request_id: &'static str,
}

impl Envelope {
    /// Parses a whole body into `R`, or the error it carries.
    pub fn parse<R: DeserializeOwned, E: ServiceError>(
        &self,
        body: &str,
    ) -> Result<R, ApiError<E>> {
        let malformed =
            |reason: String, request_id: Option<String>| ApiError::Malformed { reason, request_id };
        let value: Value =
            serde_json::from_str(body).map_err(|e| malformed(e.to_string(), None))?;
        let inner = match self.wrapper {
            Some(key) => match value {
                Value::Object(mut object) => object.remove(key),
                _ => None,
            }
            .ok_or_else(|| malformed(format!("no `{key}` object"), None))?,
            None => value,
        };
        let request_id = inner.get(self.request_id).and_then(Value::as_str).map(str::to_owned);
        let error = match self.error_object {
            Some(key) => inner.get(key),
            None => Some(&inner),
        };
        if let Some(code) = error.and_then(|e| e.get(self.code)).and_then(Value::as_str) {
            let message =
                error.and_then(|e| e.get(self.message)).and_then(Value::as_str).unwrap_or_default();
            return Err(ApiError::Service {
                error: E::from_code(code),
                message: message.to_owned(),
                request_id,
            });
        }
        serde_json::from_value(inner).map_err(|e| malformed(e.to_string(), request_id))
    }
}
