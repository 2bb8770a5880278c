//! Stage 4: model → Rust tokens. Pure and infallible: everything that could be
//! wrong was rejected by `check`, so emission only reads the model.
//!
//! One file per concern: `structs` (data types, serde, builders, `Debug`),
//! `validate` (the `Validate` impls), `decode` (the `DecodeJson` impls of
//! request-side types), `errors` (error enums),
//! `operation` (the `Operation` impl tying an action together) and
//! `modules` (the module tree, the action registry and the cargo features).
//!
//! Generated code names every standard item through the runtime
//! (`rt::Option`, `rt::Some`, `rt::String`, `rt::Into`…), never through the
//! prelude: spec types sit beside it and may be called `Option` or `Into`.
//! The registry, which sits in the including module in single-file mode,
//! names `::std::vec::Vec`. Docs go through `crate::docs`, which makes spec
//! prose inert.
//!
//! [`emit`] lays the code out as a crate tree of files; [`emit_single_file`]
//! puts the same service items into one file of inline modules for
//! `include!`. Only the module assembly differs between the two.

mod decode;
mod errors;
mod modules;
mod operation;
mod structs;
mod validate;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Model, Provider, Service};

/// One Rust file to write, before formatting.
#[derive(Debug, Clone)]
pub struct RustFile {
    /// Path relative to the generated crate's root (`src/api/tencentcloud/cam/v20190116.rs`).
    pub path: String,
    /// The spec files it comes from, for its header.
    pub sources: Vec<String>,
    /// Its items.
    pub tokens: TokenStream,
}

/// Everything the generator produces.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// Rust source files.
    pub files: Vec<RustFile>,
    /// Cargo features of the generated crate: name → features it enables.
    pub features: BTreeMap<String, Vec<String>>,
}

/// Emits every file for `model`.
pub fn emit(model: &Model) -> Emitted {
    let mut files = modules::index_files(model);
    for provider in &model.providers {
        for service in &provider.services {
            files.push(RustFile {
                path: format!(
                    "src/api/{}/{}/{}.rs",
                    provider.name, service.name, service.version_module
                ),
                sources: vec![service.spec_file.clone(), provider.spec_file.clone()],
                tokens: service_file(service, provider),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Emitted { files, features: modules::features(model) }
}

/// Emits every service into one file at `path` (relative to the output
/// folder): inline modules `<provider>::<service>::<version>` and the
/// `operations()` registry, with no cargo feature gates and no inner attribute
/// at its top, so a crate can `include!` it from `OUT_DIR`.
pub fn emit_single_file(model: &Model, path: &str) -> RustFile {
    let sources = model.providers.iter().flat_map(|provider| {
        std::iter::once(provider.spec_file.clone())
            .chain(provider.services.iter().map(|s| s.spec_file.clone()))
    });
    let mut sources: Vec<String> = sources.collect();
    sources.sort();
    sources.dedup();
    RustFile { path: path.to_owned(), sources, tokens: modules::single_file(model) }
}

/// The items of one service at one API version, headed by its inner docs:
/// a service file of the crate tree, or an inline module's body.
fn service_file(service: &Service, provider: &Provider) -> TokenStream {
    let docs = inner_docs(service);
    let envelope_const = operation::envelope_const(&provider.envelope);
    let actions = service.actions.iter().map(|action| {
        let operation = operation::operation(service, provider.protocol, action);
        let doc = operation::request_doc(service, action);
        let request = structs::data_type(&action.request, Some((&doc, &action.notes)));
        let request_validate = validate::impl_validate(&action.request);
        let request_decode = decode::impl_decode(&action.request);
        let response = structs::data_type(&action.response, None);
        let response_validate = validate::impl_validate(&action.response);
        let error = errors::error_enum(action);
        quote! {
            #operation #request #request_validate #request_decode
            #response #response_validate #error
        }
    });
    let types = service.types.iter().map(|ty| {
        let data = structs::data_type(ty, None);
        let checks = validate::impl_validate(ty);
        let decode = decode::impl_decode(ty);
        quote! { #data #checks #decode }
    });
    quote! {
        #docs
        use ::cloud_api_runtime::__private as rt;
        #envelope_const
        #( #actions )*
        #( #types )*
    }
}

/// The service module's own docs: title, endpoints, source, then the notes, folded.
fn inner_docs(service: &Service) -> TokenStream {
    let mut doc = crate::docs::Doc::default();
    doc.paragraph(&format!("{}, API version {}.", service.title, service.version));
    if !service.endpoints.is_empty() {
        let hosts: Vec<String> = service.endpoints.iter().map(|e| format!("`{e}`")).collect();
        doc.paragraph(&format!("Endpoint: {}.", hosts.join(", ")));
    }
    let mut source = format!("Encoded from the doc page `{}`", service.document);
    if let Some(date) = &service.last_updated {
        source.push_str(&format!(" (last updated {date})"));
    }
    source.push_str(&format!(" in `specs/{}`.", service.spec_file));
    doc.paragraph(&source);
    for note in &service.notes {
        doc.note(&note.issue, &note.decision);
    }
    doc.inner_attrs()
}

/// `Foo` as an identifier token.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}
