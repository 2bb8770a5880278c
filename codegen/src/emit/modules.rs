//! The module tree above the service files, the action registry, and the cargo
//! features that let a consumer compile only the services it uses.
//!
//! Two layouts share the same pieces: the crate tree (`src/api.rs`,
//! `src/api/<provider>.rs`, service files below, every service behind its
//! cargo feature) and the single file for `include!` (inline modules, no
//! feature gates, no inner attribute at the top).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{RustFile, ident, service_file};
use crate::docs::doc_attrs;
use crate::model::{Model, Provider, Service};

/// `src/api.rs` and one `src/api/<provider>.rs` per provider.
pub(super) fn index_files(model: &Model) -> Vec<RustFile> {
    let mut files = vec![RustFile {
        path: "src/api.rs".to_owned(),
        sources: model.providers.iter().map(|p| p.spec_file.clone()).collect(),
        tokens: root(model),
    }];
    files.extend(model.providers.iter().map(|provider| RustFile {
        path: format!("src/api/{}.rs", provider.name),
        sources: vec![provider.spec_file.clone()],
        tokens: provider_module(provider, Layout::Tree),
    }));
    files
}

/// Every provider, service and version as inline modules (each version's body
/// is its service file), then the registry; no feature gates.
pub(super) fn single_file(model: &Model) -> TokenStream {
    let providers = model.providers.iter().map(|provider| {
        let name = ident(&provider.name);
        let body = provider_module(provider, Layout::Inline);
        quote! { pub mod #name { #body } }
    });
    let registry = registry(
        model,
        Layout::Inline,
        &[" Every action, sorted by provider, service, version and action."],
    );
    quote! {
        #( #providers )*
        #registry
    }
}

/// How the modules below a provider are declared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// File modules (`pub mod v20190116;`), each service behind its cargo feature.
    Tree,
    /// Inline modules holding the service files' items, without feature gates.
    Inline,
}

/// One feature per service, and one per provider enabling all of its services.
pub(super) fn features(model: &Model) -> BTreeMap<String, Vec<String>> {
    let mut features = BTreeMap::new();
    for provider in &model.providers {
        let services: Vec<String> = provider
            .services
            .iter()
            .map(|s| s.feature())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for feature in &services {
            features.insert(feature.clone(), Vec::new());
        }
        features.insert(provider.name.clone(), services);
    }
    features.insert("default".to_owned(), model.providers.iter().map(|p| p.name.clone()).collect());
    features
}

/// Compiled when any service of the provider is enabled.
fn provider_cfg(provider: &Provider) -> TokenStream {
    let features: BTreeSet<String> = provider.services.iter().map(|s| s.feature()).collect();
    match features.len() {
        1 => {
            let feature = features.iter();
            quote!(#[cfg(#(feature = #feature)*)])
        }
        _ => {
            let features = features.iter();
            quote!(#[cfg(any(#(feature = #features),*))])
        }
    }
}

fn root(model: &Model) -> TokenStream {
    let modules = model.providers.iter().map(|provider| {
        let cfg = provider_cfg(provider);
        let name = ident(&provider.name);
        quote! { #cfg pub mod #name; }
    });
    let registry = registry(
        model,
        Layout::Tree,
        &[
            " Every action compiled in (per the enabled features), sorted by",
            " provider, service, version and action.",
        ],
    );
    quote! {
        //! The generated API: one module per provider, service and API version.
        use ::cloud_api_runtime::OperationInfo;
        #( #modules )*

        #registry
    }
}

/// `operations()`: one `OperationInfo` per action, each behind its service's
/// feature in the crate tree (whose root file imports `OperationInfo`; the
/// single file names it inside the function only, so it adds no name to the
/// including module).
fn registry(model: &Model, layout: Layout, doc: &[&str]) -> TokenStream {
    let entries = model.providers.iter().flat_map(|provider| {
        provider.services.iter().flat_map(move |service| {
            let feature = service.feature();
            let cfg = (layout == Layout::Tree).then(|| quote!(#[cfg(feature = #feature)]));
            let path: Vec<_> = [&provider.name, &service.name, &service.version_module]
                .into_iter()
                .map(|s| ident(s))
                .collect();
            service.actions.iter().map(move |action| {
                let action = ident(&action.name);
                quote! {
                    #cfg
                    OperationInfo::of::<#(#path::)* #action>(),
                }
            })
        })
    });
    let (output, import) = match layout {
        Layout::Tree => (quote!(OperationInfo), None),
        Layout::Inline => (
            quote!(::cloud_api_runtime::OperationInfo),
            Some(quote!(
                use ::cloud_api_runtime::OperationInfo;
            )),
        ),
    };
    quote! {
        #( #[doc = #doc] )*
        pub fn operations() -> ::std::vec::Vec<#output> {
            #import
            ::std::vec::Vec::from([#(#entries)*])
        }
    }
}

/// The provider module's items: its doc, then one module per service holding
/// one module per API version.
fn provider_module(provider: &Provider, layout: Layout) -> TokenStream {
    let title = crate::docs::inner_doc_attrs(&[format!("{}.", provider.title)]);
    let mut by_service: BTreeMap<&str, Vec<&Service>> = BTreeMap::new();
    for service in &provider.services {
        by_service.entry(&service.name).or_default().push(service);
    }
    let services = by_service.into_iter().map(|(name, versions)| {
        let module = ident(name);
        let feature = versions[0].feature();
        let cfg = (layout == Layout::Tree).then(|| quote!(#[cfg(feature = #feature)]));
        let docs = doc_attrs(&[format!("{}: every documented API version.", versions[0].title)]);
        let versions = versions.iter().map(|service| {
            let version = ident(&service.version_module);
            match layout {
                Layout::Tree => quote! { pub mod #version; },
                Layout::Inline => {
                    let body = service_file(service, provider);
                    quote! { pub mod #version { #body } }
                }
            }
        });
        quote! {
            #docs
            #cfg
            pub mod #module {
                #( #versions )*
            }
        }
    });
    quote! {
        #title
        #( #services )*
    }
}
