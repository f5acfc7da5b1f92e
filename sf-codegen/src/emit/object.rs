//! The `#[derive(SObject)]` struct of one object.

use super::shards::Sharding;
use super::{ident, Gates};
use crate::ir::{Field, Object, ParentTarget, RustType};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// How an object's code names the other objects.
#[derive(Clone, Copy)]
pub(crate) enum Refs<'a> {
    /// One module per object beside the others: `super::Contact`.
    Modules,
    /// A crate of a sharded set: `Contact<U>` generic over the set's universe,
    /// `super::Contact<U>` in the same crate, `U::Contact` in another one.
    Sharded(&'a Sharding),
}

/// The Rust type of a value (without the `Option`).
pub(super) fn value_type(o: &Object, ty: &RustType, refs: Refs) -> TokenStream {
    match ty {
        RustType::Id(Some(target)) => {
            let t = struct_path(o, target, refs);
            quote!(::sf_runtime::types::Id<#t>)
        }
        RustType::Id(None) => quote!(::sf_runtime::types::AnyId),
        RustType::String => quote!(String),
        RustType::Bool => quote!(bool),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F64 => quote!(f64),
        RustType::Decimal => quote!(::sf_runtime::types::Decimal),
        RustType::Date => quote!(::sf_runtime::types::Date),
        RustType::DateTime => quote!(::sf_runtime::types::DateTime),
        RustType::Time => quote!(::sf_runtime::types::Time),
        RustType::Base64 => quote!(::sf_runtime::types::Base64),
        RustType::Address => quote!(::sf_runtime::types::Address),
        RustType::Location => quote!(::sf_runtime::types::Location),
        RustType::AnyType => quote!(::sf_runtime::types::AnyType),
        RustType::Json => quote!(::sf_runtime::types::Json),
        RustType::Picklist(e) => {
            let e = ident(e);
            quote!(#e)
        }
        RustType::MultiPicklist(e) => {
            let e = ident(e);
            quote!(::sf_runtime::types::MultiPicklist<#e>)
        }
    }
}

/// `Account` inside its own module, `super::Contact` for another object (with
/// `<U>` or as `U::Contact` in a sharded set).
pub(super) fn struct_path(o: &Object, target: &str, refs: Refs) -> TokenStream {
    let t = ident(target);
    match refs {
        Refs::Modules if target == o.rust_name => quote!(#t),
        Refs::Modules => quote!(super::#t),
        // Itself as `U::Account`: a struct whose only use of `U` is inside its
        // own type would not constrain `U` (E0392).
        Refs::Sharded(s) if target == o.rust_name => {
            let u = s.param();
            quote!(#u::#t)
        }
        Refs::Sharded(s) if s.same_shard(&o.rust_name, target) => {
            let u = s.param();
            quote!(super::#t<#u>)
        }
        Refs::Sharded(s) => {
            let u = s.param();
            quote!(#u::#t)
        }
    }
}

fn field_doc(f: &Field) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(label) = &f.label {
        docs.push(format!(" {}", label.trim()));
        docs.push(String::new());
    }
    let mut facts = vec![format!("`{}`", f.describe_type)];
    if f.calculated {
        facts.push("formula (read-only)".to_string());
    } else if f.auto_number {
        facts.push("auto-number (read-only)".to_string());
    } else if f.is_read_only() {
        facts.push("read-only".to_string());
    } else if !f.createable {
        facts.push("not createable".to_string());
    } else if !f.updateable {
        facts.push("not updateable".to_string());
    }
    if !f.nillable && !f.is_read_only() {
        facts.push("required".to_string());
    }
    if !f.reference_to.is_empty() {
        facts.push(format!("references {}", f.reference_to.join(", ")));
    }
    if let Some(c) = &f.compound_field {
        facts.push(format!("component of `{c}`"));
    }
    docs.push(format!(" API name `{}`: {}.", f.api_name, facts.join(", ")));
    docs
}

fn field_attr(f: &Field) -> TokenStream {
    let api = &f.api_name;
    let kind = &f.describe_type;
    let mut args = vec![quote!(api_name = #api), quote!(kind = #kind)];
    if f.calculated {
        args.push(quote!(calculated));
    } else if f.auto_number {
        args.push(quote!(auto_number));
    } else if f.is_read_only() {
        args.push(quote!(readonly));
    } else {
        if !f.createable {
            args.push(quote!(createable = false));
        }
        if !f.updateable {
            args.push(quote!(updateable = false));
        }
    }
    if !f.nillable {
        args.push(quote!(nillable = false));
    }
    if f.external_id {
        args.push(quote!(external_id));
    }
    if f.id_lookup && f.api_name != "Id" {
        args.push(quote!(id_lookup));
    }
    if f.unique {
        args.push(quote!(unique));
    }
    if let Some(len) = f.length {
        let len = Literal::u32_unsuffixed(len);
        args.push(quote!(length = #len));
    }
    if !f.reference_to.is_empty() {
        let to = f.reference_to.join(",");
        args.push(quote!(reference_to = #to));
    }
    if let Some(rel) = &f.relationship_name {
        args.push(quote!(relationship_name = #rel));
    }
    quote!(#[sobject(#(#args),*)])
}

/// The struct with every scalar field, parent and child relationship.
pub(super) fn emit_struct(o: &Object, gates: Gates, refs: Refs) -> TokenStream {
    let name = ident(&o.rust_name);
    let api = &o.api_name;
    let struct_attr = match &o.key_prefix {
        Some(p) => quote!(#[sobject(api_name = #api, key_prefix = #p)]),
        None => quote!(#[sobject(api_name = #api)]),
    };
    let mut doc = vec![format!(
        " {} (`{}`).",
        o.label.as_deref().unwrap_or(&o.api_name).trim(),
        o.api_name
    )];
    if o.rust_name != o.api_name {
        doc.push(String::new());
        doc.push(format!(" Generated from the describe of `{}`.", o.api_name));
    }

    let mut members = Vec::new();
    for f in &o.fields {
        let fname = ident(&f.rust_name);
        let ty = value_type(o, &f.ty, refs);
        let attr = field_attr(f);
        let docs = field_doc(f);
        members.push(quote! {
            #(#[doc = #docs])*
            #attr
            pub #fname: Option<#ty>,
        });
    }
    for p in &o.parents {
        let fname = ident(&p.rust_name);
        let rel = &p.name;
        let field = &p.field;
        let doc = format!(" Parent `{}` (through `{}`).", p.name, p.field);
        members.push(match &p.target {
            ParentTarget::Single(target) => {
                let t = struct_path(o, target, refs);
                quote! {
                    #[doc = #doc]
                    #[sobject(parent = #rel, field = #field)]
                    pub #fname: Option<::sf_runtime::model::Related<#t>>,
                }
            }
            ParentTarget::Polymorphic(e) => {
                let e = ident(e);
                let e = match refs {
                    Refs::Modules => quote!(#e),
                    Refs::Sharded(s) => {
                        let universe = s.universe_crate();
                        let u = s.param();
                        quote!(::#universe::#e<#u>)
                    }
                };
                quote! {
                    #[doc = #doc]
                    #[sobject(parent = #rel, field = #field, polymorphic)]
                    pub #fname: Option<#e>,
                }
            }
        });
    }
    for c in &o.children {
        let fname = ident(&c.rust_name);
        let rel = &c.name;
        let field = &c.field;
        let t = struct_path(o, &c.child_struct, refs);
        let cfg = gates.cfg(o, &c.child_struct);
        let doc = format!(
            " Child records `{}` (`{}.{}`).",
            c.name, c.child_api_name, c.field
        );
        members.push(quote! {
            #[doc = #doc]
            #cfg
            #[sobject(child = #rel, field = #field)]
            pub #fname: Option<::sf_runtime::model::Related<::sf_runtime::model::ChildRecords<#t>>>,
        });
    }

    match refs {
        Refs::Modules => quote! {
            #(#[doc = #doc])*
            #[derive(Debug, Clone, Default, PartialEq, ::sf_runtime::SObject)]
            #struct_attr
            pub struct #name {
                #(#members)*
            }
        },
        Refs::Sharded(s) => {
            let universe = s.universe_crate();
            let u = s.param();
            let impls = super::shards::record_impls(o, s);
            let phantom = (!super::shards::mentions_universe(o)).then(|| {
                quote! {
                    /// Not a Salesforce field: ties the struct to its universe.
                    #[sobject(skip)]
                    pub _universe: ::core::marker::PhantomData<fn() -> #u>,
                }
            });
            quote! {
                #(#[doc = #doc])*
                #[derive(::sf_runtime::SObject)]
                #struct_attr
                pub struct #name<#u: ::#universe::Universe> {
                    #(#members)*
                    #phantom
                }
                #impls
            }
        }
    }
}
