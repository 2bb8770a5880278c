//! The hand-written runtime of the crates `codegen` generates: validation,
//! request decoding that reports every problem, errors, response envelopes and
//! the [`Operation`] trait every generated action implements.
//!
//! A generated crate (such as `cloud-api-types`) depends on this crate and
//! re-exports it; generated code reaches it only as
//! `::cloud_api_runtime::__private`, so a `build.rs` user of the generator
//! depends on this crate and nothing else of the workspace.

mod debug;
mod decode;
mod dynamic;
mod error;
pub mod lenient;
mod operation;
mod validate;

pub use decode::{DecodeContext, DecodeJson, Sensitive, ViolationCodes};
pub use dynamic::{OperationInfo, RequestOutcome};
pub use error::{ApiError, ServiceError};
pub use operation::{Envelope, Operation, RegionRule};
pub use validate::{FieldPath, Rule, Validate, ValidationErrors, Violation};

/// The runtime as generated modules name it
/// (`use ::cloud_api_runtime::__private as rt;`), so no spec name can clash
/// with it; not part of the supported API.
#[doc(hidden)]
pub mod __private {
    pub use crate::debug::Redacted;
    pub use crate::lenient;
    pub use crate::validate::{Pattern, check};
    pub use crate::{
        DecodeContext, DecodeJson, Envelope, FieldPath, Operation, OperationInfo, RegionRule,
        ServiceError, Validate, Violation, ViolationCodes,
    };
}
