//! `DecodeJson` impls: each field read by its wire name, every problem reported.
//!
//! Only types callers send (requests and what they nest) get one: responses
//! are parsed by the serde derive. The runtime does the work (`required`,
//! `optional`, the impls for strings, integers, arrays…), so the generated
//! code is one line per field.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::Struct;

/// `impl DecodeJson for <Struct>`, or nothing for a response-only type.
pub(super) fn impl_decode(ty: &Struct) -> TokenStream {
    if !ty.is_input() {
        return TokenStream::new();
    }
    let name = ident(&ty.rust_name);
    let reads = ty.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        // A nullable required field is an `Option` the runtime reads with
        // `required`: it must be sent, `null` being one of its values.
        let lookup = if f.required { quote!(required) } else { quote!(optional) };
        let cx = if f.sensitive { quote!(cx.sensitive()) } else { quote!(cx) };
        quote!(#field: #cx.#lookup(object, at, #wire))
    });
    let placeholders = ty.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        if f.is_optional() {
            quote!(#field: rt::None)
        } else {
            quote!(#field: rt::DecodeJson::placeholder())
        }
    });
    // A type without fields still has to be an object; it just reads nothing from it.
    let object = if ty.fields.is_empty() { quote!(_) } else { quote!(object) };
    quote! {
        impl rt::DecodeJson for #name {
            fn decode_json(value: &serde_json::Value, at: &rt::FieldPath<'_>, cx: &mut rt::DecodeContext) -> Self {
                let rt::Some(#object) = cx.object(value, at) else {
                    return Self::placeholder();
                };
                Self { #( #reads, )* }
            }

            fn placeholder() -> Self {
                Self { #( #placeholders, )* }
            }
        }
    }
}
