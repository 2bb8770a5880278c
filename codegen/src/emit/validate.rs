//! `Validate` impls: one block per field that has rules or nested values; a
//! type with neither gets `impl rt::Validate for X {}` (the trait's default).
//!
//! Rules on a value run only when the value is sent; nested objects (alone, in
//! an `Option`, in a `Vec`) validate themselves through the runtime's blanket
//! impls, so one call covers every shape.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::model::{Field, Rule, RuleKind, Struct, Type};

/// `impl Validate for <Struct>`.
pub(super) fn impl_validate(ty: &Struct) -> TokenStream {
    let name = ident(&ty.rust_name);
    let checks: Vec<TokenStream> =
        ty.fields.iter().filter_map(|f| field_checks(f, &ty.fields)).collect();
    if checks.is_empty() {
        // The trait's default collects nothing: one line says "no rules".
        return quote!(impl rt::Validate for #name {});
    }
    quote! {
        impl rt::Validate for #name {
            fn collect_violations(&self, at: &rt::FieldPath<'_>, out: &mut rt::Vec<rt::Violation>) {
                #( #checks )*
            }
        }
    }
}

fn field_checks(field: &Field, siblings: &[Field]) -> Option<TokenStream> {
    let name = ident(&field.rust_name);
    let wire = &field.wire_name;
    let value_rules: Vec<TokenStream> = field
        .rules
        .iter()
        .enumerate()
        .filter_map(|(i, rule)| Some(enforced_as_stated(rule, value_rule(rule, i, field)?)))
        .collect();
    let presence_rules: Vec<TokenStream> = field
        .rules
        .iter()
        .filter_map(|rule| Some(enforced_as_stated(rule, presence_rule(rule, field, siblings)?)))
        .collect();
    let nested = field
        .ty
        .named()
        .is_some()
        .then(|| quote!(rt::Validate::collect_violations(&self.#name, &path, out);));
    if value_rules.is_empty() && presence_rules.is_empty() && nested.is_none() {
        return None;
    }
    let on_value = (!value_rules.is_empty()).then(|| {
        if field.is_optional() {
            quote!(if let rt::Some(value) = &self.#name { #(#value_rules)* })
        } else {
            quote!(let value = &self.#name; #(#value_rules)*)
        }
    });
    Some(quote! {
        {
            let path = at.field(#wire);
            #on_value
            #( #presence_rules )*
            #nested
        }
    })
}

/// `check` as is, or, for an advisory rule, with the violations it pushes marked
/// advisory, so they are reported without blocking.
fn enforced_as_stated(rule: &Rule, check: TokenStream) -> TokenStream {
    if rule.advisory { quote!(rt::check::advisory(out, |out| { #check });) } else { check }
}

/// A rule on the value itself, run when the value is present.
fn value_rule(rule: &Rule, index: usize, field: &Field) -> Option<TokenStream> {
    let code = &rule.code;
    let shown = if field.sensitive {
        quote!(rt::check::Shown::Redacted)
    } else {
        quote!(rt::check::Shown::Value)
    };
    Some(match &rule.kind {
        RuleKind::Length { min, max } => {
            let (min, max) = (option(min.as_ref()), option(max.as_ref()));
            quote!(rt::check::length(out, &path, value, (#min, #max), #code, #shown);)
        }
        RuleKind::Items { min, max } => {
            let (min, max) = (option(min.as_ref()), option(max.as_ref()));
            quote!(rt::check::items(out, &path, value.len(), (#min, #max), #code);)
        }
        RuleKind::Pattern { regex, explain } => {
            let pattern = format_ident!("PATTERN_{}", index);
            quote! {
                static #pattern: rt::Pattern = rt::Pattern::new(#regex, #explain);
                rt::check::pattern(out, &path, value, &#pattern, #code, #shown);
            }
        }
        RuleKind::OneOf(values) => {
            let allowed: Vec<String> = values.iter().map(|v| wire_text(v)).collect();
            let text = if field.ty == Type::String {
                quote!(value)
            } else {
                quote!(&rt::ToString::to_string(value))
            };
            quote!(rt::check::one_of(out, &path, #text, &[#(#allowed),*], #code, #shown);)
        }
        RuleKind::Range { min, max } => {
            let (min, max) = (option(min.as_ref()), option(max.as_ref()));
            quote!(rt::check::range(out, &path, *value, (#min, #max), #code, #shown);)
        }
        RuleKind::RequiredIfPresent { .. } => return None,
    })
}

/// A rule on whether the field is sent at all.
fn presence_rule(rule: &Rule, field: &Field, siblings: &[Field]) -> Option<TokenStream> {
    let RuleKind::RequiredIfPresent { wire_name, rust_name } = &rule.kind else {
        return None;
    };
    let code = &rule.code;
    let present = presence(field);
    let other_present =
        siblings.iter().find(|s| &s.rust_name == rust_name).map_or(quote!(false), presence);
    Some(
        quote!(rt::check::required_if_present(out, &path, #present, #other_present, #wire_name, #code);),
    )
}

fn presence(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    if field.is_optional() { quote!(self.#name.is_some()) } else { quote!(true) }
}

/// `Some(8)` / `None`, with unsuffixed literals as a person would write them.
fn option<T: Copy + Into<i128>>(value: Option<&T>) -> TokenStream {
    match value.map(|v| (*v).into()) {
        Some(v) if v < 0 => {
            let magnitude = proc_macro2::Literal::u128_unsuffixed(v.unsigned_abs());
            quote!(rt::Some(-#magnitude))
        }
        Some(v) => {
            let literal = proc_macro2::Literal::u128_unsuffixed(v.unsigned_abs());
            quote!(rt::Some(#literal))
        }
        None => quote!(rt::None),
    }
}

/// The wire text of an allowed value (the model keeps its JSON text), as the
/// runtime compares it: [`cloud_api_runtime::rules::wire_text`].
fn wire_text(json: &str) -> String {
    let value = serde_json::from_str(json).ok();
    match value.as_ref().and_then(cloud_api_runtime::rules::wire_text) {
        Some(text) => text.into_owned(),
        None => json.to_owned(),
    }
}
