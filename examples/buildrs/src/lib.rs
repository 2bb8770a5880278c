//! Typed requests, responses, validators and error enums for the made-up Acme
//! Cloud, generated at build time from this crate's own `specs/` folder.
//!
//! `build.rs` runs `codegen::Generator` in single-file mode into `OUT_DIR`;
//! this file includes the result. The crate depends on `cloud-api-runtime`
//! (re-exported here, like `cloud-api-types` does), `serde` and `serde_json`,
//! and on nothing else of the workspace.
//!
//! ```
//! use buildrs_example::acme::widgets::v20240115::CreateWidgetRequest;
//! use buildrs_example::Validate;
//!
//! assert!(CreateWidgetRequest::new("w1").with_serial("123456").validate().is_ok());
//! ```

include!(concat!(env!("OUT_DIR"), "/cloud_api.rs"));

pub use cloud_api_runtime::*;
