//! The module tree above the service files, the action registry, and the cargo
//! features that let a consumer compile only the services it uses.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{RustFile, ident};
use crate::docs::doc_attrs;
use crate::model::{Model, Provider};

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
        tokens: provider_module(provider),
    }));
    files
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
    let entries = model.providers.iter().flat_map(|provider| {
        provider.services.iter().flat_map(move |service| {
            let feature = service.feature();
            let path: Vec<_> = [&provider.name, &service.name, &service.version_module]
                .into_iter()
                .map(|s| ident(s))
                .collect();
            service.actions.iter().map(move |action| {
                let action = ident(&action.name);
                quote! {
                    #[cfg(feature = #feature)]
                    OperationInfo::of::<#(#path::)* #action>(),
                }
            })
        })
    });
    quote! {
        //! The generated API: one module per provider, service and API version.
        use ::cloud_api_runtime::OperationInfo;
        #( #modules )*

        /// Every action compiled in (per the enabled features), sorted by
        /// provider, service, version and action.
        pub fn operations() -> Vec<OperationInfo> {
            Vec::from([#(#entries)*])
        }
    }
}

fn provider_module(provider: &Provider) -> TokenStream {
    let title = format!(" {}.", provider.title);
    let mut by_service: BTreeMap<&str, Vec<&crate::model::Service>> = BTreeMap::new();
    for service in &provider.services {
        by_service.entry(&service.name).or_default().push(service);
    }
    let services = by_service.into_iter().map(|(name, versions)| {
        let module = ident(name);
        let feature = versions[0].feature();
        let docs = doc_attrs(&[format!("{}: every documented API version.", versions[0].title)]);
        let versions = versions.iter().map(|v| ident(&v.version_module));
        quote! {
            #docs
            #[cfg(feature = #feature)]
            pub mod #module {
                #( pub mod #versions; )*
            }
        }
    });
    quote! {
        #![doc = #title]
        #( #services )*
    }
}
