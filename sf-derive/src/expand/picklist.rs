//! `#[derive(Picklist)]`: an open enum of API values with a fallback variant.
//!
//! ```text
//! #[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
//! #[picklist(restricted)]                 // optional: the org rejects unknown values
//! pub enum AccountType {
//!     #[picklist(api_name = "Customer - Direct")]
//!     CustomerDirect,
//!     Prospect,                           // API value defaults to the variant name
//!     Other(String),                      // the fallback: exactly one single-String variant
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident};

use super::runtime;
use crate::attr::{self, Errors, Slot};

struct Value<'a> {
    ident: &'a Ident,
    api_name: String,
    span: proc_macro2::Span,
}

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let mut restricted = Slot::new("restricted");
    attr::for_each_arg(&input.attrs, "picklist", &mut errors, |meta, errors| {
        match attr::key_name(meta).as_str() {
            "restricted" => restricted.set(
                meta.path.segments[0].ident.span(),
                attr::flag(meta)?,
                errors,
            ),
            other => {
                return Err(meta.error(format!(
                    "unknown picklist attribute `{other}` on an enum (expected `restricted`)"
                )))
            }
        }
        Ok(())
    });
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "#[derive(Picklist)] needs an enum",
        ));
    };
    if let Some(param) = input.generics.params.first() {
        errors.push(syn::Error::new_spanned(
            param,
            "#[derive(Picklist)] does not support generics",
        ));
    }

    let mut values = Vec::new();
    let mut fallback: Option<&Ident> = None;
    for variant in &data.variants {
        let mut api_name = Slot::new("api_name");
        let mut other = Slot::new("other");
        attr::for_each_arg(&variant.attrs, "picklist", &mut errors, |meta, errors| {
            let span = meta.path.segments[0].ident.span();
            match attr::key_name(meta).as_str() {
                "api_name" => api_name.set(span, attr::string(meta)?, errors),
                "other" => other.set(span, attr::flag(meta)?, errors),
                k => return Err(meta.error(format!("unknown picklist attribute `{k}` on a variant (expected `api_name` or `other`)"))),
            }
            Ok(())
        });
        match &variant.fields {
            Fields::Unit => {
                if let Some(o) = other.get() {
                    errors.push(syn::Error::new(
                        o.span,
                        "the `other` variant must hold a `String`",
                    ));
                }
                let (name, span) = match api_name.take() {
                    Some(s) => (s.value, s.span),
                    None => (variant.ident.to_string(), variant.ident.span()),
                };
                if values.iter().any(|v: &Value| v.api_name == name) {
                    errors.push(syn::Error::new(
                        span,
                        format!("the picklist value `{name}` is listed twice"),
                    ));
                }
                values.push(Value {
                    ident: &variant.ident,
                    api_name: name,
                    span,
                });
            }
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                if let Some(a) = api_name.get() {
                    errors.push(syn::Error::new(
                        a.span,
                        "the fallback variant has no API value of its own",
                    ));
                }
                if fallback.replace(&variant.ident).is_some() {
                    errors.push(syn::Error::new_spanned(
                        &variant.ident,
                        "only one fallback variant (holding a `String`) is allowed",
                    ));
                }
            }
            _ => errors.push(syn::Error::new_spanned(
                &variant.ident,
                "picklist variants are unit variants, plus one fallback variant holding a `String`",
            )),
        }
    }
    let Some(fallback) = fallback else {
        errors.push(syn::Error::new_spanned(
            &input.ident,
            "a picklist needs a fallback variant holding a `String` (e.g. `Other(String)`) for values added to the org later",
        ));
        errors.finish()?;
        unreachable!();
    };
    errors.finish()?;
    let _ = values.iter().map(|v| v.span);
    Ok(expand(
        input,
        &values,
        fallback,
        restricted.take().is_some_and(|r| r.value),
    ))
}

fn expand(
    input: &DeriveInput,
    values: &[Value],
    fallback: &Ident,
    restricted: bool,
) -> TokenStream {
    let p = runtime();
    let ident = &input.ident;
    let names: Vec<&str> = values.iter().map(|v| v.api_name.as_str()).collect();
    let variants: Vec<&Ident> = values.iter().map(|v| v.ident).collect();
    quote! {
        const _: () = {
            impl #p::Picklist for #ident {
                const VALUES: &'static [&'static str] = &[#(#names),*];
                const RESTRICTED: bool = #restricted;

                fn as_api_value(&self) -> &str {
                    match self {
                        #(#ident::#variants => #names,)*
                        #ident::#fallback(value) => value.as_str(),
                    }
                }

                fn from_api_value(value: &str) -> Self {
                    match value {
                        #(#names => #ident::#variants,)*
                        other => #ident::#fallback(::core::convert::From::from(other)),
                    }
                }
            }

            impl #p::FieldType for #ident {
                type Kind = #p::kinds::Picklist;
            }

            impl #p::serde::Serialize for #ident {
                fn serialize<S: #p::serde::Serializer>(&self, serializer: S) -> #p::Result<S::Ok, S::Error> {
                    #p::picklist_serialize(self, serializer)
                }
            }

            impl<'de> #p::serde::Deserialize<'de> for #ident {
                fn deserialize<D: #p::serde::Deserializer<'de>>(deserializer: D) -> #p::Result<Self, D::Error> {
                    #p::picklist_deserialize(deserializer)
                }
            }

            impl ::core::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(#p::Picklist::as_api_value(self))
                }
            }
        };
    }
}
