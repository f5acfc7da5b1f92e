//! Picklist enums (with dependent-picklist tables) and polymorphic parent enums.

use super::object::{struct_path, Refs};
use super::{ident, Gates};
use crate::ir::{Controller, Dependency, Object, PicklistEnum, PolymorphicEnum};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit_picklist(o: &Object, p: &PicklistEnum) -> TokenStream {
    let name = ident(&p.name);
    let kind = if p.multi {
        "Multi-select picklist"
    } else {
        "Picklist"
    };
    let mut doc = vec![format!(
        " {kind} values of `{}.{}`.",
        o.api_name, p.field_api_name
    )];
    if p.restricted {
        doc.push(String::new());
        doc.push(" Restricted: the org rejects values outside this list on write.".to_string());
    }
    doc.push(String::new());
    doc.push(format!(
        " Values added to the org later land in `{}`.",
        p.fallback
    ));
    let restricted = p.restricted.then(|| quote!(#[picklist(restricted)]));
    let variants = p.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let api = &v.api_value;
        let mut docs = vec![format!(
            " `{}`{}",
            v.api_value,
            match &v.label {
                Some(l) if l != &v.api_value => format!(" ({l})"),
                _ => String::new(),
            }
        )];
        if !v.active {
            docs.push(" Inactive.".to_string());
        }
        if v.default {
            docs.push(" Default value.".to_string());
        }
        quote! {
            #(#[doc = #docs])*
            #[picklist(api_name = #api)]
            #vname,
        }
    });
    let fallback = ident(&p.fallback);
    let dependency = p
        .dependency
        .as_ref()
        .map(|d| emit_dependency(&name, d))
        .unwrap_or_default();
    quote! {
        #(#[doc = #doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::sf_runtime::Picklist)]
        #restricted
        pub enum #name {
            #(#variants)*
            /// A value not in the describe.
            #fallback(String),
        }
        #dependency
    }
}

fn emit_dependency(name: &proc_macro2::Ident, d: &Dependency) -> TokenStream {
    let controller = &d.controller_api_name;
    let rows = d
        .valid_for
        .iter()
        .map(|(c, allowed)| quote!((#c, &[#(#allowed),*])));
    let doc_const = format!(
        " The controlling field, `{controller}`, and for each of its values (in describe order) the values of this picklist it allows, decoded from `validFor`."
    );
    let lookup = match &d.controller {
        Controller::Picklist(ctrl) => {
            let ctrl = ident(ctrl);
            quote! {
                /// The API values allowed when the controlling field has `controlling`.
                pub fn allowed_values(controlling: &#ctrl) -> &'static [&'static str] {
                    let value = ::sf_runtime::types::Picklist::as_api_value(controlling);
                    Self::VALID_FOR
                        .iter()
                        .find(|(c, _)| *c == value)
                        .map(|(_, allowed)| *allowed)
                        .unwrap_or(&[])
                }
                /// Whether this value is allowed when the controlling field has `controlling`.
                pub fn is_valid_for(&self, controlling: &#ctrl) -> bool {
                    Self::allowed_values(controlling)
                        .contains(&::sf_runtime::types::Picklist::as_api_value(self))
                }
            }
        }
        Controller::Checkbox => quote! {
            /// The API values allowed when the controlling checkbox is `controlling`.
            pub fn allowed_values(controlling: bool) -> &'static [&'static str] {
                Self::VALID_FOR[usize::from(controlling)].1
            }
            /// Whether this value is allowed when the controlling checkbox is `controlling`.
            pub fn is_valid_for(&self, controlling: bool) -> bool {
                Self::allowed_values(controlling)
                    .contains(&::sf_runtime::types::Picklist::as_api_value(self))
            }
        },
    };
    quote! {
        impl #name {
            /// API name of the controlling field.
            pub const CONTROLLER: &'static str = #controller;
            #[doc = #doc_const]
            pub const VALID_FOR: &'static [(&'static str, &'static [&'static str])] = &[#(#rows),*];
            #lookup
        }
    }
}

pub(super) fn emit_polymorphic(o: &Object, p: &PolymorphicEnum, gates: Gates) -> TokenStream {
    let name = ident(&p.name);
    let mut doc = vec![" The parent of a polymorphic lookup, by `attributes.type`.".to_string()];
    if !p.other_targets.is_empty() {
        doc.push(String::new());
        doc.push(format!(
            " Targets outside the generated set ({}) land in `{}`.",
            p.other_targets.join(", "),
            p.fallback
        ));
    }
    let variants = p.variants.iter().map(|(v, s, _)| {
        let v = ident(v);
        let t = struct_path(o, s, Refs::Modules);
        let cfg = gates.cfg(o, s);
        quote!(#cfg #v(::sf_runtime::model::Related<#t>),)
    });
    let fallback = ident(&p.fallback);
    quote! {
        #(#[doc = #doc])*
        #[derive(Debug, Clone, PartialEq, ::sf_runtime::Polymorphic)]
        pub enum #name {
            #(#variants)*
            /// Any other object type, as raw JSON.
            #fallback(::sf_runtime::types::AnyType),
        }
    }
}
