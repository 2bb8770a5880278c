//! Alibaba Cloud's RPC style on the wire, as the official SDKs send it: every
//! parameter in the query string, objects and arrays flattened with 1-based
//! indexes (`CustomFields.1.FieldName`), the action, version, date and nonce in
//! `x-acs-*` headers, signed with ACS3-HMAC-SHA256.

use serde_json::Value;

use super::{Endpoint, RequestError, SendConfig, WireRequest, header};
use crate::operation::Operation;
use crate::sign::{SigningParams, acs3};

/// The signed `POST /?…` for `O`.
pub(super) fn signed_request<O: Operation>(
    request: &O::Request,
    config: &SendConfig,
    endpoint: &Endpoint,
    params: &SigningParams,
) -> Result<WireRequest, RequestError> {
    let value = serde_json::to_value(request).map_err(|e| RequestError::Encode(e.to_string()))?;
    let query = query_string(&flatten(&value));
    let path = if query.is_empty() { "/".to_owned() } else { format!("/?{query}") };
    let mut request = http::Request::post(endpoint.uri(&path)?)
        .header(http::header::HOST, header(endpoint.authority())?)
        .header("x-acs-action", header(O::ACTION)?)
        .header("x-acs-version", header(O::VERSION)?)
        .body(Vec::new())
        .map_err(|e| RequestError::Endpoint(e.to_string()))?;
    acs3::prepare(&mut request, params)?;
    acs3::sign(&mut request, config.credentials())?;
    Ok(request)
}

/// A JSON request as RPC parameters: `(name, value)` pairs, objects joined
/// with `.`, array items numbered from 1, booleans as `true`/`false`, `null`s
/// and empty arrays left out (the official SDKs send nothing for them).
pub fn flatten(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(None, value, &mut out);
    out
}

fn walk(prefix: Option<&str>, value: &Value, out: &mut Vec<(String, String)>) {
    let key = |name: &str| match prefix {
        Some(prefix) => format!("{prefix}.{name}"),
        None => name.to_owned(),
    };
    match value {
        Value::Null => {}
        Value::Object(object) => {
            for (name, item) in object {
                walk(Some(&key(name)), item, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(Some(&key(&(index + 1).to_string())), item, out);
            }
        }
        Value::Bool(flag) => out.extend(prefix.map(|p| (p.to_owned(), flag.to_string()))),
        Value::Number(number) => out.extend(prefix.map(|p| (p.to_owned(), number.to_string()))),
        Value::String(text) => out.extend(prefix.map(|p| (p.to_owned(), text.clone()))),
    }
}

/// The pairs as a query string: each name and value percent-encoded as
/// ACS3-HMAC-SHA256 requires (RFC 3986, `%20` for a space), sorted by name, so
/// the string sent is the canonical one that is signed.
pub fn query_string(pairs: &[(String, String)]) -> String {
    acs3::canonical_query_string(pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{flatten, query_string};

    /// Each case: a request body, and the exact query string it must become.
    #[test]
    fn flattening_cases() {
        let cases = [
            ("scalars", json!({"UserId": "u-1", "Age": 7}), "Age=7&UserId=u-1"),
            (
                "booleans",
                json!({"EmailVerified": true, "PhoneNumberVerified": false}),
                "EmailVerified=true&PhoneNumberVerified=false",
            ),
            ("nulls left out", json!({"A": null, "B": "b"}), "B=b"),
            ("empty array left out", json!({"CustomFields": [], "UserId": "u"}), "UserId=u"),
            ("array of strings, 1-based", json!({"Ids": ["a", "b"]}), "Ids.1=a&Ids.2=b"),
            (
                "array of objects",
                json!({"CustomFields": [
                    {"FieldName": "nick_name", "FieldValue": "v", "Operation": "add"},
                    {"FieldName": "age", "Operation": "remove"}]}),
                "CustomFields.1.FieldName=nick_name&CustomFields.1.FieldValue=v&CustomFields.1.Operation=add&CustomFields.2.FieldName=age&CustomFields.2.Operation=remove",
            ),
            (
                "nested arrays of objects",
                json!({"Groups": [{"Members": [{"Id": "m1"}, {"Id": "m2"}]}]}),
                "Groups.1.Members.1.Id=m1&Groups.1.Members.2.Id=m2",
            ),
            (
                "unicode, UTF-8 then percent-encoded",
                json!({"DisplayName": "张三 é"}),
                "DisplayName=%E5%BC%A0%E4%B8%89%20%C3%A9",
            ),
            (
                "reserved characters",
                json!({"Description": "a+b=c&d/e?f*g~h_i-j.k%l"}),
                "Description=a%2Bb%3Dc%26d%2Fe%3Ff%2Ag~h_i-j.k%25l",
            ),
            (
                "sorted by encoded name, not by insertion or index",
                json!({"L": [1,2,3,4,5,6,7,8,9,10], "K": "k"}),
                "K=k&L.1=1&L.10=10&L.2=2&L.3=3&L.4=4&L.5=5&L.6=6&L.7=7&L.8=8&L.9=9",
            ),
        ];
        for (name, body, expected) in cases {
            assert_eq!(query_string(&flatten(&body)), expected, "case: {name}");
        }
    }
}
