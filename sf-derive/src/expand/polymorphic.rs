//! `#[derive(Polymorphic)]`: the target of a polymorphic lookup (`Task.What`), one
//! variant per object it may point at, dispatched on `attributes.type`.
//!
//! ```text
//! #[derive(Debug, Clone, PartialEq, Polymorphic)]
//! pub enum TaskWhat {
//!     Account(Box<Account>),
//!     Opportunity(Box<Opportunity>),
//!     Other(serde_json::Value),   // optional fallback: any other object type
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

use super::runtime;
use crate::attr::Errors;

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "#[derive(Polymorphic)] needs an enum",
        ));
    };
    for param in &input.generics.params {
        if !matches!(param, syn::GenericParam::Type(_)) {
            errors.push(syn::Error::new_spanned(
                param,
                "#[derive(Polymorphic)] supports type parameters only (no lifetimes or const parameters)",
            ));
        }
    }
    let mut objects: Vec<(&Ident, &Type, &Type)> = Vec::new();
    let mut fallback: Option<(&Ident, &Type)> = None;
    for variant in &data.variants {
        let ty = match &variant.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => &f.unnamed[0].ty,
            _ => {
                errors.push(syn::Error::new_spanned(
                    &variant.ident,
                    "each variant holds one value: `Box<SomeObject>`, or the fallback (`serde_json::Value`)",
                ));
                continue;
            }
        };
        match boxed(ty) {
            Some(inner) => objects.push((&variant.ident, inner, ty)),
            None => {
                if fallback.replace((&variant.ident, ty)).is_some() {
                    errors.push(syn::Error::new_spanned(
                        ty,
                        "only one fallback variant is allowed; object variants hold `Box<SomeObject>`",
                    ));
                }
            }
        }
    }
    // Only the fallback is allowed: generated enums whose targets are all behind
    // disabled per-object features keep their field and decode to the fallback.
    if objects.is_empty() && fallback.is_none() {
        errors.push(syn::Error::new_spanned(
            &input.ident,
            "a polymorphic enum needs at least one `Box<SomeObject>` variant",
        ));
    }
    errors.finish()?;
    Ok(expand(input, &objects, fallback))
}

/// `Box<T>` or `Related<T>` → `T`.
fn boxed(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Box" && last.ident != "Related" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

fn expand(
    input: &DeriveInput,
    objects: &[(&Ident, &Type, &Type)],
    fallback: Option<(&Ident, &Type)>,
) -> TokenStream {
    let p = runtime();
    let name = &input.ident;
    let (impl_g, ty_g, where_c) = input.generics.split_for_impl();
    let ident = &quote!(#name #ty_g);
    let mut with_de = input.generics.clone();
    with_de.params.insert(0, syn::parse_quote!('de));
    let (de_impl_g, _, _) = with_de.split_for_impl();
    let arms = objects.iter().map(|(variant, ty, holder)| {
        quote! {
            if ty == <#ty as #p::SObject>::API_NAME {
                return <#holder as #p::HoldsRecord>::from_record_json(value)
                    .map(Self::#variant)
                    .map_err(#p::serde::de::Error::custom);
            }
        }
    });
    let otherwise = match fallback {
        Some((variant, ty)) => quote! {
            #p::serde_json::from_value::<#ty>(value)
                .map(Self::#variant)
                .map_err(#p::serde::de::Error::custom)
        },
        None => {
            let expected = objects
                .iter()
                .map(|(v, _, _)| v.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let message =
                format!("unexpected object type `{{}}` for {name} (expected one of {expected})");
            quote!(#p::Result::Err(#p::serde::de::Error::custom(::std::format!(#message, ty))))
        }
    };
    let object_types: Vec<&&Type> = objects.iter().map(|(_, t, _)| t).collect();
    let variant_names: Vec<&&Ident> = objects.iter().map(|(v, _, _)| v).collect();
    let fallback_arm = fallback.map(|(v, _)| quote!(Self::#v(_) => #p::Option::None,));
    // A generic enum holds `Related<U::Account>`: impls of `PolymorphicOf` for such
    // projections would overlap (rustc cannot tell `U::Account` from
    // `U::Opportunity`), so whoever defines the variant types writes them
    // (sf-codegen does, beside each object of a sharded set).
    let of_impls = if input.generics.params.is_empty() {
        quote!(#(impl #p::PolymorphicOf<#ident> for #object_types {})*)
    } else {
        TokenStream::new()
    };
    quote! {
        const _: () = {
            impl #de_impl_g #p::serde::Deserialize<'de> for #ident #where_c {
                // `__D`: a variant's type may be an object called `D`.
                fn deserialize<__D: #p::serde::Deserializer<'de>>(deserializer: __D) -> #p::Result<Self, __D::Error> {
                    let value = <#p::serde_json::Value as #p::serde::Deserialize>::deserialize(deserializer)?;
                    let ty = #p::polymorphic_type(&value).unwrap_or_default().to_owned();
                    let ty = ty.as_str();
                    #(#arms)*
                    #otherwise
                }
            }

            impl #impl_g #p::ParentTarget for #ident #where_c {
                type Target = #ident;
            }

            #of_impls

            impl #impl_g #ident #where_c {
                /// The API name of the object this value holds (`None` for the fallback).
                pub fn object_type(&self) -> #p::Option<&'static str> {
                    match self {
                        #(Self::#variant_names(_) => #p::Option::Some(<#object_types as #p::SObject>::API_NAME),)*
                        #fallback_arm
                    }
                }
            }
        };
    }
}
