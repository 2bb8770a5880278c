//! Requests on the wire: an action's typed request turned into a signed
//! `http::Request<Vec<u8>>` that any HTTP client can send.
//!
//! The provider's [`Protocol`] (from its spec) decides the encoding:
//! [`tencent`] writes Tencent Cloud API 3.0 (a JSON body, `X-TC-*` headers,
//! TC3-HMAC-SHA256), [`alibaba`] writes Alibaba Cloud's RPC style (flattened
//! query parameters, `x-acs-*` headers, ACS3-HMAC-SHA256). Building is pure:
//! the time and the nonce come from the [`SendConfig`], so a test pins them.

pub mod alibaba;
pub mod tencent;

use std::fmt;
use std::sync::Arc;

use crate::operation::Operation;
use crate::sign::{Credentials, SigningError, SigningParams};
use crate::validate::{Validate, ValidationErrors};

/// A signed request ready to send, with its body in memory.
pub type WireRequest = http::Request<Vec<u8>>;

/// How a provider's requests are encoded, addressed and signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// Tencent Cloud API 3.0: `POST /`, JSON body, `X-TC-*` headers, TC3-HMAC-SHA256.
    TencentApi3,
    /// Alibaba Cloud RPC style: parameters in the query, `x-acs-*` headers, ACS3-HMAC-SHA256.
    AlibabaRpc,
}

/// Where a request goes: a scheme and a host (with an optional port).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
}

impl Endpoint {
    /// Parses `host`, `host:port` or `scheme://host[:port]` (HTTPS when no scheme is given).
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        let invalid = |why: &str| RequestError::Endpoint(format!("`{text}`: {why}"));
        let with_scheme =
            if text.contains("://") { text.to_owned() } else { format!("https://{text}") };
        let uri: http::Uri = with_scheme.parse().map_err(|_| invalid("not a host or URL"))?;
        if uri.path_and_query().is_some_and(|p| p.as_str() != "/") {
            return Err(invalid("an endpoint is a host, without a path or query"));
        }
        let scheme = uri.scheme().cloned().ok_or_else(|| invalid("no scheme"))?;
        if scheme != http::uri::Scheme::HTTPS && scheme != http::uri::Scheme::HTTP {
            return Err(invalid("the scheme must be https or http"));
        }
        let authority = uri.authority().cloned().ok_or_else(|| invalid("no host"))?;
        Ok(Self { scheme, authority })
    }

    /// The host and port, as the `Host` header carries them.
    pub fn authority(&self) -> &str {
        self.authority.as_str()
    }

    fn uri(&self, path_and_query: &str) -> Result<http::Uri, RequestError> {
        http::Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(path_and_query)
            .build()
            .map_err(|e| RequestError::Endpoint(e.to_string()))
    }
}

/// The time and nonce of each signature: the real clock and a random nonce,
/// or fixed values in tests.
type SigningParamsSource = Arc<dyn Fn() -> Result<SigningParams, SigningError> + Send + Sync>;

/// Everything besides the request itself that goes into a signed request.
#[derive(Clone)]
pub struct SendConfig {
    credentials: Credentials,
    endpoint: Option<Endpoint>,
    region: Option<String>,
    language: Option<String>,
    validate: bool,
    signing_params: SigningParamsSource,
}

impl SendConfig {
    /// Signs with `credentials`, at the spec's first endpoint, validating
    /// every request before it is signed, with the system clock and random nonces.
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            endpoint: None,
            region: None,
            language: None,
            validate: true,
            signing_params: Arc::new(SigningParams::now),
        }
    }

    /// Sends to `endpoint` (`host`, `host:port` or `scheme://host[:port]`)
    /// instead of the spec's; needed where the spec documents none.
    pub fn with_endpoint(mut self, endpoint: &str) -> Result<Self, RequestError> {
        self.endpoint = Some(Endpoint::parse(endpoint)?);
        Ok(self)
    }

    /// The region to call (Tencent's `X-TC-Region`); checked against the action's region rule.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The language of the service's messages (Tencent's `X-TC-Language`, e.g. `en-US`).
    #[must_use]
    pub fn with_language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Signs requests without validating them first: for a caller who knows
    /// better than the spec (a rule the API no longer enforces, say).
    #[must_use]
    pub fn without_validation(mut self) -> Self {
        self.validate = false;
        self
    }

    /// Signs with the time and nonce `params` gives instead of the clock's
    /// and a random one: for tests and for reproducing a signature.
    #[must_use]
    pub fn with_signing_params(
        mut self,
        params: impl Fn() -> SigningParams + Send + Sync + 'static,
    ) -> Self {
        self.signing_params = Arc::new(move || Ok(params()));
        self
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The region, if one was set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint a request for `O` goes to: the configured one, else the spec's first.
    pub fn endpoint_for<O: Operation>(&self) -> Result<Endpoint, RequestError> {
        match (&self.endpoint, O::ENDPOINTS.first()) {
            (Some(endpoint), _) => Ok(endpoint.clone()),
            (None, Some(host)) => Endpoint::parse(host),
            (None, None) => {
                Err(RequestError::NoEndpoint { action: O::ACTION, service: O::SERVICE })
            }
        }
    }
}

impl fmt::Debug for SendConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendConfig")
            .field("credentials", &self.credentials)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("language", &self.language)
            .field("validate", &self.validate)
            .finish_non_exhaustive()
    }
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// The request (or the region) breaks the action's documented rules; at
    /// least one violation is blocking (advisory ones ride along).
    Invalid(ValidationErrors),
    /// The spec documents no endpoint for the service and the config gave none.
    NoEndpoint {
        /// The action.
        action: &'static str,
        /// Its service.
        service: &'static str,
    },
    /// The endpoint or a header value cannot be used.
    Endpoint(String),
    /// The request could not be encoded.
    Encode(String),
    /// A list item has nothing to send (no field set, `null`, an empty list),
    /// so a flattened query (Alibaba Cloud RPC) cannot number it: leaving it
    /// out would renumber the items after it or drop it unseen.
    EmptyListItem {
        /// The item's parameter name as flattened (`CustomFields.1`).
        path: String,
    },
    /// The request could not be signed.
    Signing(SigningError),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(errors) => write!(f, "the request breaks the API's rules: {errors}"),
            Self::NoEndpoint { action, service } => write!(
                f,
                "no endpoint for {service} {action}: the spec documents none; set one with `SendConfig::with_endpoint`"
            ),
            Self::Endpoint(why) => write!(f, "unusable endpoint or header: {why}"),
            Self::Encode(why) => write!(f, "the request could not be encoded: {why}"),
            Self::EmptyListItem { path } => write!(
                f,
                "the request could not be encoded: list item `{path}` has nothing to send (no field set), and an item that sends nothing cannot be numbered on the wire"
            ),
            Self::Signing(why) => write!(f, "the request could not be signed: {why}"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Invalid(errors) => Some(errors),
            Self::Signing(error) => Some(error),
            _ => None,
        }
    }
}

impl From<SigningError> for RequestError {
    fn from(error: SigningError) -> Self {
        Self::Signing(error)
    }
}

/// The signed request for `O`; see [`Operation::signed_request`].
pub(crate) fn signed_request<O: Operation>(
    request: &O::Request,
    config: &SendConfig,
) -> Result<WireRequest, RequestError> {
    check::<O>(request, config)?;
    let endpoint = config.endpoint_for::<O>()?;
    let params = (config.signing_params)()?;
    match O::PROTOCOL {
        Protocol::TencentApi3 => tencent::signed_request::<O>(request, config, &endpoint, &params),
        Protocol::AlibabaRpc => alibaba::signed_request::<O>(request, config, &endpoint, &params),
    }
}

/// The request's blocking violations and the region's, unless `config` opts
/// out of validation: what [`Operation::signed_request`] checks first.
pub(crate) fn check<O: Operation>(
    request: &O::Request,
    config: &SendConfig,
) -> Result<(), RequestError> {
    if !config.validate {
        return Ok(());
    }
    let mut violations = request.validate().err().map(|e| e.0).unwrap_or_default();
    violations.extend(O::check_region(config.region()).err().map(|e| e.0).unwrap_or_default());
    // Advisory violations (a default policy the account may have changed)
    // are the caller's to read with `validate()`; they never stop a request.
    let errors = ValidationErrors(violations);
    if errors.is_blocking() { Err(RequestError::Invalid(errors)) } else { Ok(()) }
}

/// Whether the request can be written on `O`'s wire at all, whatever the
/// signature: an Alibaba list item with nothing to send cannot be numbered
/// ([`RequestError::EmptyListItem`]). A JSON body always can. The client asks
/// before it waits for a turn of the rate limit.
#[cfg(feature = "client")]
pub(crate) fn encodable<O: Operation>(request: &O::Request) -> Result<(), RequestError> {
    match O::PROTOCOL {
        Protocol::TencentApi3 => Ok(()),
        Protocol::AlibabaRpc => alibaba::parameters(request).map(drop),
    }
}

/// `name: value` as a header, or why not.
fn header(value: &str) -> Result<http::HeaderValue, RequestError> {
    http::HeaderValue::from_str(value)
        .map_err(|_| RequestError::Endpoint(format!("`{value}` is not a valid header value")))
}
