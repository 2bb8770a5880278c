//! The [`Operation`] trait: one action's types and constants in one place, so a
//! single generic function can serve every action of every provider.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::decode::{DecodeJson, ViolationCodes, decode_body};
use crate::error::{ApiError, ServiceError};
use crate::validate::{Validate, ValidationErrors, check};
use crate::wire::{self, Protocol, RequestError, SendConfig, WireRequest};

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
    /// How requests travel and are signed.
    const PROTOCOL: Protocol;
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

    /// The request as it goes on the wire, signed: validated first (with the
    /// region rule) unless `config` opts out. Only blocking violations refuse
    /// it; advisory ones (a default policy the account may have changed) do not.
    fn signed_request(
        request: &Self::Request,
        config: &SendConfig,
    ) -> Result<WireRequest, RequestError>
    where
        Self: Sized,
    {
        wire::signed_request::<Self>(request, config)
    }

    /// Parses an answer: its HTTP status, headers and body.
    fn parse_http_response(
        status: http::StatusCode,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<Self::Response, ApiError<Self::Error>> {
        Self::ENVELOPE.parse_http(status, headers, body)
    }

    /// Parses a whole response body alone (a replay, a fixture): the success
    /// type, or the service's error. Use [`Operation::parse_http_response`]
    /// when the HTTP status is at hand: without it, a body with its code at
    /// the top level (Alibaba Cloud) is read as an error even if it was a
    /// success carrying a `Code` field (see [`Envelope`]).
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
    ///
    /// Advisory rules (a default policy an account may have changed) do not
    /// block: a body that breaks only those decodes, and `validate()` on the
    /// value still reports them.
    fn decode_request(body: &[u8]) -> Result<Self::Request, ValidationErrors> {
        decode_body::<Self::Request>(body, Self::VIOLATION_CODES).into_result()
    }

    /// Decodes a request sent as a flattened query, Alibaba Cloud RPC's form
    /// ([`wire::alibaba::flatten`]: `CustomFields.1.FieldName=nick_name`), and
    /// validates it, reporting every problem at once as
    /// [`decode_request`](Self::decode_request) does, through the same decoder.
    ///
    /// `query` is the part of the URI after `?`, percent-encoded; pairs are
    /// split at `&` (empty ones skipped) and at the first `=` (none: an empty
    /// value), and a `+` is a plus sign, as ACS3-HMAC-SHA256's RFC 3986
    /// encoding writes a space `%20` and a plus `%2B`. Use
    /// [`decode_query_pairs`](Self::decode_query_pairs) for pairs a server
    /// framework has already decoded.
    ///
    /// Problems come in this order: parts that are not UTF-8 once
    /// percent-decoded, names that do not fit together
    /// ([`Rule::Query`](crate::Rule::Query): empty segments, a name given
    /// twice, a value that is also a parent, broken item numbering; see
    /// [`wire::alibaba::unflatten`]), then missing fields and type errors, then
    /// broken rules. Every path is a parameter name as flattened
    /// (`CustomFields.2.Operation`, items from 1), not the JSON form
    /// (`CustomFields[1].Operation`) of [`decode_request`](Self::decode_request).
    /// What follows only from leaving a malformed parameter out (a required
    /// field then missing) is not reported again.
    ///
    /// A name no field of the request reads is ignored, as an unknown key of
    /// a JSON body is, and so is whatever is wrong with it (`Foo=1&Foo=2`,
    /// `Signature=a&Signature.x=b`, `CustomFields.1.Bogus` twice): a problem
    /// is reported only at a name the request reads (for broken numbering, a
    /// list it reads; for an empty segment, the name before it), or under a
    /// free-form `json` field, which takes any name.
    ///
    /// Every value arrives as text: a string of digits is an integer (as in a
    /// JSON body) and `true`/`false` is a boolean (only here; see
    /// [`DecodeContext::for_query`](crate::DecodeContext::for_query)).
    /// Flattening leaves out `null`s and empty arrays, so they decode as absent.
    ///
    /// The form is Alibaba Cloud RPC's, the one protocol whose requests
    /// travel in the query; for an action of another protocol this decodes
    /// the same form.
    fn decode_query(query: &str) -> Result<Self::Request, ValidationErrors> {
        wire::alibaba::decode_query::<Self::Request>(query, Self::VIOLATION_CODES).into_result()
    }

    /// [`decode_query`](Self::decode_query) for pairs already percent-decoded
    /// (a server framework's query parameters), in the order sent.
    fn decode_query_pairs(pairs: &[(String, String)]) -> Result<Self::Request, ValidationErrors> {
        wire::alibaba::decode_pairs::<Self::Request>(pairs, Self::VIOLATION_CODES, Vec::new())
            .into_result()
    }

    /// Checks the region a call is about to be sent to; a violation answers
    /// with the action's [`Operation::VIOLATION_CODES`], as any other does.
    fn check_region(region: Option<&str>) -> Result<(), ValidationErrors> {
        let mut violations = Vec::new();
        let (rule, codes) = (Self::REGION, Self::VIOLATION_CODES);
        check::region(
            &mut violations,
            region,
            rule.required,
            rule.supported,
            (codes.missing, codes.invalid),
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
}

/// Where a provider puts the response, the error code, message and request ID.
///
/// Whether an answer is an error follows from the envelope's shape, never
/// from the provider's name:
///
/// - **With an error object** (`error_object`, Tencent Cloud's `Error`), the
///   object's presence is the error, whatever the HTTP status (Tencent Cloud
///   answers errors with 200). It must hold a string `code`; one that does
///   not makes the answer [`ApiError::Malformed`] (or [`ApiError::Http`] on a
///   failure status). A `null` there is no error object.
/// - **Without one** (Alibaba Cloud: `Code` and `Message` at the top level,
///   beside the response fields), a top-level `code` is an error only on a
///   non-2xx status, as Alibaba Cloud RPC answers errors; on a 2xx status it
///   is a response field like any other (success bodies may carry `Code` or
///   `Success`) and the body is the response. [`Envelope::parse`], which has
///   no status, reads a top-level code as the error, as error bodies show.
///
/// A failure status without that error is [`ApiError::Http`]; a success
/// whose response (inside `wrapper`, if any) is not a JSON object, or does
/// not decode into the response type, is [`ApiError::Malformed`].
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
    /// Key of the answering host's ID in an error body, if the provider sends one.
    pub host_id: Option<&'static str>,
    /// Key of the diagnosis link in an error body, if the provider sends one.
    pub recommend: Option<&'static str>,
}

/// Headers that carry the request ID when a body does not (Alibaba Cloud's gateway).
const REQUEST_ID_HEADERS: &[&str] = &["x-acs-request-id"];

impl Envelope {
    /// Parses a whole body into `R`, or the error it carries; the HTTP status
    /// is unknown, so without an error object a top-level code is read as the
    /// error (see [`Envelope`]). Prefer [`Envelope::parse_http`] when the status is at hand.
    pub fn parse<R: DeserializeOwned, E: ServiceError>(
        &self,
        body: &str,
    ) -> Result<R, ApiError<E>> {
        self.parse_answer(None, None, body.as_bytes())
    }

    /// Parses an HTTP answer into `R`, or the error it carries (see
    /// [`Envelope`] for what makes it an error). A non-success status without
    /// the provider's error body is [`ApiError::Http`].
    pub fn parse_http<R: DeserializeOwned, E: ServiceError>(
        &self,
        status: http::StatusCode,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<R, ApiError<E>> {
        let header_id = REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| headers.get(*name)?.to_str().ok())
            .map(str::to_owned);
        self.parse_answer(Some(status), header_id, body)
    }

    fn parse_answer<R: DeserializeOwned, E: ServiceError>(
        &self,
        status: Option<http::StatusCode>,
        header_id: Option<String>,
        body: &[u8],
    ) -> Result<R, ApiError<E>> {
        let success = status.is_none_or(|s| s.is_success());
        let status = status.map(|s| s.as_u16());
        let raw = || String::from_utf8_lossy(body).into_owned();
        let failed = |reason: String, request_id: Option<String>| match status {
            Some(status) if !success => ApiError::Http { status, body: raw(), request_id },
            _ => ApiError::Malformed { reason, request_id, status, body: raw() },
        };
        let value: Value = match serde_json::from_slice(body) {
            Ok(value) => value,
            Err(e) => return Err(failed(e.to_string(), header_id)),
        };
        let inner = match self.wrapper {
            Some(key) => match value {
                Value::Object(mut object) => object.remove(key),
                _ => None,
            },
            None => Some(value),
        };
        let Some(inner) = inner else {
            let key = self.wrapper.unwrap_or_default();
            return Err(failed(format!("no `{key}` object"), header_id));
        };
        // serde's derive takes a sequence for a struct, so `[]` would parse
        // as a response whose fields are all optional: the shape is checked here.
        let Value::Object(inner) = inner else {
            let what = match self.wrapper {
                Some(key) => format!("`{key}` is not an object"),
                None => "the body is not a JSON object".to_owned(),
            };
            return Err(failed(what, header_id));
        };
        let text = |object: &Map<String, Value>, key: &str| {
            object.get(key).and_then(Value::as_str).map(str::to_owned)
        };
        let request_id = text(&inner, self.request_id).or(header_id);
        let error = match self.error_object {
            // `null` is how JSON says "no error object"; anything else present
            // says the answer is an error, so it must carry a code.
            Some(key) => match inner.get(key) {
                None | Some(Value::Null) => None,
                Some(Value::Object(error))
                    if error.get(self.code).is_some_and(Value::is_string) =>
                {
                    Some(error)
                }
                Some(_) => {
                    let why = format!("`{key}` is not an object with a string `{}`", self.code);
                    return Err(failed(why, request_id));
                }
            },
            // A flat body's code sits among the response fields, where a
            // success may carry a `Code` of its own (`"200"`, `"Success"`):
            // only a failure status makes it the error's. Without a status,
            // the body is all there is, and a code reads as the error.
            None if !success || status.is_none() => Some(&inner),
            None => None,
        };
        if let Some((error, code)) =
            error.and_then(|e| Some((e, e.get(self.code).and_then(Value::as_str)?)))
        {
            let optional = |key: Option<&str>| key.and_then(|key| text(error, key)).map(Into::into);
            return Err(ApiError::Service {
                error: E::from_code(code),
                message: text(error, self.message).unwrap_or_default(),
                request_id,
                status,
                host_id: optional(self.host_id),
                recommend: optional(self.recommend),
            });
        }
        if !success {
            return Err(failed(String::new(), request_id));
        }
        serde_json::from_value(Value::Object(inner)).map_err(|e| failed(e.to_string(), request_id))
    }
}
