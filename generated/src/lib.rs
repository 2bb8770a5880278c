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
//! hand-written runtime they build on is the crate `cloud-api-runtime`,
//! re-exported here whole.

#[rustfmt::skip]
mod api;

pub use api::*;
pub use cloud_api_runtime::*;
