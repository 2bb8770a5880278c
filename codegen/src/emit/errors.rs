//! Error enums: a variant per documented code (the action's own, then the
//! provider's common ones) and `Unknown`, which keeps any other code, so a new
//! server code never breaks decoding and adding a variant is not a break.
//!
//! The per-code facts (code, description, HTTP status, retryability) are a
//! private table of `rt::KnownCode` rows beside the list of variants, a line a
//! code in each (see the runtime's `codes.rs` for why two); every method reads
//! them through the runtime, so a code is written once, not once per method.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::docs::doc_attrs;
use crate::model::{Action, ErrorCode};

/// `pub enum <Action>Error` and its impls.
pub(super) fn error_enum(action: &Action) -> TokenStream {
    let name = ident(&action.error_type);
    let doc = format!(
        "Error codes of `{}`: its own, then the provider's common codes.\n\n\
         `Display` shows the code and the doc's description of it; the server's own \
         message for one failed call is in `cloud_api_types::ApiError`.",
        action.wire_name
    );
    let variants = action.errors.iter().map(variant);
    let listed = action.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        quote!(Self::#variant)
    });
    let rows = action.errors.iter().map(row);
    let count = proc_macro2::Literal::usize_unsuffixed(action.errors.len());
    let doc = doc_attrs(&[doc]);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A code this version of the crate does not know, kept verbatim.
            Unknown(rt::String),
        }

        impl #name {
            /// Every documented code, in doc order.
            pub const KNOWN_CODES: &'static [&'static str] = &rt::KnownCode::codes(Self::CODES);

            /// The variant of each documented code, in doc order.
            const VARIANTS: &'static [Self] = &[#( #listed ),*];

            /// What the doc says of each code, in the order of `VARIANTS`: the
            /// code, its description, and its HTTP status and retryability.
            const CODES: &'static [rt::KnownCode; #count] = &[#( #rows ),*];

            /// The variant for `code`; `Unknown` when it is not documented.
            pub fn from_code(code: &str) -> Self {
                rt::KnownCode::variant(Self::VARIANTS, Self::CODES, code)
                    .unwrap_or_else(|| Self::Unknown(rt::String::from(code)))
            }

            /// The code as the API returns it.
            pub fn code(&self) -> &str {
                match self {
                    Self::Unknown(code) => code,
                    known => rt::KnownCode::code_of(Self::VARIANTS, Self::CODES, known),
                }
            }

            /// The doc's description of the code; `None` for an unknown code.
            pub fn description(&self) -> rt::Option<&'static str> {
                rt::KnownCode::of(Self::VARIANTS, Self::CODES, self).map(|row| row.description)
            }

            /// The HTTP status the doc gives for the code, if any.
            pub fn http_status(&self) -> rt::Option<u16> {
                rt::KnownCode::of(Self::VARIANTS, Self::CODES, self).and_then(|row| row.http_status)
            }

            /// Whether the doc says retrying later may succeed.
            pub fn is_retryable(&self) -> bool {
                rt::KnownCode::of(Self::VARIANTS, Self::CODES, self).is_some_and(|row| row.retryable)
            }
        }

        impl rt::ServiceError for #name {
            const KNOWN_CODES: &'static [&'static str] = Self::KNOWN_CODES;
            fn from_code(code: &str) -> Self {
                Self::from_code(code)
            }
            fn code(&self) -> &str {
                self.code()
            }
            fn description(&self) -> rt::Option<&'static str> {
                self.description()
            }
            fn http_status(&self) -> rt::Option<u16> {
                self.http_status()
            }
            fn is_retryable(&self) -> bool {
                self.is_retryable()
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(code: &str) -> rt::Result<Self, Self::Err> {
                rt::Ok(Self::from_code(code))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.description() {
                    rt::Some(description) => write!(f, "{}: {description}", self.code()),
                    rt::None => f.write_str(self.code()),
                }
            }
        }

        impl std::error::Error for #name {}
    }
}

/// `rt::KnownCode::new("<code>", "<description>")`, with `.http_status(…)`
/// and `.retryable()` only where the doc says so.
fn row(error: &ErrorCode) -> TokenStream {
    let (code, description) = (&error.code, &error.description);
    let status = error.http_status.map(|status| {
        let status = proc_macro2::Literal::u16_unsuffixed(status);
        quote!(.http_status(#status))
    });
    let retryable = error.retryable.then(|| quote!(.retryable()));
    quote!(rt::KnownCode::new(#code, #description) #status #retryable)
}

/// A variant, documented on one line as a table row reads: "`Code` (HTTP 404,
/// common to the provider): description".
fn variant(error: &ErrorCode) -> TokenStream {
    let name = ident(&error.variant);
    let mut facts: Vec<String> = Vec::new();
    if let Some(status) = error.http_status {
        facts.push(format!("HTTP {status}"));
    }
    if error.common {
        facts.push("common to the provider".to_owned());
    }
    let facts = if facts.is_empty() { String::new() } else { format!(" ({})", facts.join(", ")) };
    let docs = doc_attrs(&[format!("`{}`{facts}: {}", error.code, error.description.trim())]);
    quote! {
        #docs
        #name,
    }
}
