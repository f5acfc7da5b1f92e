//! `#[derive(SObject)]`: field tokens, the `SObject` impl with static metadata, the
//! write body, and a serde `Deserialize` for query results.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::DeriveInput;

use super::{runtime, tokens};
use crate::ast::{FieldDef, Object, Relationship, Role, Scalar};
use crate::attr::Errors;
use crate::valid;

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let object = Object::from_syn(input, &mut errors);
    if let Some(object) = &object {
        valid::validate(object, &mut errors);
    }
    match (errors.finish(), object) {
        (Ok(()), Some(object)) => Ok(expand(&object)),
        // Attribute errors on a readable struct: report them, and still generate the
        // items so code using `Account::NAME` is not drowned in secondary errors
        // (thiserror's fallback).
        (Err(e), Some(object)) => {
            let mut tokens = e.to_compile_error();
            tokens.extend(expand(&object));
            Ok(tokens)
        }
        (Err(e), None) => Err(e),
        (Ok(()), None) => unreachable!("an unreadable struct always reports an error"),
    }
}

fn expand(object: &Object) -> TokenStream {
    let ident = object.ident;
    let vis = object.vis;
    let module = tokens::module(ident);
    let p = runtime();

    let named: Vec<&FieldDef> = object
        .fields
        .iter()
        .filter(|f| !matches!(f.role, Role::Skip))
        .collect();
    let describe = |f: &FieldDef| match &f.role {
        Role::Scalar(s) => format!("The `{}` field of `{}`.", s.api_name, object.api_name),
        Role::Parent(r) => format!(
            "The `{}` parent relationship of `{}`.",
            r.name, object.api_name
        ),
        Role::Child(r) => format!(
            "The `{}` child relationship of `{}`.",
            r.name, object.api_name
        ),
        Role::Skip => unreachable!(),
    };
    // A token is a unit struct with `Clone` and `Copy` written out: at a thousand
    // objects every impl per field counts, and derived `Clone` on a `Copy` type adds
    // a third.
    let token_vis = tokens::inner_visibility(vis);
    let g = Generics::of(object);
    let params = &g.params;
    let token_defs = named.iter().map(|f| {
        let tok = &f.token;
        let doc = describe(f);
        // A generic struct's tokens carry its type parameters (`Name<U>`), so each
        // instantiation of the struct has its own tokens; `fn() -> U` keeps them
        // `Send + Sync` whatever `U` is.
        let decl = if g.is_generic() {
            quote!(#token_vis struct #tok<#(#params),*>(pub(super) ::core::marker::PhantomData<fn() -> (#(#params,)*)>);)
        } else {
            quote!(#token_vis struct #tok;)
        };
        quote! {
            #[doc = #doc]
            #decl
            impl<#(#params),*> ::core::clone::Clone for #tok<#(#params),*> {
                #[inline]
                fn clone(&self) -> Self {
                    *self
                }
            }
            impl<#(#params),*> ::core::marker::Copy for #tok<#(#params),*> {}
        }
    });
    let consts = named.iter().map(|f| {
        let tok = &f.token;
        let name = tokens::constant(f.ident);
        let args = &g.token_args;
        let value = if g.is_generic() {
            quote!(#module::#tok(::core::marker::PhantomData))
        } else {
            quote!(#module::#tok)
        };
        // Documented so crates with `#![warn(missing_docs)]` can hold generated structs.
        let doc = describe(f);
        quote! {
            #[doc = #doc]
            #vis const #name: #module::#tok #args = #value;
        }
    });
    let module_doc = match &object.key_prefix {
        Some(prefix) => format!("Field tokens of [`{ident}`] (`{ident}::NAME` and friends). Record ids start with `{prefix}`."),
        None => format!("Field tokens of [`{ident}`] (`{ident}::NAME` and friends)."),
    };

    let field_impls = named.iter().map(|f| field_impl(object, &g, &module, f));
    let sobject_impl = sobject_impl(object, &g, &module);
    let deserialize = deserialize_impl(object, &g);
    let (impl_g, this, where_c) = (&g.impl_generics, &g.this, &g.where_clause);

    quote! {
        #[doc = #module_doc]
        #[allow(non_camel_case_types)]
        #vis mod #module {
            #(#token_defs)*
        }

        // An object called `Query` or `Count` gets `Query::query()`: not a constructor.
        #[allow(dead_code, clippy::self_named_constructors)]
        impl #impl_g #this #where_c {
            #(#consts)*

            /// Every scalar field of the struct; rows decode to the struct.
            #vis fn query() -> #p::soql::Query<#this, #p::soql::AllFields<#this>> {
                #p::soql::Query::all_fields()
            }

            /// The given fields (a field, a parent path, a subquery, an aggregate, or a tuple of them).
            // `Self`, not the struct's name: an object called `S` would be
            // shadowed by the parameter.
            #vis fn select<S: #p::soql::Selection<Self>>(selection: S) -> #p::soql::Query<Self, S> {
                #p::soql::Query::new(selection)
            }

            /// `SELECT COUNT() FROM …`: the count is the response's `totalSize`.
            #vis fn count() -> #p::soql::Query<#this, #p::soql::CountAll> {
                #p::soql::Query::new(#p::soql::CountAll)
            }
        }

        const _: () = {
            #sobject_impl
            #(#field_impls)*
            #deserialize

            impl #impl_g #p::ParentTarget for #this #where_c {
                type Target = #this;
            }
        };
    }
}

fn field_meta(p: &TokenStream, f: &FieldDef, s: &Scalar) -> TokenStream {
    let api = &s.api_name;
    let rust = f.ident.to_string();
    let describe = match &s.describe_type {
        Some(t) => quote!(#p::Option::Some(#t)),
        None => quote!(#p::Option::None),
    };
    let (c, u, n, calc, ext, idl) = (
        s.createable,
        s.updateable,
        s.nillable,
        s.calculated,
        s.external_id,
        s.id_lookup,
    );
    let refs = &s.reference_to;
    let rel = match &s.relationship_name {
        Some(r) => quote!(#p::Option::Some(#r)),
        None => quote!(#p::Option::None),
    };
    quote! {
        #p::FieldMeta {
            api_name: #api,
            rust_name: #rust,
            describe_type: #describe,
            createable: #c,
            updateable: #u,
            nillable: #n,
            calculated: #calc,
            external_id: #ext,
            id_lookup: #idl,
            reference_to: &[#(#refs),*],
            relationship_name: #rel,
        }
    }
}

fn field_impl(object: &Object, g: &Generics, module: &syn::Ident, f: &FieldDef) -> TokenStream {
    let p = runtime();
    let _ = object;
    let (impl_g, ident, where_c, args) =
        (&g.impl_generics, &g.this, &g.where_clause, &g.token_args);
    let tok = &f.token;
    let ty = f.ty;
    match &f.role {
        Role::Scalar(s) => {
            let api = &s.api_name;
            let meta = field_meta(&p, f, s);
            let mut markers = Vec::new();
            if s.createable {
                markers
                    .push(quote!(impl #impl_g #p::Createable for #module::#tok #args #where_c {}));
            }
            if s.updateable {
                markers
                    .push(quote!(impl #impl_g #p::Updateable for #module::#tok #args #where_c {}));
            }
            if s.nillable {
                markers.push(quote!(impl #impl_g #p::Nillable for #module::#tok #args #where_c {}));
            }
            if s.external_id || s.id_lookup || s.api_name == "Id" {
                markers
                    .push(quote!(impl #impl_g #p::UpsertKey for #module::#tok #args #where_c {}));
            }
            quote! {
                impl #impl_g #p::Field for #module::#tok #args #where_c {
                    type Object = #ident;
                    type Value = <#ty as #p::FieldSlot>::Value;
                    type Kind = <<#ty as #p::FieldSlot>::Value as #p::FieldType>::Kind;
                    const API_NAME: &'static str = #api;
                    const META: &'static #p::FieldMeta = &#meta;
                }
                impl #impl_g #p::FieldOf<#ident> for #module::#tok #args #where_c {}
                #(#markers)*
            }
        }
        Role::Parent(r) => {
            let name = &r.name;
            let poly = r
                .polymorphic
                .then(|| quote!(impl #impl_g #p::PolymorphicRelationship for #module::#tok #args #where_c {}));
            quote! {
                impl #impl_g #p::ParentRelationship for #module::#tok #args #where_c {
                    type From = #ident;
                    type To = <#ty as #p::ParentSlot>::Target;
                    const NAME: &'static str = #name;
                }
                impl #impl_g #p::ParentOf<#ident> for #module::#tok #args #where_c {}
                // A relationship is a step a path from this object may take (`.then(..)`).
                impl #impl_g #p::FieldOf<#ident> for #module::#tok #args #where_c {}
                #poly
            }
        }
        Role::Child(r) => {
            let name = &r.name;
            quote! {
                impl #impl_g #p::ChildRelationship for #module::#tok #args #where_c {
                    type Parent = #ident;
                    type Child = <#ty as #p::ChildSlot>::Child;
                    const NAME: &'static str = #name;
                }
                impl #impl_g #p::ChildOf<#ident> for #module::#tok #args #where_c {}
            }
        }
        Role::Skip => TokenStream::new(),
    }
}

fn lookup_field(r: &Relationship) -> String {
    match &r.field {
        Some(f) => f.clone(),
        None => match r.name.strip_suffix("__r") {
            Some(base) => format!("{base}__c"),
            None => format!("{}Id", r.name),
        },
    }
}

fn sobject_impl(object: &Object, g: &Generics, module: &syn::Ident) -> TokenStream {
    let p = runtime();
    let (impl_g, ident, where_c, args) =
        (&g.impl_generics, &g.this, &g.where_clause, &g.token_args);
    let api = &object.api_name;

    let field_metas = object.scalars().map(|(f, _)| {
        let tok = &f.token;
        quote!(*<#module::#tok #args as #p::Field>::META)
    });
    let parents = object.fields.iter().filter_map(|f| match &f.role {
        Role::Parent(r) => {
            let (name, rust, field, poly) =
                (&r.name, f.ident.to_string(), lookup_field(r), r.polymorphic);
            Some(quote!(#p::RelationshipMeta { name: #name, rust_name: #rust, field: #field, polymorphic: #poly }))
        }
        _ => None,
    });
    let children = object.fields.iter().filter_map(|f| match &f.role {
        Role::Child(r) => {
            let (name, rust) = (&r.name, f.ident.to_string());
            let field = r.field.clone().unwrap_or_default();
            Some(quote!(#p::ChildMeta { name: #name, rust_name: #rust, field: #field }))
        }
        _ => None,
    });

    let id = object
        .scalars()
        .find(|(_, s)| s.api_name == "Id")
        .map(|(f, _)| {
            let fi = f.ident;
            quote!(#p::record_id(&self.#fi).map(|id| id.cast()))
        })
        .unwrap_or_else(|| quote!(#p::Option::None));

    let writes = object.scalars().map(|(f, s)| {
        let fi = f.ident;
        let tok = &f.token;
        let (key, c, u, e) = (&s.api_name, s.createable, s.updateable, s.external_id);
        quote!(#p::write_field::<<#module::#tok #args as #p::Field>::Kind, _>(&mut body, mode, #key, &self.#fi, #c, #u, #e);)
    });

    quote! {
        impl #impl_g #p::SObject for #ident #where_c {
            const API_NAME: &'static str = #api;
            const META: &'static #p::ObjectMeta = &#p::ObjectMeta {
                api_name: #api,
                fields: &[#(#field_metas),*],
                parents: &[#(#parents),*],
                children: &[#(#children),*],
            };

            fn id(&self) -> #p::Option<#p::Id<Self>> {
                #id
            }

            fn to_write_json(
                &self,
                mode: #p::WriteMode,
            ) -> #p::serde_json::Map<#p::String, #p::serde_json::Value> {
                let mut body = #p::serde_json::Map::new();
                #(#writes)*
                body
            }
        }
    }
}

/// `Deserialize` through the runtime's record visitor: the struct adds a key
/// `match` and one `match` arm per field (see `model/decode.rs` in
/// sf-runtime for why not a serde-derived shadow struct). Unknown keys
/// (`attributes`, fields of other queries) are skipped.
fn deserialize_impl(object: &Object, g: &Generics) -> TokenStream {
    let p = runtime();
    let (impl_g, ident, where_c) = (&g.impl_generics, &g.this, &g.where_clause);
    let de_impl_g = &g.de_impl_generics;

    let mut keys = Vec::new();
    let mut arms = Vec::new();
    let mut empty = Vec::new();
    for f in &object.fields {
        let fi = f.ident;
        let ty = f.ty;
        empty.push(quote_spanned!(ty.span()=> #fi: <#ty as ::core::default::Default>::default()));
        let key = match &f.role {
            Role::Scalar(s) => &s.api_name,
            Role::Parent(r) | Role::Child(r) => &r.name,
            Role::Skip => continue,
        };
        let index = arms.len() as u16;
        keys.push(quote!(#key => #p::Option::Some(#index)));
        arms.push(
            quote_spanned!(ty.span()=> #index => #p::decode_field::<#ty, __A>(map, &mut self.#fi)),
        );
    }
    let expecting = format!("a {} record", object.api_name);

    quote! {
        impl #impl_g #p::DecodeRecord for #ident #where_c {
            #[inline]
            fn key_index(key: &str) -> #p::Option<u16> {
                match key {
                    #(#keys,)*
                    _ => #p::Option::None,
                }
            }
            const EXPECTING: &'static str = #expecting;

            fn empty() -> Self {
                Self { #(#empty),* }
            }

            // Parameters named so that no struct can be shadowed by them (the
            // arms name field types, and an object may be called `A` or `D`).
            fn set<'de, __A: #p::serde::de::MapAccess<'de>>(
                &mut self,
                index: u16,
                map: &mut __A,
            ) -> #p::Result<(), __A::Error> {
                // One call per arm and no `?`: the arms are most of what rustc
                // checks for a record.
                match index {
                    #(#arms,)*
                    _ => #p::skip_field(map),
                }
            }
        }

        impl #de_impl_g #p::serde::Deserialize<'de> for #ident #where_c {
            fn deserialize<__D>(deserializer: __D) -> #p::Result<Self, __D::Error>
            where
                __D: #p::serde::Deserializer<'de>,
            {
                #p::deserialize_record(deserializer)
            }
        }
    }
}

/// The struct's type parameters, spelled for each place the expansion needs them.
/// A struct without any expands exactly as before (unit tokens, no angle brackets).
struct Generics {
    /// The type parameters, without bounds (`U`).
    params: Vec<syn::Ident>,
    /// `<U: Universe>` for `impl` headers.
    impl_generics: TokenStream,
    /// `<'de, U: Universe>` for the `Deserialize` impl.
    de_impl_generics: TokenStream,
    /// The struct as a type (`Account<U>`).
    this: TokenStream,
    /// `<U>` after a token type, or nothing.
    token_args: TokenStream,
    where_clause: TokenStream,
}

impl Generics {
    fn of(object: &Object) -> Self {
        let ident = object.ident;
        let (impl_g, ty_g, where_c) = object.generics.split_for_impl();
        let mut with_de = object.generics.clone();
        with_de.params.insert(0, syn::parse_quote!('de));
        let (de_impl_g, _, _) = with_de.split_for_impl();
        let params: Vec<syn::Ident> = object
            .generics
            .type_params()
            .map(|t| t.ident.clone())
            .collect();
        let token_args = if params.is_empty() {
            TokenStream::new()
        } else {
            quote!(<#(#params),*>)
        };
        Generics {
            impl_generics: quote!(#impl_g),
            de_impl_generics: quote!(#de_impl_g),
            this: quote!(#ident #ty_g),
            token_args,
            where_clause: quote!(#where_c),
            params,
        }
    }

    fn is_generic(&self) -> bool {
        !self.params.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    fn expand(input: syn::DeriveInput) -> String {
        let tokens = super::derive(&input).unwrap_or_else(|e| panic!("{e}"));
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    /// The `compile_error!` messages of an expansion that reports errors.
    fn error(input: syn::DeriveInput) -> String {
        let tokens = match super::derive(&input) {
            Ok(tokens) => tokens,
            Err(e) => e.to_compile_error(),
        };
        let text = tokens.to_string();
        assert!(
            text.contains("compile_error"),
            "expected an error in {text}"
        );
        text
    }

    #[test]
    fn markers_follow_capabilities() {
        let out = expand(parse_quote! {
            #[sobject(api_name = "Account")]
            pub struct Account {
                #[sobject(api_name = "Id")]
                pub id: Option<Id<Account>>,
                #[sobject(api_name = "Name", nillable = false)]
                pub name: Option<String>,
                #[sobject(api_name = "Total__c", calculated)]
                pub total: Option<Decimal>,
            }
        });
        assert!(out.contains("pub mod account_fields"));
        assert!(out.contains("pub const NAME: account_fields::Name = account_fields::Name;"));
        assert!(out.contains("Createable for account_fields::Name"));
        assert!(out.contains("Updateable for account_fields::Name"));
        assert!(!out.contains("Nillable for account_fields::Name"));
        assert!(!out.contains("Createable for account_fields::Total"));
        assert!(!out.contains("Updateable for account_fields::Id"));
        assert!(
            out.contains("\"Total__c\" => ::sf_runtime::__private::Option::Some(2u16)"),
            "{out}"
        );
    }

    #[test]
    fn errors_point_at_every_problem() {
        let msg = error(parse_quote! {
            struct Account {
                #[sobject(api_name = "Name", bogus)]
                name: Option<String>,
                #[sobject(api_name = "F__c", calculated, updateable)]
                f: Option<String>,
                #[sobject(api_name = "NAME")]
                other: Option<String>,
            }
        });
        assert!(msg.contains("unknown sobject attribute `bogus`"), "{msg}");
        assert!(
            msg.contains("a formula (calculated) field cannot be `updateable`"),
            "{msg}"
        );
        assert!(msg.contains("`NAME` is used twice"), "{msg}");
    }

    #[test]
    fn rejects_lifetimes_consts_and_tuple_structs() {
        // Type parameters are accepted (sharded sets); lifetimes and consts are not.
        assert!(error(parse_quote!(
            struct A<'a> {
                t: Option<&'a str>,
            }
        ))
        .contains("type parameters only"));
        assert!(error(parse_quote!(
            struct A<const N: usize> {
                t: Option<String>,
            }
        ))
        .contains("type parameters only"));
        assert!(error(parse_quote!(
            struct A(String);
        ))
        .contains("named fields"));
    }
}
