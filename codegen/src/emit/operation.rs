//! The unit type per action implementing `Operation`, and the request's rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::{Action, Envelope, Service};
use crate::spec::Protocol;

/// `const ENVELOPE`, shared by the service's actions.
pub(super) fn envelope_const(envelope: &Envelope) -> TokenStream {
    let option = |value: &Option<String>| match value {
        Some(key) => quote!(rt::Some(#key)),
        None => quote!(rt::None),
    };
    let (wrapper, error_object) = (option(&envelope.wrapper), option(&envelope.error_object));
    let (host_id, recommend) = (option(&envelope.host_id), option(&envelope.recommend));
    let (code, message, request_id) = (&envelope.code, &envelope.message, &envelope.request_id);
    quote! {
        /// How this provider wraps response bodies and errors.
        const ENVELOPE: rt::Envelope = rt::Envelope {
            wrapper: #wrapper,
            error_object: #error_object,
            code: #code,
            message: #message,
            request_id: #request_id,
            host_id: #host_id,
            recommend: #recommend,
        };
    }
}

/// `pub struct <Action>;` and its `Operation` impl.
pub(super) fn operation(service: &Service, protocol: Protocol, action: &Action) -> TokenStream {
    let name = ident(&action.name);
    let (request, response, error) = (
        ident(&action.request.rust_name),
        ident(&action.response.rust_name),
        ident(&action.error_type),
    );
    let doc = format!(
        " The `{}` action: ties [`{request}`], [`{response}`] and [`{error}`] together.",
        action.name
    );
    let (provider, service_name, version, action_name) =
        (&service.provider, &service.name, &service.version, &action.wire_name);
    let endpoints = &service.endpoints;
    let rate = match action.rate_limit_per_second {
        Some(rate) => {
            let rate = proc_macro2::Literal::u32_unsuffixed(rate);
            quote!(rt::Some(#rate))
        }
        None => quote!(rt::None),
    };
    let region_required = action.region.required;
    let regions = &action.region.supported;
    let (missing, invalid) = (&action.violation_codes.missing, &action.violation_codes.invalid);
    let protocol = match protocol {
        Protocol::TencentApi3 => quote!(TencentApi3),
        Protocol::AlibabaRpc => quote!(AlibabaRpc),
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct #name;

        impl rt::Operation for #name {
            const PROVIDER: &'static str = #provider;
            const SERVICE: &'static str = #service_name;
            const VERSION: &'static str = #version;
            const ACTION: &'static str = #action_name;
            const PROTOCOL: rt::Protocol = rt::Protocol::#protocol;
            const ENDPOINTS: &'static [&'static str] = &[#(#endpoints),*];
            const RATE_LIMIT_PER_SECOND: rt::Option<u32> = #rate;
            const REGION: rt::RegionRule = rt::RegionRule {
                required: #region_required,
                supported: &[#(#regions),*],
            };
            const ENVELOPE: rt::Envelope = ENVELOPE;
            const VIOLATION_CODES: rt::ViolationCodes = rt::ViolationCodes {
                missing: #missing,
                invalid: #invalid,
            };
            type Request = #request;
            type Response = #response;
            type Error = #error;
        }
    }
}

/// Rustdoc paragraphs of the request type: what the action does and how to
/// call it: where to send it, how often, and with which region, as the
/// caller sets them on `SendConfig`.
pub(super) fn request_doc(service: &Service, action: &Action) -> Vec<String> {
    let mut facts = vec![format!("Request of `{}`, API version {}.", action.name, service.version)];
    if service.endpoints.is_empty() {
        facts.push(
            "Endpoint: the page names none; give one with `SendConfig::with_endpoint`.".to_owned(),
        );
    } else {
        let hosts: Vec<String> = service.endpoints.iter().map(|e| format!("`{e}`")).collect();
        facts.push(format!("Endpoint: {}.", hosts.join(", ")));
    }
    if let Some(rate) = action.rate_limit_per_second {
        facts.push(format!("Rate limit: {rate} requests per second."));
    }
    let region = &action.region;
    let supported = match region.supported.as_slice() {
        [] => String::new(),
        [one] => format!(", `{one}` only"),
        many => format!(
            ", one of {}",
            many.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    if region.required {
        facts.push(format!(
            "Region: required{supported}; set it with `SendConfig::with_region` \
             (without it, validation refuses the request)."
        ));
    } else if !supported.is_empty() || !region.description.is_empty() {
        facts.push(format!("Region: optional{supported}; set it with `SendConfig::with_region`."));
    }
    if !region.description.is_empty() {
        facts.push(format!("The page says of the region: {}", region.description));
    }
    let mut paragraphs = vec![action.description.clone(), facts.join("\n")];
    if region.required || !region.supported.is_empty() {
        paragraphs
            .push(format!("Check the region with `{}::check_region` before sending.", action.name));
    }
    paragraphs
}
