//! Errors the APIs answer with: the [`ServiceError`] trait every generated
//! error enum implements, and [`ApiError`], what parsing an answer yields when
//! it is not a success.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

/// What every generated `<Action>Error` enum offers. A code the crate does not
/// know becomes its `Unknown` variant, so a new server code never breaks decoding.
pub trait ServiceError:
    fmt::Debug + fmt::Display + Clone + FromStr<Err = Infallible> + std::error::Error
{
    /// Every documented code, in doc order.
    const KNOWN_CODES: &'static [&'static str];

    /// The variant for `code`, `Unknown` when undocumented.
    fn from_code(code: &str) -> Self;
    /// The code as the API returns it.
    fn code(&self) -> &str;
    /// The doc's description; `None` for an unknown code.
    fn description(&self) -> Option<&'static str>;
    /// The HTTP status, where the doc gives one.
    fn http_status(&self) -> Option<u16>;
    /// Whether repeating the same request later may succeed, as the doc says.
    fn is_retryable(&self) -> bool;

    /// Whether the code is one this version of the crate does not document.
    fn is_unknown(&self) -> bool {
        !Self::KNOWN_CODES.contains(&self.code())
    }
}

/// An answer that is not a success.
///
/// Every variant keeps what the answer said about itself (HTTP status, request
/// ID), so a failed call can be traced in a support ticket whatever its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiError<E> {
    /// The service answered with one of its error codes.
    Service {
        /// The error code, as a matchable variant.
        error: E,
        /// The service's message.
        message: String,
        /// The request ID, for support tickets.
        request_id: Option<String>,
        /// The HTTP status, when the answer came over HTTP.
        status: Option<u16>,
        /// The ID of the host that answered (Alibaba Cloud's `HostId`).
        // Rarely present, so boxed: the error stays small enough to return by value.
        host_id: Option<Box<str>>,
        /// The service's diagnosis link (Alibaba Cloud's `Recommend`).
        recommend: Option<Box<str>>,
    },
    /// A non-success HTTP status without an error body the provider documents
    /// (a gateway's 502, a 403 from a proxy, a 503 with an empty body).
    Http {
        /// The HTTP status.
        status: u16,
        /// The raw body, possibly empty.
        body: String,
        /// The request ID, when a header or the body still carried one.
        request_id: Option<String>,
    },
    /// A success status whose body is not the documented shape.
    Malformed {
        /// What did not fit.
        reason: String,
        /// The request ID, when it could still be read.
        request_id: Option<String>,
        /// The HTTP status, when the answer came over HTTP.
        status: Option<u16>,
        /// The raw body, so nothing the service said is lost.
        body: String,
    },
}

impl<E> ApiError<E> {
    /// The request ID the service assigned, if the answer had one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service { request_id, .. }
            | Self::Http { request_id, .. }
            | Self::Malformed { request_id, .. } => request_id.as_deref(),
        }
    }

    /// The HTTP status, when the answer came over HTTP.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service { status, .. } | Self::Malformed { status, .. } => *status,
            Self::Http { status, .. } => Some(*status),
        }
    }

    /// The service's error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Self::Service { error, .. } => Some(error),
            Self::Http { .. } | Self::Malformed { .. } => None,
        }
    }

    /// The raw body of an answer that was not the documented shape.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Self::Http { body, .. } | Self::Malformed { body, .. } => Some(body),
            Self::Service { .. } => None,
        }
    }
}

impl<E: ServiceError> ApiError<E> {
    /// Whether sending the same request again later may succeed: a service
    /// error the error enum's `is_retryable` marks so (what the doc says), and
    /// any answer with HTTP 429 or 503, with an error body or without one
    /// (what HTTP itself says, whatever code the body carries).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Service { error, status, .. } => {
                // A 503 `ServiceUnavailable` or a 429 `Throttling.User` is a
                // code no spec may list, yet the status alone says "later".
                error.is_retryable() || status.is_some_and(retryable_status)
            }
            Self::Http { status, .. } => retryable_status(*status),
            Self::Malformed { .. } => false,
        }
    }
}

/// HTTP's own "try again later": 429 Too Many Requests, 503 Service Unavailable.
fn retryable_status(status: u16) -> bool {
    matches!(status, 429 | 503)
}

impl<E: ServiceError> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service { error, message, .. } => write!(f, "{}: {message}", error.code())?,
            Self::Http { status, body, .. } if body.is_empty() => {
                write!(f, "HTTP {status} with an empty body")?;
            }
            Self::Http { status, .. } => {
                write!(f, "HTTP {status} without a documented error body")?;
            }
            Self::Malformed { reason, .. } => write!(f, "malformed response body: {reason}")?,
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request {id})")?;
        }
        Ok(())
    }
}

impl<E: ServiceError + 'static> std::error::Error for ApiError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.service_error().map(|e| e as _)
    }
}
