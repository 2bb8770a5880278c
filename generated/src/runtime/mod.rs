//! Hand-written code the generated modules build on. Nothing here is generated.

pub(crate) mod debug;
pub(crate) mod dynamic;
pub(crate) mod error;
pub mod lenient;
pub(crate) mod operation;
pub(crate) mod validate;
