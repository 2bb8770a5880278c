//! Alibaba Cloud V3 request signature, `ACS3-HMAC-SHA256`: each step of the
//! doc's "V3 request structure and signature" page as a pure function,
//! [`prepare`] to set the date and nonce headers, and [`sign`], which puts
//! `x-acs-content-sha256`, `x-acs-security-token` and `Authorization` on a
//! request.
//!
//! The steps, as the doc numbers them:
//! 1. [`canonical_query_string`] (with [`percent_encode`]),
//!    [`hashed_payload`], [`canonical_headers`] and [`canonical_request`];
//! 2. [`string_to_sign`];
//! 3. [`signature`];
//! 4. [`authorization`].

use std::borrow::Cow;
use std::time::SystemTime;

use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderName};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::{SigningError, SigningParams, hmac_sha256, sha256_hex};
use crate::sign::{CanonicalHeaders, Credentials};

pub use super::canonical_request;

/// The algorithm name that opens the string to sign and the `Authorization`
/// header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The header carrying the hex SHA-256 of the body.
pub const CONTENT_SHA256_HEADER: &str = "x-acs-content-sha256";

/// The header carrying the signing time, `yyyy-MM-ddTHH:mm:ssZ` in UTC.
pub const DATE_HEADER: &str = "x-acs-date";

/// The header carrying the request's one-time value.
pub const NONCE_HEADER: &str = "x-acs-signature-nonce";

/// The header carrying the session token of temporary (STS) credentials.
pub const SECURITY_TOKEN_HEADER: &str = "x-acs-security-token";

/// Every byte RFC 3986 does not leave as is: all but `A-Z a-z 0-9 - _ . ~`.
const RFC3986_RESERVED: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes `s` as RFC 3986 and the doc ask: the UTF-8 bytes of
/// everything but `A-Z a-z 0-9 - _ . ~` become `%XX` with uppercase hex, so a
/// space is `%20`, `*` is `%2A` and `~` stays `~`. The request builder uses it
/// for the query string, so the query sent is the query signed.
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, RFC3986_RESERVED).to_string()
}

/// The canonical query string: each name and value [`percent_encode`]d,
/// joined with `=`, the pairs sorted by encoded name then encoded value and
/// joined with `&`. Repeated names are all kept; no parameters give `""`.
pub fn canonical_query_string<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut encoded: Vec<(String, String)> = params
        .into_iter()
        .map(|(name, value)| (percent_encode(name), percent_encode(value)))
        .collect();
    encoded.sort();
    let pairs: Vec<String> =
        encoded.into_iter().map(|(name, value)| format!("{name}={value}")).collect();
    pairs.join("&")
}

/// The canonical query string of a URI's query as it stands: each `name=value`
/// pair percent-decoded and then encoded again by [`canonical_query_string`],
/// so `~` and `%7E`, or `%2a` and `%2A`, sign alike. A `+` is a plus sign,
/// not a space.
///
/// # Errors
/// [`SigningError::InvalidQuery`] when a part does not decode to UTF-8.
pub fn canonical_query_of(query: Option<&str>) -> Result<String, SigningError> {
    let Some(query) = query.filter(|query| !query.is_empty()) else {
        return Ok(String::new());
    };
    let mut params = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        params.push((decode_query_part(name)?, decode_query_part(value)?));
    }
    Ok(canonical_query_string(params.iter().map(|(name, value)| (name.as_ref(), value.as_ref()))))
}

/// One percent-encoded query name or value, decoded.
fn decode_query_part(part: &str) -> Result<Cow<'_, str>, SigningError> {
    percent_decode_str(part).decode_utf8().map_err(|_| SigningError::InvalidQuery)
}

/// Lowercase hex of the SHA-256 of the body (the doc's
/// `HashedRequestPayload`, also sent as `x-acs-content-sha256`); an empty
/// body hashes to `e3b0c442…b855`.
pub fn hashed_payload(body: &[u8]) -> String {
    sha256_hex(body)
}

/// The canonical headers: `host`, `content-type` when present, and every
/// `x-acs-*` header, as `name:value\n` with the name lowercase and the value
/// trimmed, sorted by name. A header sent more than once signs its values
/// joined with `,`.
///
/// # Errors
/// [`SigningError::HeaderNotText`] when a signed header's value is not UTF-8.
pub fn canonical_headers(headers: &http::HeaderMap) -> Result<CanonicalHeaders, SigningError> {
    let mut entries = Vec::new();
    for name in headers.keys() {
        let name = name.as_str();
        if !(name == HOST.as_str() || name == CONTENT_TYPE.as_str() || name.starts_with("x-acs-")) {
            continue;
        }
        let mut values = Vec::new();
        for value in headers.get_all(name) {
            let text = std::str::from_utf8(value.as_bytes())
                .map_err(|_| SigningError::HeaderNotText(name.to_owned()))?;
            values.push(text.trim());
        }
        entries.push((name.to_owned(), values.join(",")));
    }
    Ok(CanonicalHeaders::from_entries(entries))
}

/// The string to sign: the algorithm and the hex SHA-256 of the canonical
/// request, on two lines.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// The signature: lowercase hex of `HMAC-SHA256(secret, string_to_sign)`.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    hex::encode(hmac_sha256(secret.as_bytes(), string_to_sign.as_bytes()))
}

/// The `Authorization` header value:
/// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex>`.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!(
        "{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}"
    )
}

/// The `x-acs-date` form of a time: `yyyy-MM-ddTHH:mm:ssZ` in UTC, whole
/// seconds.
///
/// # Errors
/// [`SigningError::TimeOutOfRange`] before 1970 or past the year 9999.
pub fn format_date(time: SystemTime) -> Result<String, SigningError> {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    super::utc_datetime(super::unix_seconds(time)?)?
        .format(&format)
        .map_err(|_| SigningError::TimeOutOfRange)
}

/// Sets `x-acs-date` and `x-acs-signature-nonce` from `params` where the
/// request does not carry them yet.
///
/// # Errors
/// [`SigningError::TimeOutOfRange`] for a time outside 1970–9999,
/// [`SigningError::InvalidHeaderValue`] for a nonce that cannot be a header.
pub fn prepare<B>(
    request: &mut http::Request<B>,
    params: &SigningParams,
) -> Result<(), SigningError> {
    if !request.headers().contains_key(DATE_HEADER) {
        let date = super::header_value(DATE_HEADER, &format_date(params.time())?)?;
        request.headers_mut().insert(HeaderName::from_static(DATE_HEADER), date);
    }
    if !request.headers().contains_key(NONCE_HEADER) {
        let nonce = super::header_value(NONCE_HEADER, params.nonce())?;
        request.headers_mut().insert(HeaderName::from_static(NONCE_HEADER), nonce);
    }
    Ok(())
}

/// Signs `request`, setting:
/// - `Host` from the URI when the request has none;
/// - `x-acs-content-sha256` to the body's hash (replacing any other value, so
///   header and signature agree);
/// - `x-acs-security-token` when the credentials carry a session token (it is
///   an `x-acs-*` header, so it is signed);
/// - `Authorization`.
///
/// It signs the request's `x-acs-*` headers as they stand: `x-acs-action`,
/// `x-acs-version`, and `x-acs-date` and `x-acs-signature-nonce`
/// (see [`prepare`]) must already be there. The URI path is signed as it
/// stands; the query is canonicalized by [`canonical_query_of`].
///
/// # Errors
/// [`SigningError::HeaderNotText`] when a signed header's value is not UTF-8,
/// [`SigningError::InvalidQuery`] when the query is not percent-encoded
/// UTF-8, [`SigningError::InvalidHeaderValue`] when the token or key ID
/// cannot be a header value, [`SigningError::MissingHeader`] when there is
/// neither a `Host` header nor a URI authority.
pub fn sign(
    request: &mut http::Request<Vec<u8>>,
    credentials: &Credentials,
) -> Result<(), SigningError> {
    super::ensure_host(request)?;
    let payload_hash = hashed_payload(request.body());
    let content_sha256 = super::header_value(CONTENT_SHA256_HEADER, &payload_hash)?;
    request.headers_mut().insert(HeaderName::from_static(CONTENT_SHA256_HEADER), content_sha256);
    if let Some(token) = credentials.session_token() {
        let token = super::header_value(SECURITY_TOKEN_HEADER, token)?;
        request.headers_mut().insert(HeaderName::from_static(SECURITY_TOKEN_HEADER), token);
    }

    let headers = canonical_headers(request.headers())?;
    let canonical = canonical_request(
        request.method().as_str(),
        super::canonical_uri(request),
        &canonical_query_of(request.uri().query())?,
        &headers.canonical,
        &headers.signed,
        &payload_hash,
    );
    let signature = signature(credentials.secret(), &string_to_sign(&canonical));
    let value = authorization(credentials.access_key_id(), &headers.signed, &signature);
    let value = super::header_value(AUTHORIZATION.as_str(), &value)?;
    request.headers_mut().insert(AUTHORIZATION, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn run_instances() -> Result<http::Request<Vec<u8>>, http::Error> {
        http::Request::post("https://ecs.cn-shanghai.aliyuncs.com/?RegionId=cn-shanghai")
            .header("x-acs-action", "RunInstances")
            .header("x-acs-version", "2014-05-26")
            .header("x-acs-date", "2023-10-26T10:22:32Z")
            .header("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d")
            .body(Vec::new())
    }

    fn authorization_of(
        request: &http::Request<Vec<u8>>,
    ) -> Result<&str, Box<dyn std::error::Error>> {
        Ok(request.headers().get(AUTHORIZATION).ok_or("no Authorization header")?.to_str()?)
    }

    #[test]
    fn percent_encode_keeps_only_the_unreserved_characters() {
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(percent_encode("a b*c+d/e=f&g"), "a%20b%2Ac%2Bd%2Fe%3Df%26g");
        assert_eq!(percent_encode("未命名"), "%E6%9C%AA%E5%91%BD%E5%90%8D");
        assert_eq!(percent_encode("\"'!()"), "%22%27%21%28%29");
    }

    #[test]
    fn the_query_is_sorted_by_encoded_name_then_value() {
        let query = canonical_query_string([
            ("b", "2"),
            ("a b", "x"),
            ("Tag.1.Key", "k"),
            ("a", "z"),
            ("a", "y"),
        ]);
        assert_eq!(query, "Tag.1.Key=k&a=y&a=z&a%20b=x&b=2");
        assert_eq!(canonical_query_string([]), "");
        assert_eq!(canonical_query_string([("Empty", "")]), "Empty=");
    }

    #[test]
    fn a_uri_query_is_decoded_then_encoded_again() -> Result<(), SigningError> {
        assert_eq!(canonical_query_of(Some("b=%7e&a=%2a+x&flag"))?, "a=%2A%2Bx&b=~&flag=");
        assert_eq!(canonical_query_of(None)?, "");
        assert_eq!(canonical_query_of(Some("a=%FF")), Err(SigningError::InvalidQuery));
        Ok(())
    }

    #[test]
    fn canonical_headers_take_host_content_type_and_x_acs_only() -> TestResult {
        let request = http::Request::post("/")
            .header("Host", "ecs.cn-shanghai.aliyuncs.com")
            .header("Content-Type", " application/json ")
            .header("X-Acs-Action", "RunInstances")
            .header("User-Agent", "not signed")
            .header("Accept", "application/json")
            .body(())?;
        let headers = canonical_headers(request.headers())?;
        assert_eq!(
            headers.canonical,
            "content-type:application/json\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n"
        );
        assert_eq!(headers.signed, "content-type;host;x-acs-action");
        Ok(())
    }

    #[test]
    fn format_date_is_utc_to_the_second() -> Result<(), SigningError> {
        let time = UNIX_EPOCH + Duration::from_millis(1_698_315_752_900);
        assert_eq!(format_date(time)?, "2023-10-26T10:22:32Z");
        Ok(())
    }

    #[test]
    fn prepare_sets_date_and_nonce_only_where_missing() -> TestResult {
        let params =
            SigningParams::fixed(UNIX_EPOCH + Duration::from_secs(1_698_315_752), "fixed-nonce");
        let mut bare =
            http::Request::post("https://ecs.cn-shanghai.aliyuncs.com/").body(Vec::<u8>::new())?;
        prepare(&mut bare, &params)?;
        assert_eq!(bare.headers()[DATE_HEADER], "2023-10-26T10:22:32Z");
        assert_eq!(bare.headers()[NONCE_HEADER], "fixed-nonce");

        let mut set = run_instances()?;
        prepare(&mut set, &SigningParams::fixed(UNIX_EPOCH, "other"))?;
        assert_eq!(set.headers()[DATE_HEADER], "2023-10-26T10:22:32Z");
        assert_eq!(set.headers()[NONCE_HEADER], "3156853299f313e23d1673dc12e1703d");
        Ok(())
    }

    #[test]
    fn sign_sets_the_payload_hash_and_signs_it() -> TestResult {
        let mut request = run_instances()?;
        request
            .headers_mut()
            .insert(CONTENT_SHA256_HEADER, http::HeaderValue::from_static("stale"));
        *request.body_mut() = br#"{"a":1}"#.to_vec();
        sign(&mut request, &Credentials::new("YourAccessKeyId", "secret"))?;
        assert_eq!(request.headers()[CONTENT_SHA256_HEADER], sha256_hex(br#"{"a":1}"#).as_str());
        assert_eq!(request.headers()[HOST], "ecs.cn-shanghai.aliyuncs.com");
        let authorization = authorization_of(&request)?;
        assert!(
            authorization.starts_with(
                "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
                 x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="
            ),
            "{authorization}"
        );
        Ok(())
    }

    #[test]
    fn a_session_token_is_sent_and_signed() -> TestResult {
        let mut request = run_instances()?;
        let credentials =
            Credentials::new("YourAccessKeyId", "secret").with_session_token("the-token");
        sign(&mut request, &credentials)?;
        assert_eq!(request.headers()[SECURITY_TOKEN_HEADER], "the-token");
        let authorization = authorization_of(&request)?;
        assert!(
            authorization.contains(";x-acs-security-token;x-acs-signature-nonce;"),
            "{authorization}"
        );

        let mut other = run_instances()?;
        sign(
            &mut other,
            &Credentials::new("YourAccessKeyId", "secret").with_session_token("other-token"),
        )?;
        assert_ne!(authorization_of(&other)?, authorization);
        Ok(())
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_refused_by_name() -> TestResult {
        let mut request = run_instances()?;
        let credentials =
            Credentials::new("YourAccessKeyId", "secret").with_session_token("line\nbreak");
        let error = sign(&mut request, &credentials).err().ok_or("signed")?;
        assert_eq!(error, SigningError::InvalidHeaderValue(SECURITY_TOKEN_HEADER.into()));
        assert!(!error.to_string().contains("line"));
        Ok(())
    }
}
