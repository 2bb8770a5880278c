//! The hand-written runtime of the crates `codegen` generates: validation,
//! request decoding that reports every problem, errors, response envelopes and
//! the [`Operation`] trait every generated action implements; [`sign`], the
//! request signers, and [`wire`], which turns a typed request into a signed
//! `http::Request` for the provider's protocol; with the cargo feature
//! `client`, [`client`], an async HTTP client that sends them (retries, rate
//! limit, timeouts) and parses the answers.
//!
//! A generated crate (such as `cloud-api-types`) depends on this crate and
//! re-exports it; generated code reaches it only as
//! `::cloud_api_runtime::__private`, so a `build.rs` user of the generator
//! depends on this crate and nothing else of the workspace.

#[cfg(feature = "client")]
pub mod client;
mod codes;
mod debug;
mod decode;
mod dynamic;
mod error;
pub mod lenient;
mod operation;
pub mod rules;
pub mod sign;
mod validate;
pub mod wire;

#[cfg(feature = "client")]
pub use client::{Client, ClientError};
pub use decode::{DecodeContext, DecodeJson, Sensitive, ViolationCodes};
pub use dynamic::{OperationInfo, RequestOutcome};
pub use error::{ApiError, ServiceError};
/// The `http` crate the wire layer speaks, so callers name the same version.
pub use http;
pub use operation::{Envelope, Operation, RegionRule};
pub use sign::{Credentials, SigningParams, Vendor};
pub use validate::{FieldPath, QueryProblem, Rule, Validate, ValidationErrors, Violation};
pub use wire::{Protocol, RequestError, SendConfig, WireRequest};

/// The runtime as generated modules name it
/// (`use ::cloud_api_runtime::__private as rt;`), so no spec name can clash
/// with it; not part of the supported API.
#[doc(hidden)]
pub mod __private {
    pub use crate::codes::KnownCode;
    pub use crate::debug::Redacted;
    pub use crate::lenient;
    pub use crate::validate::{Pattern, check};
    pub use crate::{
        DecodeContext, DecodeJson, Envelope, FieldPath, Operation, OperationInfo, Protocol,
        RegionRule, ServiceError, Validate, Violation, ViolationCodes,
    };

    // The standard items generated code names, reached as `rt::Option`,
    // `rt::Some`… A spec may name a type `Option`, `String` or `Into` (spec
    // names become UpperCamelCase items beside the generated code), which
    // would shadow the prelude; nothing a spec names can be called `rt`.
    pub use std::convert::Into;
    pub use std::default::Default;
    pub use std::option::Option::{self, None, Some};
    pub use std::result::Result::{self, Ok};
    pub use std::string::{String, ToString};
    pub use std::vec::Vec;
}
