//! Errors the APIs answer with: the [`ServiceError`] trait every generated
//! error enum implements, and [`ApiError`], what parsing a response body yields
//! when it is not a success.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

/// What every generated `<Action>Error` enum offers. A code the crate does not
/// know becomes its `Unknown` variant, so a new server code never breaks decoding.
pub trait ServiceError:
    fmt::Debug + fmt::Display + Clone + FromStr<Err = Infallible> + std::error::Error
{
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
}

/// A response body that is not a success.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiError<E> {
    /// The service answered with an error.
    Service {
        /// The error code, as a matchable variant.
        error: E,
        /// The service's message.
        message: String,
        /// The request ID, for support tickets.
        request_id: Option<String>,
    },
    /// The body is not the documented shape.
    Malformed {
        /// What did not fit.
        reason: String,
        /// The request ID, when it could still be read.
        request_id: Option<String>,
    },
}

impl<E> ApiError<E> {
    /// The request ID the service assigned, if the body had one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service { request_id, .. } | Self::Malformed { request_id, .. } => {
                request_id.as_deref()
            }
        }
    }

    /// The service's error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Self::Service { error, .. } => Some(error),
            Self::Malformed { .. } => None,
        }
    }
}

impl<E: ServiceError> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service { error, message, request_id } => {
                write!(f, "{}: {message}", error.code())?;
                if let Some(id) = request_id {
                    write!(f, " (request {id})")?;
                }
                Ok(())
            }
            Self::Malformed { reason, .. } => write!(f, "malformed response body: {reason}"),
        }
    }
}

impl<E: ServiceError + 'static> std::error::Error for ApiError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.service_error().map(|e| e as _)
    }
}
