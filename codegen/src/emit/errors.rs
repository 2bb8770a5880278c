//! Error enums: a variant per documented code (the action's own, then the
//! provider's common ones) and `Unknown`, which keeps any other code, so a new
//! server code never breaks decoding and adding a variant is not a break.

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
    let from_code = action.errors.iter().map(|e| {
        let (code, variant) = (&e.code, ident(&e.variant));
        quote!(#code => Self::#variant,)
    });
    let to_code = action.errors.iter().map(|e| {
        let (code, variant) = (&e.code, ident(&e.variant));
        quote!(Self::#variant => #code,)
    });
    let descriptions = action.errors.iter().map(|e| {
        let (description, variant) = (&e.description, ident(&e.variant));
        quote!(Self::#variant => rt::Some(#description),)
    });
    let statuses: Vec<TokenStream> = action
        .errors
        .iter()
        .filter_map(|e| {
            let status = proc_macro2::Literal::u16_unsuffixed(e.http_status?);
            let variant = ident(&e.variant);
            Some(quote!(Self::#variant => rt::Some(#status),))
        })
        .collect();
    let http_status = if statuses.is_empty() {
        quote!(rt::None)
    } else {
        quote!(match self { #(#statuses)* _ => rt::None })
    };
    let retryable: Vec<TokenStream> = action
        .errors
        .iter()
        .filter(|e| e.retryable)
        .map(|e| {
            let variant = ident(&e.variant);
            quote!(Self::#variant)
        })
        .collect();
    let is_retryable =
        if retryable.is_empty() { quote!(false) } else { quote!(matches!(self, #(#retryable)|*)) };
    let codes = action.errors.iter().map(|e| &e.code);
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
            pub const KNOWN_CODES: &'static [&'static str] = &[#(#codes),*];

            /// The variant for `code`; `Unknown` when it is not documented.
            pub fn from_code(code: &str) -> Self {
                match code {
                    #( #from_code )*
                    other => Self::Unknown(rt::String::from(other)),
                }
            }

            /// The code as the API returns it.
            pub fn code(&self) -> &str {
                match self {
                    #( #to_code )*
                    Self::Unknown(code) => code,
                }
            }

            /// The doc's description of the code; `None` for an unknown code.
            pub fn description(&self) -> rt::Option<&'static str> {
                match self {
                    #( #descriptions )*
                    Self::Unknown(_) => rt::None,
                }
            }

            /// The HTTP status the doc gives for the code, if any.
            pub fn http_status(&self) -> rt::Option<u16> {
                #http_status
            }

            /// Whether the doc says retrying later may succeed.
            pub fn is_retryable(&self) -> bool {
                #is_retryable
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

fn variant(error: &ErrorCode) -> TokenStream {
    let name = ident(&error.variant);
    let mut facts = format!("Code `{}`", error.code);
    if let Some(status) = error.http_status {
        facts.push_str(&format!(", HTTP {status}"));
    }
    if error.common {
        facts.push_str(", common to the provider");
    }
    facts.push('.');
    let docs = doc_attrs(&[error.description.as_str(), facts.as_str()]);
    quote! {
        #docs
        #name,
    }
}
