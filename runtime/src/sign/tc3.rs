//! Tencent Cloud API 3.0 signature v3, `TC3-HMAC-SHA256`: each step of the
//! doc's "Signature v3" page as a pure function, and [`sign`], which puts the
//! `Authorization` header (and `X-TC-Token`) on a request.
//!
//! The steps, as the doc numbers them:
//! 1. [`canonical_headers`], [`hashed_payload`] and [`canonical_request`];
//! 2. [`credential_scope`] (from [`utc_date`]) and [`string_to_sign`];
//! 3. [`derive_keys`] and [`signature`];
//! 4. [`authorization`].
//!
//! The doc's canonical headers lowercase both the name and the value of each
//! signed header (its worked example signs `x-tc-action:describeinstances`);
//! [`canonical_headers`] does the same.

use std::fmt;

use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderName};

use super::{SigningError, hmac_sha256, sha256_hex};
use crate::debug::Redacted;
use crate::sign::{CanonicalHeaders, Credentials};

pub use super::canonical_request;

/// The algorithm name that opens the string to sign and the `Authorization`
/// header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The headers the doc requires to be signed, the least a signature covers.
pub const REQUIRED_SIGNED_HEADERS: &[&str] = &["content-type", "host"];

/// The headers [`sign`] signs: the required ones and the action name, as the
/// doc's current worked example does.
pub const DEFAULT_SIGNED_HEADERS: &[&str] = &["content-type", "host", "x-tc-action"];

/// The header carrying the session token of temporary credentials.
pub const TOKEN_HEADER: &str = "x-tc-token";

/// The header carrying the request's Unix timestamp.
pub const TIMESTAMP_HEADER: &str = "x-tc-timestamp";

/// The UTC date (`YYYY-MM-DD`) of a Unix timestamp, as the credential scope
/// carries it. UTC, not local time: `1551113065` is 2019-02-25 even where it
/// is already the 26th.
///
/// # Errors
/// [`SigningError::TimeOutOfRange`] past the year 9999.
pub fn utc_date(timestamp_secs: u64) -> Result<String, SigningError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    super::utc_datetime(timestamp_secs)?.format(&format).map_err(|_| SigningError::TimeOutOfRange)
}

/// The credential scope, `<date>/<service>/tc3_request`.
pub fn credential_scope(date: &str, service: &str) -> String {
    format!("{date}/{service}/tc3_request")
}

/// Lowercase hex of the SHA-256 of the request body (the doc's
/// `HashedRequestPayload`); an empty body for GET.
pub fn hashed_payload(body: &[u8]) -> String {
    sha256_hex(body)
}

/// The canonical form of the headers named in `names` (case-insensitive):
/// `name:value\n` with name and value lowercased and the value trimmed,
/// sorted by name.
///
/// # Errors
/// [`SigningError::MissingHeader`] when a named header is absent,
/// [`SigningError::HeaderNotText`] when its value is not UTF-8.
pub fn canonical_headers(
    headers: &http::HeaderMap,
    names: &[&str],
) -> Result<CanonicalHeaders, SigningError> {
    let mut entries = Vec::with_capacity(names.len());
    for name in names {
        let name = name.to_ascii_lowercase();
        if entries.iter().any(|(seen, _): &(String, String)| *seen == name) {
            continue;
        }
        let Some(value) = super::header_text(headers, &name)? else {
            return Err(SigningError::MissingHeader(name));
        };
        let value = value.trim().to_lowercase();
        entries.push((name, value));
    }
    Ok(CanonicalHeaders::from_entries(entries))
}

/// The string to sign: the algorithm, the timestamp, the credential scope and
/// the hex SHA-256 of the canonical request, one per line.
pub fn string_to_sign(
    timestamp_secs: u64,
    credential_scope: &str,
    canonical_request: &str,
) -> String {
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    format!("{ALGORITHM}\n{timestamp_secs}\n{credential_scope}\n{hashed_canonical_request}")
}

/// The keys derived from a secret for one date and service, each the HMAC of
/// the next scope part under the previous key. `Debug` shows none of them.
#[derive(Clone, PartialEq, Eq)]
pub struct DerivedKeys {
    /// `HMAC("TC3" + secret, date)`.
    pub secret_date: [u8; 32],
    /// `HMAC(secret_date, service)`.
    pub secret_service: [u8; 32],
    /// `HMAC(secret_service, "tc3_request")`, the key [`signature`] uses.
    pub secret_signing: [u8; 32],
}

impl fmt::Debug for DerivedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DerivedKeys")
            .field("secret_date", &Redacted)
            .field("secret_service", &Redacted)
            .field("secret_signing", &Redacted)
            .finish()
    }
}

/// Derives the signing key from the secret, the credential scope's date and
/// the service.
pub fn derive_keys(secret: &str, date: &str, service: &str) -> DerivedKeys {
    let secret_date = hmac_sha256(format!("TC3{secret}").as_bytes(), date.as_bytes());
    let secret_service = hmac_sha256(&secret_date, service.as_bytes());
    let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
    DerivedKeys { secret_date, secret_service, secret_signing }
}

/// The signature: lowercase hex of `HMAC(secret_signing, string_to_sign)`.
pub fn signature(keys: &DerivedKeys, string_to_sign: &str) -> String {
    hex::encode(hmac_sha256(&keys.secret_signing, string_to_sign.as_bytes()))
}

/// The `Authorization` header value:
/// `TC3-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<names>, Signature=<hex>`.
pub fn authorization(
    access_key_id: &str,
    credential_scope: &str,
    signed_headers: &str,
    signature: &str,
) -> String {
    format!(
        "{ALGORITHM} Credential={access_key_id}/{credential_scope}, \
         SignedHeaders={signed_headers}, Signature={signature}"
    )
}

/// Signs `request` for `service` (`cvm`, `sts`, …) at `timestamp_secs`,
/// covering [`DEFAULT_SIGNED_HEADERS`]; see [`sign_headers`].
///
/// # Errors
/// As [`sign_headers`].
pub fn sign(
    request: &mut http::Request<Vec<u8>>,
    credentials: &Credentials,
    service: &str,
    timestamp_secs: u64,
) -> Result<(), SigningError> {
    sign_headers(request, credentials, service, timestamp_secs, DEFAULT_SIGNED_HEADERS)
}

/// Signs `request` covering the headers in `signed_headers` (always with
/// [`REQUIRED_SIGNED_HEADERS`]), and sets:
/// - `Host` from the URI when the request has none;
/// - `X-TC-Timestamp` to `timestamp_secs`, the time the signature is made for;
/// - `X-TC-Token` when the credentials carry a session token (unsigned unless
///   `signed_headers` names it, as Tencent's SDKs do);
/// - `Authorization`.
///
/// The request must already carry `Content-Type`, `X-TC-Action`,
/// `X-TC-Version` and the other common headers. Its URI path and query are
/// signed as they stand, so the query must already be percent-encoded.
///
/// # Errors
/// [`SigningError::MissingHeader`] when a header to sign is absent,
/// [`SigningError::HeaderNotText`] when its value is not UTF-8,
/// [`SigningError::InvalidHeaderValue`] when the token or key ID cannot be a
/// header value, [`SigningError::TimeOutOfRange`] past the year 9999.
pub fn sign_headers(
    request: &mut http::Request<Vec<u8>>,
    credentials: &Credentials,
    service: &str,
    timestamp_secs: u64,
    signed_headers: &[&str],
) -> Result<(), SigningError> {
    super::ensure_host(request)?;
    let timestamp = super::header_value(TIMESTAMP_HEADER, &timestamp_secs.to_string())?;
    request.headers_mut().insert(HeaderName::from_static(TIMESTAMP_HEADER), timestamp);
    if let Some(token) = credentials.session_token() {
        let token = super::header_value(TOKEN_HEADER, token)?;
        request.headers_mut().insert(HeaderName::from_static(TOKEN_HEADER), token);
    }

    let mut names = vec![CONTENT_TYPE.as_str(), HOST.as_str()];
    names.extend_from_slice(signed_headers);
    let headers = canonical_headers(request.headers(), &names)?;
    let canonical = canonical_request(
        request.method().as_str(),
        super::canonical_uri(request),
        request.uri().query().unwrap_or(""),
        &headers.canonical,
        &headers.signed,
        &hashed_payload(request.body()),
    );
    let date = utc_date(timestamp_secs)?;
    let scope = credential_scope(&date, service);
    let to_sign = string_to_sign(timestamp_secs, &scope, &canonical);
    let keys = derive_keys(credentials.secret(), &date, service);
    let value = authorization(
        credentials.access_key_id(),
        &scope,
        &headers.signed,
        &signature(&keys, &to_sign),
    );
    let value = super::header_value(AUTHORIZATION.as_str(), &value)?;
    request.headers_mut().insert(AUTHORIZATION, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn describe_instances() -> Result<http::Request<Vec<u8>>, http::Error> {
        http::Request::post("https://cvm.tencentcloudapi.com/")
            .header("Content-Type", "application/json; charset=utf-8")
            .header("X-TC-Action", "DescribeInstances")
            .header("X-TC-Version", "2017-03-12")
            .header("X-TC-Region", "ap-guangzhou")
            .body(br#"{"Limit": 1}"#.to_vec())
    }

    fn authorization_of(
        request: &http::Request<Vec<u8>>,
    ) -> Result<&str, Box<dyn std::error::Error>> {
        Ok(request.headers().get(AUTHORIZATION).ok_or("no Authorization header")?.to_str()?)
    }

    #[test]
    fn utc_date_is_the_utc_day_not_the_local_one() -> Result<(), SigningError> {
        assert_eq!(utc_date(1_551_113_065)?, "2019-02-25");
        assert_eq!(utc_date(0)?, "1970-01-01");
        Ok(())
    }

    #[test]
    fn canonical_headers_lowercase_trim_sort_and_skip_repeats() -> TestResult {
        let request = http::Request::post("/")
            .header("X-TC-Action", "  DescribeInstances ")
            .header("Host", "CVM.tencentcloudapi.com")
            .header("Content-Type", "application/json")
            .body(())?;
        let headers =
            canonical_headers(request.headers(), &["X-TC-Action", "host", "content-type", "host"])?;
        assert_eq!(
            headers.canonical,
            "content-type:application/json\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n"
        );
        assert_eq!(headers.signed, "content-type;host;x-tc-action");
        assert_eq!(
            canonical_headers(request.headers(), &["x-tc-region"]),
            Err(SigningError::MissingHeader("x-tc-region".into()))
        );
        Ok(())
    }

    #[test]
    fn sign_sets_host_timestamp_and_authorization() -> TestResult {
        let mut request = describe_instances()?;
        sign(&mut request, &Credentials::new("AKIDexample", "secret"), "cvm", 1_551_113_065)?;
        assert_eq!(request.headers()[HOST], "cvm.tencentcloudapi.com");
        assert_eq!(request.headers()[TIMESTAMP_HEADER], "1551113065");
        assert!(!request.headers().contains_key(TOKEN_HEADER));
        let authorization = authorization_of(&request)?;
        assert!(
            authorization.starts_with(
                "TC3-HMAC-SHA256 Credential=AKIDexample/2019-02-25/cvm/tc3_request, \
                 SignedHeaders=content-type;host;x-tc-action, Signature="
            ),
            "{authorization}"
        );
        Ok(())
    }

    #[test]
    fn a_session_token_is_sent_and_signed_when_asked_for() -> TestResult {
        let credentials = Credentials::new("AKIDexample", "secret").with_session_token("the-token");

        let mut default = describe_instances()?;
        sign(&mut default, &credentials, "cvm", 1_551_113_065)?;
        assert_eq!(default.headers()[TOKEN_HEADER], "the-token");
        assert!(
            authorization_of(&default)?.contains("SignedHeaders=content-type;host;x-tc-action, ")
        );

        let mut covered = describe_instances()?;
        sign_headers(
            &mut covered,
            &credentials,
            "cvm",
            1_551_113_065,
            &["x-tc-action", TOKEN_HEADER],
        )?;
        assert_eq!(covered.headers()[TOKEN_HEADER], "the-token");
        assert!(
            authorization_of(&covered)?
                .contains("SignedHeaders=content-type;host;x-tc-action;x-tc-token, ")
        );

        // The token takes part in the signature: another token, another one.
        let mut other = describe_instances()?;
        let other_credentials =
            Credentials::new("AKIDexample", "secret").with_session_token("other-token");
        sign_headers(
            &mut other,
            &other_credentials,
            "cvm",
            1_551_113_065,
            &["x-tc-action", TOKEN_HEADER],
        )?;
        assert_ne!(authorization_of(&covered)?, authorization_of(&other)?);
        Ok(())
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_refused_by_name() -> TestResult {
        let mut request = describe_instances()?;
        let credentials =
            Credentials::new("AKIDexample", "secret").with_session_token("line\nbreak");
        let error = sign(&mut request, &credentials, "cvm", 1_551_113_065).err().ok_or("signed")?;
        assert_eq!(error, SigningError::InvalidHeaderValue(TOKEN_HEADER.into()));
        assert!(!error.to_string().contains("line"));
        Ok(())
    }

    #[test]
    fn derived_keys_do_not_show_in_debug() {
        let keys = derive_keys("secret", "2019-02-25", "cvm");
        let shown = format!("{keys:?}");
        assert!(!shown.contains(&hex::encode(keys.secret_signing)));
        assert!(shown.contains("<redacted>"));
    }
}
