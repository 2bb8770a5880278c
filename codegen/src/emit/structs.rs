//! Data types: the struct with serde wire names, its constructor and `with_*`
//! setters, and a `Debug` that redacts sensitive fields.
//!
//! Structs are `#[non_exhaustive]` and built with `new(required…)` plus setters,
//! so a caller cannot forget a required field and a new optional field is an
//! addition, not a break.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::docs::{Doc, doc_attrs};
use crate::ident::bare;
use crate::model::{Field, Note, RuleKind, Struct, Type};

/// The struct, its builder and its `Debug`; `doc` replaces the struct's
/// description and notes (a request's are its action's).
pub(super) fn data_type(ty: &Struct, doc: Option<(&[String], &[Note])>) -> TokenStream {
    let name = ident(&ty.rust_name);
    let mut docs = Doc::default();
    let (paragraphs, notes) = doc.unwrap_or((std::slice::from_ref(&ty.description), &ty.notes));
    for paragraph in paragraphs {
        docs.paragraph(paragraph);
    }
    notes_doc(&mut docs, notes);
    let docs = docs.attrs();
    let has_secret = ty.fields.iter().any(|f| f.sensitive);
    // Only types callers build get constructors (and `Default`): then a field
    // added to a response type is a minor change, not a new `new` signature.
    let all_optional = ty.derives_default();
    let mut derives = vec![quote!(Clone), quote!(PartialEq), quote!(Eq)];
    if !has_secret {
        derives.insert(0, quote!(Debug));
    }
    if all_optional {
        derives.push(quote!(Default));
    }
    let fields = ty.fields.iter().map(field);
    let builder = ty.is_input().then(|| builder(ty, all_optional));
    let debug = has_secret.then(|| redacting_debug(ty));
    quote! {
        #docs
        #[derive(#(#derives,)* serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
        }
        #builder
        #debug
    }
}

/// Rust type of a field's value (without the `Option` of an optional field).
pub(super) fn value_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(rt::String),
        Type::Integer => quote!(i64),
        Type::Boolean => quote!(bool),
        Type::Json => quote!(serde_json::Value),
        Type::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Type::Array(item) => {
            let item = value_type(item);
            quote!(rt::Vec<#item>)
        }
    }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = value_type(&field.ty);
    if field.is_optional() { quote!(rt::Option<#ty>) } else { ty }
}

fn field(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let ty = field_type(field);
    let wire = &field.wire_name;
    let docs = field_doc(field).attrs();
    let mut serde = vec![quote!(rename = #wire)];
    if field.is_optional() {
        serde.push(quote!(default));
    }
    if !field.required {
        serde.push(quote!(skip_serializing_if = "rt::Option::is_none"));
    }
    if field.ty == Type::Integer {
        let with = if field.is_optional() {
            "rt::lenient::optional_integer"
        } else {
            "rt::lenient::integer"
        };
        serde.push(quote!(deserialize_with = #with));
    }
    quote! {
        #docs
        #[serde(#(#serde),*)]
        pub #name: #ty,
    }
}

/// A field's rustdoc: its description, the facts a caller needs, its rules as
/// a list (a rule, its limits and its code a line), then the notes, folded.
fn field_doc(field: &Field) -> Doc {
    let mut facts = vec![format!("Wire name: `{}`.", field.wire_name)];
    if field.required && field.nullable {
        facts.push("Always present, but may be `null`.".to_owned());
    }
    if !field.known_values.is_empty() {
        let values: Vec<String> = field.known_values.iter().map(|v| format!("`{v}`")).collect();
        facts.push(format!("Known values (not exhaustive): {}.", values.join(", ")));
    }
    if let Some(example) = &field.example {
        facts.push(format!("Example: `{example}`."));
    }
    if field.sensitive {
        facts.push("Sensitive: never shown by `Debug` or in violations.".to_owned());
    }
    let rules: Vec<String> = field
        .rules
        .iter()
        .map(|rule| {
            let advisory = if rule.advisory { " (advisory)" } else { "" };
            format!("{} → `{}`{advisory}", rule_in_words(&rule.kind), rule.code)
        })
        .collect();
    let advisory = field.rules.iter().any(|rule| rule.advisory);
    let advisory =
        if advisory { " (an advisory rule is reported, never blocks a request)" } else { "" };
    let mut doc = Doc::default();
    doc.paragraph(&field.description);
    // One rule is one more fact; several are a list, a rule a line, right
    // under the facts (a list may interrupt a paragraph).
    match rules.as_slice() {
        [] => _ = doc.paragraph(&facts.join("\n")),
        [_] => {
            let rule = &field.rules[0];
            let advisory =
                if rule.advisory { " (advisory: reported, never blocks a request)" } else { "" };
            let words = rule_in_words(&rule.kind);
            facts.push(format!("{words}; a violation answers `{}`{advisory}.", rule.code));
            doc.paragraph(&facts.join("\n"));
        }
        _ => {
            facts.push(format!("Rules, with the code a violation answers{advisory}:"));
            doc.list(&facts.join("\n"), &rules);
        }
    }
    // Where the rules come from (the doc's wording, or the error row they answer
    // with), once per distinct source: five rules of one policy share one.
    let mut bases: Vec<&str> = Vec::new();
    for basis in field.rules.iter().filter_map(|rule| rule.basis.as_deref()) {
        if !bases.contains(&basis) {
            bases.push(basis);
        }
    }
    for basis in bases {
        doc.paragraph(&format!("Source: {basis}"));
    }
    notes_doc(&mut doc, &field.notes);
    doc
}

/// The spec's notes on gaps in the doc, folded at the end of `doc`.
fn notes_doc(doc: &mut Doc, notes: &[Note]) {
    for note in notes {
        doc.note(&note.issue, &note.decision);
    }
}

/// A rule in words, for a list item: what is accepted, with its limits.
fn rule_in_words(rule: &RuleKind) -> String {
    let bounds = |min: Option<u64>, max: Option<u64>, unit: &str| match (min, max) {
        (Some(min), Some(max)) if min == max => format!("exactly {min} {unit}"),
        (Some(min), Some(max)) => format!("{min} to {max} {unit}"),
        (Some(min), None) => format!("at least {min} {unit}"),
        (None, Some(max)) => format!("at most {max} {unit}"),
        (None, None) => format!("any number of {unit}"),
    };
    match rule {
        RuleKind::Length { min, max } => format!("Length: {}", bounds(*min, *max, "characters")),
        RuleKind::Items { min, max } => format!("Items: {}", bounds(*min, *max, "items")),
        RuleKind::Pattern { regex, explain } => format!("Must satisfy: {explain} (`{regex}`)"),
        RuleKind::OneOf(values) => format!("One of: {}", values.join(", ")),
        RuleKind::Range { min, max } => match (min, max) {
            (Some(min), Some(max)) => format!("Range: {min} to {max}"),
            (Some(min), None) => format!("Range: at least {min}"),
            (None, Some(max)) => format!("Range: at most {max}"),
            (None, None) => "Range: any".to_owned(),
        },
        RuleKind::RequiredIfPresent { wire_name, .. } => {
            format!("Required when `{wire_name}` is specified")
        }
    }
}

/// `new` takes the required fields; a `with_*` setter per optional one.
fn builder(ty: &Struct, all_optional: bool) -> TokenStream {
    let name = ident(&ty.rust_name);
    let required: Vec<&Field> = ty.fields.iter().filter(|f| !f.is_optional()).collect();
    let params = required.iter().map(|f| {
        let param = ident(&f.rust_name);
        let (ty, _) = argument(&f.ty);
        quote!(#param: #ty)
    });
    let inits = ty.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        if f.is_optional() {
            quote!(#field: rt::None)
        } else {
            let (_, convert) = argument(&f.ty);
            if convert.is_empty() { quote!(#field) } else { quote!(#field: #field #convert) }
        }
    });
    let new_doc = if required.is_empty() {
        "An empty value; set fields with the `with_*` methods.".to_owned()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire_name)).collect();
        format!(
            "A value with its required fields ({}); set the others with the `with_*` methods.",
            names.join(", ")
        )
    };
    let new_doc = doc_attrs(&[new_doc]);
    let new_body =
        if all_optional { quote!(rt::Default::default()) } else { quote!(Self { #(#inits,)* }) };
    let setters = ty.fields.iter().filter(|f| f.is_optional()).map(|f| {
        let field = ident(&f.rust_name);
        let setter = format_ident!("with_{}", bare(&f.rust_name));
        let (ty, convert) = argument(&f.ty);
        let doc = doc_attrs(&[format!("Sets `{}`.", f.wire_name)]);
        quote! {
            #doc
            #[must_use]
            pub fn #setter(mut self, #field: #ty) -> Self {
                self.#field = rt::Some(#field #convert);
                self
            }
        }
    });
    quote! {
        impl #name {
            #new_doc
            #[must_use]
            pub fn new(#(#params),*) -> Self {
                #new_body
            }
            #( #setters )*
        }
    }
}

/// Parameter type for a field's value, and the conversion applied to it.
fn argument(ty: &Type) -> (TokenStream, TokenStream) {
    match ty {
        Type::String => (quote!(impl rt::Into<rt::String>), quote!(.into())),
        other => (value_type(other), quote!()),
    }
}

fn redacting_debug(ty: &Struct) -> TokenStream {
    let name = ident(&ty.rust_name);
    let label = &ty.rust_name;
    let fields = ty.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let label = bare(&f.rust_name);
        match (f.sensitive, f.is_optional()) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, true) => quote!(.field(#label, &self.#field.as_ref().map(|_| rt::Redacted))),
            (true, false) => quote!(.field(#label, &rt::Redacted)),
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}
