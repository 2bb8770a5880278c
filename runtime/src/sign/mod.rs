//! Request signing for the two vendors' APIs, in the style of `aws-sigv4`:
//! small pure functions over a canonical request, no HTTP client inside.
//!
//! - [`tc3`]: Tencent Cloud API 3.0, signature v3 (`TC3-HMAC-SHA256`).
//! - [`acs3`]: Alibaba Cloud V3 request signature (`ACS3-HMAC-SHA256`).
//! - [`Credentials`]: the key pair (and optional session token), read from the
//!   variables the vendors' own SDKs and CLIs read; it never shows its secret.
//!
//! Time and randomness come in from outside, so every signature can be
//! reproduced: [`tc3::sign`] takes the Unix timestamp it signs, and
//! [`acs3::sign`] signs the `x-acs-date` and `x-acs-signature-nonce` headers the
//! request already carries ([`acs3::prepare`] sets them from a
//! [`SigningParams`]). [`SigningParams::now`] gives the real clock and a random
//! nonce; [`SigningParams::fixed`] gives the values a test chooses.

pub mod acs3;
mod credentials;
pub mod tc3;

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use http::header::{HOST, HeaderValue};
use sha2::{Digest, Sha256};

pub use credentials::{Credentials, CredentialsError};

/// The cloud vendor whose conventions apply, such as which environment
/// variables hold its credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vendor {
    /// Tencent Cloud (API 3.0, `TC3-HMAC-SHA256`).
    TencentCloud,
    /// Alibaba Cloud (RPC and ROA APIs, `ACS3-HMAC-SHA256`).
    AlibabaCloud,
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::TencentCloud => "Tencent Cloud",
            Self::AlibabaCloud => "Alibaba Cloud",
        })
    }
}

/// The moment and the nonce one signature is made with, passed in so a test
/// can fix them and reproduce a published signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningParams {
    time: SystemTime,
    nonce: String,
}

impl SigningParams {
    /// The system clock's current time and a fresh random nonce.
    ///
    /// # Errors
    /// [`SigningError::Randomness`] when the operating system's random source
    /// fails.
    pub fn now() -> Result<Self, SigningError> {
        Ok(Self { time: SystemTime::now(), nonce: random_nonce()? })
    }

    /// A chosen time and nonce, for tests and replays of published examples.
    pub fn fixed(time: SystemTime, nonce: impl Into<String>) -> Self {
        Self { time, nonce: nonce.into() }
    }

    /// The moment the request is signed at.
    pub fn time(&self) -> SystemTime {
        self.time
    }

    /// Whole seconds since the Unix epoch, as `X-TC-Timestamp` carries them.
    ///
    /// # Errors
    /// [`SigningError::TimeOutOfRange`] for a time before 1970.
    pub fn unix_seconds(&self) -> Result<u64, SigningError> {
        unix_seconds(self.time)
    }

    /// The request's one-time value (`x-acs-signature-nonce`).
    pub fn nonce(&self) -> &str {
        &self.nonce
    }
}

/// A fresh nonce: 16 random bytes from the operating system, as 32 lowercase
/// hex digits.
///
/// # Errors
/// [`SigningError::Randomness`] when the operating system's random source
/// fails.
pub fn random_nonce() -> Result<String, SigningError> {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).map_err(|_| SigningError::Randomness)?;
    Ok(hex::encode(bytes))
}

/// Why a request could not be signed. Names headers, never their values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// A header the signature needs is absent (and, for `host`, the URI has
    /// no authority to take it from).
    MissingHeader(String),
    /// A header's value is not UTF-8 text, so it has no canonical form.
    HeaderNotText(String),
    /// A value the signer would put in this header is not a valid header
    /// value (for instance it holds a line break).
    InvalidHeaderValue(String),
    /// A query string parameter is not valid percent-encoded UTF-8.
    InvalidQuery,
    /// The signing time is before 1970 or past the year 9999.
    TimeOutOfRange,
    /// The operating system's random source failed.
    Randomness,
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader(name) => write!(f, "the request has no `{name}` header to sign"),
            Self::HeaderNotText(name) => write!(f, "the `{name}` header is not UTF-8 text"),
            Self::InvalidHeaderValue(name) => {
                write!(f, "the value for the `{name}` header is not a valid header value")
            }
            Self::InvalidQuery => {
                f.write_str("the query string is not valid percent-encoded UTF-8")
            }
            Self::TimeOutOfRange => f.write_str("the signing time is out of the supported range"),
            Self::Randomness => f.write_str("the operating system's random source failed"),
        }
    }
}

impl std::error::Error for SigningError {}

/// The canonical request both signatures hash: method, URI, query, headers,
/// signed header names and payload hash, one per line (the headers block ends
/// with its own line feed). Tencent's and Alibaba's docs define it alike.
pub fn canonical_request(
    method: &str,
    canonical_uri: &str,
    canonical_query: &str,
    canonical_headers: &str,
    signed_headers: &str,
    hashed_payload: &str,
) -> String {
    format!(
        "{method}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{hashed_payload}"
    )
}

/// The signed headers in canonical form, and the `;`-joined list of their
/// names that the `Authorization` header repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalHeaders {
    /// `name:value\n` for each signed header, sorted by name.
    pub canonical: String,
    /// The signed header names, sorted, joined with `;`.
    pub signed: String,
}

impl CanonicalHeaders {
    /// Builds both forms from `(lowercase name, canonical value)` pairs; sorts
    /// them by name.
    fn from_entries(mut entries: Vec<(String, String)>) -> Self {
        entries.sort();
        let mut canonical = String::new();
        let mut names = Vec::with_capacity(entries.len());
        for (name, value) in &entries {
            canonical.push_str(name);
            canonical.push(':');
            canonical.push_str(value);
            canonical.push('\n');
            names.push(name.as_str());
        }
        Self { canonical, signed: names.join(";") }
    }
}

/// Lowercase hex of the SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// HMAC-SHA256 of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC accepts a key of any length (longer ones are hashed first), so
    // `new_from_slice` cannot fail here.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        unreachable!("HMAC-SHA256 accepts keys of every length")
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Whole seconds since the Unix epoch.
pub(crate) fn unix_seconds(time: SystemTime) -> Result<u64, SigningError> {
    time.duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .map_err(|_| SigningError::TimeOutOfRange)
}

/// The UTC date and time of `secs` seconds after the epoch.
pub(crate) fn utc_datetime(secs: u64) -> Result<time::OffsetDateTime, SigningError> {
    let secs = i64::try_from(secs).map_err(|_| SigningError::TimeOutOfRange)?;
    time::OffsetDateTime::from_unix_timestamp(secs).map_err(|_| SigningError::TimeOutOfRange)
}

/// A header's value as text; `None` when the header is absent.
pub(crate) fn header_text<'a>(
    headers: &'a http::HeaderMap,
    name: &str,
) -> Result<Option<&'a str>, SigningError> {
    match headers.get(name) {
        None => Ok(None),
        Some(value) => std::str::from_utf8(value.as_bytes())
            .map(Some)
            .map_err(|_| SigningError::HeaderNotText(name.to_owned())),
    }
}

/// A header value the signer puts on the request.
pub(crate) fn header_value(name: &str, value: &str) -> Result<HeaderValue, SigningError> {
    HeaderValue::from_str(value).map_err(|_| SigningError::InvalidHeaderValue(name.to_owned()))
}

/// Gives the request a `Host` header from its URI's authority when it has
/// none, so the host that is signed is the host that is sent.
pub(crate) fn ensure_host<B>(request: &mut http::Request<B>) -> Result<(), SigningError> {
    if request.headers().contains_key(HOST) {
        return Ok(());
    }
    let Some(authority) = request.uri().authority() else {
        return Err(SigningError::MissingHeader(HOST.as_str().to_owned()));
    };
    let value = header_value(HOST.as_str(), authority.as_str())?;
    request.headers_mut().insert(HOST, value);
    Ok(())
}

/// The URI path as the canonical request carries it: `/` when empty.
pub(crate) fn canonical_uri<B>(request: &http::Request<B>) -> &str {
    match request.uri().path() {
        "" => "/",
        path => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_nonce_is_32_lowercase_hex_digits_and_fresh() -> Result<(), SigningError> {
        let first = SigningParams::now()?;
        let second = random_nonce()?;
        for nonce in [first.nonce(), second.as_str()] {
            assert_eq!(nonce.len(), 32);
            assert!(nonce.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        }
        assert_ne!(first.nonce(), second);
        Ok(())
    }

    #[test]
    fn fixed_params_give_back_what_they_were_given() -> Result<(), SigningError> {
        let time = UNIX_EPOCH + std::time::Duration::from_secs(1_551_113_065);
        let params = SigningParams::fixed(time, "nonce");
        assert_eq!(params.time(), time);
        assert_eq!(params.unix_seconds()?, 1_551_113_065);
        assert_eq!(params.nonce(), "nonce");
        Ok(())
    }

    #[test]
    fn a_time_before_the_epoch_is_refused() {
        let before = UNIX_EPOCH - std::time::Duration::from_secs(1);
        assert_eq!(
            SigningParams::fixed(before, "n").unix_seconds(),
            Err(SigningError::TimeOutOfRange)
        );
        assert_eq!(utc_datetime(u64::MAX), Err(SigningError::TimeOutOfRange));
    }

    #[test]
    fn errors_name_headers_and_nothing_else() {
        let shown = SigningError::InvalidHeaderValue("x-acs-security-token".into()).to_string();
        assert_eq!(
            shown,
            "the value for the `x-acs-security-token` header is not a valid header value"
        );
    }

    #[test]
    fn a_missing_host_header_is_taken_from_the_uri() -> Result<(), Box<dyn std::error::Error>> {
        let mut request =
            http::Request::post("https://cvm.tencentcloudapi.com/").body(Vec::<u8>::new())?;
        ensure_host(&mut request)?;
        assert_eq!(request.headers()[HOST], "cvm.tencentcloudapi.com");

        let mut relative = http::Request::post("/").body(Vec::<u8>::new())?;
        assert_eq!(ensure_host(&mut relative), Err(SigningError::MissingHeader("host".into())));
        Ok(())
    }
}
