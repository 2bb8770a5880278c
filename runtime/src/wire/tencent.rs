//! Tencent Cloud API 3.0 on the wire: `POST /` with the request as a JSON body
//! of wire names, the action, version, timestamp and region in `X-TC-*`
//! headers, signed with TC3-HMAC-SHA256.

use super::{Endpoint, RequestError, SendConfig, WireRequest, header};
use crate::operation::Operation;
use crate::sign::{SigningParams, tc3};

/// The content type Tencent Cloud API 3.0 takes for a JSON body.
pub const CONTENT_TYPE: &str = "application/json";

/// The signed `POST /` for `O`.
pub(super) fn signed_request<O: Operation>(
    request: &O::Request,
    config: &SendConfig,
    endpoint: &Endpoint,
    params: &SigningParams,
) -> Result<WireRequest, RequestError> {
    let body = serde_json::to_vec(request).map_err(|e| RequestError::Encode(e.to_string()))?;
    let timestamp = params.unix_seconds()?;
    let mut builder = http::Request::post(endpoint.uri("/")?)
        .header(http::header::HOST, header(endpoint.authority())?)
        .header(http::header::CONTENT_TYPE, CONTENT_TYPE)
        .header("X-TC-Action", header(O::ACTION)?)
        .header("X-TC-Version", header(O::VERSION)?)
        .header("X-TC-Timestamp", timestamp);
    if let Some(region) = &config.region {
        builder = builder.header("X-TC-Region", header(region)?);
    }
    if let Some(language) = &config.language {
        builder = builder.header("X-TC-Language", header(language)?);
    }
    let mut request = builder.body(body).map_err(|e| RequestError::Endpoint(e.to_string()))?;
    tc3::sign(&mut request, config.credentials(), signing_service::<O>(), timestamp)?;
    Ok(request)
}

/// The service name of the credential scope: the first label of the
/// documented host (`cam` of `cam.tencentcloudapi.com`), which stays right
/// when the request goes to another endpoint (a proxy, a local stand-in).
pub fn signing_service<O: Operation>() -> &'static str {
    O::ENDPOINTS
        .first()
        .and_then(|host| host.split('.').next())
        .filter(|label| !label.is_empty())
        .unwrap_or(O::SERVICE)
}
