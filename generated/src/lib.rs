//! Typed requests, responses, client-side validators and error enums for cloud
//! APIs, generated from reviewed YAML specs of each provider's documentation.
//!
//! Each service lives at `<provider>::<service>::<version>` (for example
//! [`tencentcloud::cam::v20190116`]) and is behind a cargo feature of the same
//! name (`tencentcloud-cam`); a provider feature (`tencentcloud`) enables all its
//! services. Every action has a request type (built with `new` plus `with_*`
//! setters, so a required field cannot be forgotten), a response type, an error
//! enum and a unit type implementing [`Operation`] that ties them together.
//!
//! ```
//! use cloud_api_types::tencentcloud::cam::v20190116::{UpdateUser, UpdateUserError, UpdateUserRequest};
//! use cloud_api_types::{ApiError, Operation, Validate};
//!
//! let request = UpdateUserRequest::new("alice").with_console_login(1).with_password("weak");
//! let violations = request.validate().unwrap_err();
//! assert!(violations.iter().all(|v| v.code == "InvalidParameter.PasswordViolatedRules"));
//!
//! let body = r#"{"Response": {"Error": {"Code": "ResourceNotFound.UserNotExist", "Message": "no such user"}, "RequestId": "r-1"}}"#;
//! match UpdateUser::parse_response(body) {
//!     Err(ApiError::Service { error: UpdateUserError::ResourceNotFoundUserNotExist, request_id, .. }) => {
//!         assert_eq!(request_id.as_deref(), Some("r-1"));
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//! ```
//!
//! Generated modules are under `src/api/` and must not be edited by hand; the
//! hand-written runtime they build on is under `src/runtime/`.

mod runtime;

#[rustfmt::skip]
mod api;

pub use api::*;
pub use runtime::dynamic::{OperationInfo, RequestOutcome};
pub use runtime::error::{ApiError, ServiceError};
pub use runtime::operation::{Envelope, Operation, RegionRule};
pub use runtime::validate::{FieldPath, Rule, Validate, ValidationErrors, Violation};

/// The runtime as generated modules name it (`use crate::__private as rt;`),
/// so no spec name can clash with it; not part of the supported API.
#[doc(hidden)]
pub mod __private {
    pub use crate::runtime::debug::Redacted;
    pub use crate::runtime::lenient;
    pub use crate::runtime::validate::{Pattern, check};
    pub use crate::{
        Envelope, FieldPath, Operation, RegionRule, ServiceError, Validate, Violation,
    };
}
