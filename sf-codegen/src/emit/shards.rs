//! A sharded set: the generated objects spread over several crates, so that no
//! rustc process holds more than its share of a big org (a thousand objects in
//! one crate need more memory than a CI runner has).
//!
//! Objects link to each other in cycles (`Contact.AccountId` and
//! `Account.Contacts`), and crates cannot. So each object is generic over the
//! set's *universe*, a trait with one associated type per object, and names the
//! objects of other crates only through it (`Id<U::Account>`). The crates:
//!
//! - `<name>-universe`: the `Universe` trait and the polymorphic lookup enums
//!   (which name objects of many crates);
//! - `<name>-shard-NN`: the objects, each in its crate by a hash of its API name
//!   (adding an object never moves another); they depend on the universe only,
//!   so they build in parallel;
//! - `<name>`: the facade users depend on. Its `Org` closes the universe
//!   (`type Account = shard_03::account::Account<Org>`) and it names every
//!   object as a plain type (`pub type Account = …<Org>`), so code written
//!   against a plain generated module reads the same.
//!
//! Generic impls are type-checked in the shards and compiled to machine code
//! only where a program uses them.

use super::object::{self, Refs};
use super::{enums, format, ident, Files, Gates, DO_NOT_EDIT};
use crate::config::ShardConfig;
use crate::ir::{Object, ParentTarget, PolymorphicEnum, Schema};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Where each object of a sharded set lives, and what its code must say about
/// the others.
pub(crate) struct Sharding {
    /// Struct name → shard index.
    shard_of: BTreeMap<String, usize>,
    /// The universe crate's Rust name (a `String`: `Ident`s are not `Sync`, and
    /// objects are rendered in parallel).
    universe: String,
    /// Struct name → the polymorphic enums that hold it: the target says so itself
    /// (see `record_impls`).
    held_by: BTreeMap<String, Vec<String>>,
    /// The universe type parameter's name (see `universe_param`).
    param: String,
}

impl Sharding {
    fn new(schema: &Schema, cfg: &ShardConfig) -> Self {
        let count = cfg.count.max(1);
        let shard_of = schema
            .objects
            .iter()
            .map(|o| (o.rust_name.clone(), shard_index(&o.api_name, count)))
            .collect();
        let mut held_by: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for o in &schema.objects {
            for p in &o.polymorphs {
                for (_, target, _) in &p.variants {
                    held_by
                        .entry(target.clone())
                        .or_default()
                        .push(p.name.clone());
                }
            }
        }
        Sharding {
            shard_of,
            universe: rust_crate(&universe_package(cfg)),
            held_by,
            param: universe_param(schema),
        }
    }

    pub(crate) fn same_shard(&self, a: &str, b: &str) -> bool {
        self.shard_of.get(a) == self.shard_of.get(b)
    }

    pub(crate) fn universe_crate(&self) -> Ident {
        ident(&self.universe)
    }

    /// The universe type parameter (`U`).
    pub(crate) fn param(&self) -> Ident {
        ident(&self.param)
    }
}

/// The name of the universe type parameter: `U`, unless a type of the set is
/// called that (an object `U__c`, or a field `U__c`, whose token type the
/// derive names `U`): a struct `U<U>` would not compile.
fn universe_param(schema: &Schema) -> String {
    use heck::ToUpperCamelCase;
    let mut taken = BTreeSet::new();
    for o in &schema.objects {
        taken.insert(o.rust_name.clone());
        taken.extend(o.picklists.iter().map(|p| p.name.clone()));
        taken.extend(o.polymorphs.iter().map(|p| p.name.clone()));
        let members = o
            .fields
            .iter()
            .map(|f| &f.rust_name)
            .chain(o.parents.iter().map(|p| &p.rust_name))
            .chain(o.children.iter().map(|c| &c.rust_name));
        taken.extend(members.map(|m| m.trim_start_matches("r#").to_upper_camel_case()));
    }
    ["U", "Uv", "Univ"]
        .into_iter()
        .map(String::from)
        .chain((0..).map(|i| format!("U{i}")))
        .find(|n| !taken.contains(n))
        .expect("an unused name")
}

/// FNV-1a over the lower-cased API name: stable across runs, platforms and
/// schema changes, unlike `std`'s hasher.
fn shard_index(api_name: &str, count: usize) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in api_name.to_ascii_lowercase().bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % count as u64) as usize
}

fn universe_package(cfg: &ShardConfig) -> String {
    format!("{}-universe", cfg.crate_name)
}

fn shard_package(cfg: &ShardConfig, index: usize) -> String {
    format!("{}-shard-{index:02}", cfg.crate_name)
}

fn rust_crate(package: &str) -> String {
    package.replace('-', "_")
}

/// Every file of a sharded set, keyed `<package>/Cargo.toml` and
/// `<package>/src/…`.
pub fn emit_sharded(schema: &Schema, cfg: &ShardConfig) -> Files {
    let s = Sharding::new(schema, cfg);
    let mut files = Files::new();
    let universe = universe_package(cfg);
    let runtime = cfg.sf_runtime.as_deref().unwrap_or(DEFAULT_RUNTIME);

    let mut shards: BTreeMap<usize, Vec<&Object>> = BTreeMap::new();
    for o in &schema.objects {
        shards.entry(s.shard_of[&o.rust_name]).or_default().push(o);
    }
    let rendered = crate::par::par_map(&schema.objects, |o| emit_object(o, &s));
    for (o, text) in schema.objects.iter().zip(rendered) {
        let package = shard_package(cfg, s.shard_of[&o.rust_name]);
        files.insert(format!("{package}/src/{}.rs", o.module), text);
    }
    for (index, objects) in &shards {
        let package = shard_package(cfg, *index);
        let deps = format!("{universe} = {{ path = \"../{universe}\" }}\n");
        files.insert(
            format!("{package}/Cargo.toml"),
            manifest(&package, "objects of a generated set", runtime, &deps),
        );
        files.insert(
            format!("{package}/src/lib.rs"),
            shard_lib(cfg, *index, objects),
        );
    }
    files.insert(
        format!("{universe}/Cargo.toml"),
        manifest(&universe, "the universe of a generated set", runtime, ""),
    );
    files.insert(
        format!("{universe}/src/lib.rs"),
        universe_lib(schema, cfg, &s),
    );
    let mut deps = format!("{universe} = {{ path = \"../{universe}\" }}\n");
    for index in shards.keys() {
        let package = shard_package(cfg, *index);
        deps.push_str(&format!("{package} = {{ path = \"../{package}\" }}\n"));
    }
    files.insert(
        format!("{}/Cargo.toml", cfg.crate_name),
        manifest(
            &cfg.crate_name,
            "a generated set of sObjects",
            runtime,
            &deps,
        ),
    );
    files.insert(
        format!("{}/src/lib.rs", cfg.crate_name),
        facade_lib(schema, cfg, &s),
    );
    for (name, text) in files.iter_mut() {
        if name.ends_with(".rs") {
            *text = skip_rustfmt(text);
        }
    }
    files
}

/// The crates are committed and checked byte for byte, and `cargo fmt` in the
/// workspace that holds them would reformat prettyplease's output: every
/// source file tells rustfmt to leave it alone (the `cfg` is never set for
/// rustc, so this costs nothing on stable).
fn skip_rustfmt(text: &str) -> String {
    let header_end = text
        .lines()
        .take_while(|l| l.starts_with("// "))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    format!(
        "{}#![cfg_attr(rustfmt, rustfmt::skip)]\n{}",
        &text[..header_end],
        &text[header_end..]
    )
}

/// What the generated manifests depend on when `sf_runtime` is not configured.
const DEFAULT_RUNTIME: &str = "\"0.1\"";

fn manifest(package: &str, what: &str, runtime: &str, deps: &str) -> String {
    format!(
        "# @generated by sf-codegen. Do not edit: regenerate with `sf-codegen generate`.\n\
         [package]\n\
         name = \"{package}\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         description = \"sf-codegen: {what}\"\n\
         \n\
         [dependencies]\n\
         sf-runtime = {runtime}\n\
         {deps}"
    )
}

fn emit_object(o: &Object, s: &Sharding) -> String {
    let mut out = super::object_header(o);
    let gates = Gates { features: None };
    let mut tokens = object::emit_struct(o, gates, Refs::Sharded(s));
    for p in &o.picklists {
        tokens.extend(enums::emit_picklist(o, p));
    }
    out.push_str(&format(tokens));
    out
}

/// What sf-codegen writes instead of `#[derive(Debug, Clone, Default,
/// PartialEq)]`: std's derives bound every associated type a field mentions
/// (`U::Contact: Default`), and objects that mention each other make those
/// bounds a cycle rustc cannot prove. Written out, the impls need only what
/// `Id<T>` and `Related<T>` provide for every `T`. Also the `PolymorphicOf`
/// impls of the enums that hold this object: in the universe crate they would
/// be impls for `U::Account` and `U::Contact`, which rustc cannot tell apart.
pub(crate) fn record_impls(o: &Object, s: &Sharding) -> TokenStream {
    let name = ident(&o.rust_name);
    let universe = s.universe_crate();
    let u = s.param();
    let mut members: Vec<Ident> = o
        .fields
        .iter()
        .map(|f| ident(&f.rust_name))
        .chain(o.parents.iter().map(|p| ident(&p.rust_name)))
        .chain(o.children.iter().map(|c| ident(&c.rust_name)))
        .collect();
    if !mentions_universe(o) {
        members.push(ident("_universe"));
    }
    let labels: Vec<String> = members.iter().map(unraw).collect();
    let api = &o.api_name;
    let eq = if members.is_empty() {
        quote!(true)
    } else {
        quote!(#(self.#members == other.#members)&&*)
    };
    let held_by = s.held_by.get(&o.rust_name).into_iter().flatten().map(|e| {
        let e = ident(e);
        quote! {
            impl<#u: ::#universe::Universe> ::sf_runtime::model::PolymorphicOf<::#universe::#e<#u>> for #name<#u> {}
        }
    });
    quote! {
        impl<#u: ::#universe::Universe> ::core::clone::Clone for #name<#u> {
            fn clone(&self) -> Self {
                Self { #(#members: ::core::clone::Clone::clone(&self.#members)),* }
            }
        }
        impl<#u: ::#universe::Universe> ::core::default::Default for #name<#u> {
            fn default() -> Self {
                Self { #(#members: ::core::default::Default::default()),* }
            }
        }
        impl<#u: ::#universe::Universe> ::core::cmp::PartialEq for #name<#u> {
            fn eq(&self, other: &Self) -> bool {
                #eq
            }
        }
        impl<#u: ::#universe::Universe> ::core::fmt::Debug for #name<#u> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#api)
                    #(.field(#labels, &self.#members))*
                    .finish()
            }
        }
        #(#held_by)*
    }
}

/// Whether some field's type names an object (so mentions `U`); a struct
/// without one gets a `PhantomData` field.
pub(crate) fn mentions_universe(o: &Object) -> bool {
    o.fields
        .iter()
        .any(|f| matches!(f.ty, crate::ir::RustType::Id(Some(_))))
        || !o.parents.is_empty()
        || !o.children.is_empty()
}

fn unraw(i: &Ident) -> String {
    let s = i.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

fn shard_lib(cfg: &ShardConfig, index: usize, objects: &[&Object]) -> String {
    let mut out = String::from(DO_NOT_EDIT);
    out.push_str(&format!(
        "//! Shard {index} of the `{}` set: {} object(s), generic over the set's universe.\n\
         //! Use them through the `{}` crate, which names each as a plain type.\n\n",
        cfg.crate_name,
        objects.len(),
        cfg.crate_name,
    ));
    // The structs are re-exported so that objects of one shard name each other
    // `super::Account<U>`, as the modules of a plain set do.
    let modules = objects.iter().map(|o| {
        let m = ident(&o.module);
        let name = ident(&o.rust_name);
        let doc = format!(" `{}`", o.api_name);
        quote!(#[doc = #doc] pub mod #m; pub use self::#m::#name;)
    });
    out.push_str(&format(quote!(#(#modules)*)));
    out
}

fn universe_lib(schema: &Schema, cfg: &ShardConfig, s: &Sharding) -> String {
    let mut out = String::from(DO_NOT_EDIT);
    out.push_str(&format!(
        "//! The universe of the `{}` set: one associated type per object, through\n\
         //! which the objects of one shard crate name those of another.\n\n",
        cfg.crate_name
    ));
    let types = schema.objects.iter().map(|o| {
        let name = ident(&o.rust_name);
        let doc = format!(" `{}`", o.api_name);
        quote!(#[doc = #doc] type #name: ::sf_runtime::SObject;)
    });
    let facade = rust_crate(&cfg.crate_name);
    let doc = format!(
        " The objects of the set, one associated type each. Implemented once, by `{facade}::Org`."
    );
    let mut tokens = quote! {
        #[doc = #doc]
        pub trait Universe: Sized + 'static {
            #(#types)*
        }
    };
    let u = s.param();
    for o in &schema.objects {
        for p in &o.polymorphs {
            tokens.extend(polymorphic(o, p, &u));
        }
    }
    out.push_str(&format(tokens));
    out
}

/// A polymorphic lookup's enum, generic over the universe, with the impls std's
/// derives would bound on every variant's object.
fn polymorphic(o: &Object, p: &PolymorphicEnum, u: &Ident) -> TokenStream {
    let name = ident(&p.name);
    let field = o
        .parents
        .iter()
        .find(|r| matches!(&r.target, ParentTarget::Polymorphic(e) if e == &p.name))
        .map(|r| r.field.as_str())
        .unwrap_or_default();
    let mut doc = vec![format!(
        " The parent of the polymorphic lookup `{}.{field}`, by `attributes.type`.",
        o.api_name
    )];
    if !p.other_targets.is_empty() {
        doc.push(String::new());
        doc.push(format!(
            " Targets outside the generated set ({}) land in `{}`.",
            p.other_targets.join(", "),
            p.fallback
        ));
    }
    let variants: Vec<Ident> = p.variants.iter().map(|(v, _, _)| ident(v)).collect();
    let targets: Vec<Ident> = p.variants.iter().map(|(_, t, _)| ident(t)).collect();
    let fallback = ident(&p.fallback);
    let labels: Vec<String> = variants.iter().map(|v| v.to_string()).collect();
    let fallback_label = fallback.to_string();
    quote! {
        #(#[doc = #doc])*
        #[derive(::sf_runtime::Polymorphic)]
        pub enum #name<#u: Universe> {
            #(#variants(::sf_runtime::model::Related<#u::#targets>),)*
            /// Any other object type, as raw JSON.
            #fallback(::sf_runtime::types::AnyType),
        }
        impl<#u: Universe> ::core::clone::Clone for #name<#u> {
            fn clone(&self) -> Self {
                match self {
                    #(#name::#variants(r) => #name::#variants(r.clone()),)*
                    #name::#fallback(r) => #name::#fallback(r.clone()),
                }
            }
        }
        impl<#u: Universe> ::core::cmp::PartialEq for #name<#u> {
            fn eq(&self, other: &Self) -> bool {
                match (self, other) {
                    #((#name::#variants(a), #name::#variants(b)) => a == b,)*
                    (#name::#fallback(a), #name::#fallback(b)) => a == b,
                    _ => false,
                }
            }
        }
        impl<#u: Universe> ::core::fmt::Debug for #name<#u> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #(#name::#variants(r) => f.debug_tuple(#labels).field(r).finish(),)*
                    #name::#fallback(r) => f.debug_tuple(#fallback_label).field(r).finish(),
                }
            }
        }
    }
}

fn facade_lib(schema: &Schema, cfg: &ShardConfig, s: &Sharding) -> String {
    let mut out = String::from(DO_NOT_EDIT);
    let shards: BTreeSet<usize> = s.shard_of.values().copied().collect();
    out.push_str(&format!(
        "//! The `{}` set: {} sObject(s) in {} shard crate(s). Every object, picklist\n\
         //! and polymorphic enum is named here as a plain type.\n\n",
        cfg.crate_name,
        schema.objects.len(),
        shards.len()
    ));
    // `Org` unless an object, enum or token module is called that.
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for o in &schema.objects {
        taken.insert(o.rust_name.clone());
        taken.extend(o.picklists.iter().map(|p| p.name.clone()));
        taken.extend(o.polymorphs.iter().map(|p| p.name.clone()));
    }
    let mut org = "Org".to_string();
    while taken.contains(&org) {
        org.push('_');
    }
    let org = ident(&org);
    let universe = s.universe_crate();
    let path = |o: &Object| {
        let shard = ident(&rust_crate(&shard_package(cfg, s.shard_of[&o.rust_name])));
        let m = ident(&o.module);
        quote!(::#shard::#m)
    };
    let assoc = schema.objects.iter().map(|o| {
        let name = ident(&o.rust_name);
        let p = path(o);
        quote!(type #name = #p::#name<#org>;)
    });
    // The derive names an object's token module after its struct (`Ab` and
    // `AB` both give `ab_fields`); re-exported side by side, a name two
    // objects share takes the object's module name instead (`ab_2_fields`),
    // which the generator keeps unique.
    let token_module = |o: &Object| {
        format!(
            "{}_fields",
            heck::ToSnakeCase::to_snake_case(o.rust_name.as_str())
        )
    };
    let mut token_uses: BTreeMap<String, usize> = BTreeMap::new();
    for o in &schema.objects {
        *token_uses.entry(token_module(o)).or_default() += 1;
    }
    let mut items = TokenStream::new();
    for o in &schema.objects {
        let name = ident(&o.rust_name);
        let p = path(o);
        let module = token_module(o);
        let tokens = if token_uses[&module] == 1 {
            let tokens = ident(&module);
            quote!(#tokens)
        } else {
            let (tokens, alias) = (ident(&module), ident(&format!("{}_fields", o.module)));
            quote!(#tokens as #alias)
        };
        let doc = format!(" `{}`", o.api_name);
        let picklists = o.picklists.iter().map(|e| ident(&e.name));
        items.extend(quote! {
            #[doc = #doc]
            pub type #name = #p::#name<#org>;
            pub use #p::{#tokens #(, #picklists)*};
        });
        for e in &o.polymorphs {
            let e = ident(&e.name);
            items.extend(quote! {
                /// A polymorphic lookup's parent.
                pub type #e = ::#universe::#e<#org>;
            });
        }
    }
    let api_names = schema.objects.iter().map(|o| o.api_name.as_str());
    let org_doc = format!(
        " Closes the set's universe: each of its associated types is the object's struct instantiated with `{org}`."
    );
    out.push_str(&format(quote! {
        #[doc = #org_doc]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct #org;

        impl ::#universe::Universe for #org {
            #(#assoc)*
        }

        #items

        /// API names of every generated sObject.
        pub const SOBJECTS: &[&str] = &[#(#api_names),*];
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::shard_index;

    /// An object `U__c` with a field `Uv__c` (token type `Uv`): the universe
    /// parameter takes a name neither uses.
    #[test]
    fn the_universe_parameter_avoids_the_names_of_the_set() {
        let root = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../schema/default/Contact.json"
        );
        let contact: serde_json::Value =
            serde_json::from_slice(&std::fs::read(root).unwrap()).unwrap();
        let field = |n: &str| {
            contact["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == n)
                .unwrap()
                .clone()
        };
        let mut text = field("LastName");
        text["name"] = "Uv__c".into();
        text["custom"] = true.into();
        let describe = serde_json::json!({
            "name": "U__c", "label": "U", "custom": true,
            "fields": [field("Id"), text],
        });
        let generated = crate::Generator::new()
            .describe_bytes("U__c.json", serde_json::to_vec(&describe).unwrap())
            .shards(crate::ShardConfig {
                count: 1,
                crate_name: "set".into(),
                sf_runtime: None,
            })
            .generate()
            .unwrap();
        let code = &generated.files["set-shard-00/src/u.rs"];
        assert!(
            code.contains("pub struct U<Univ: ::set_universe::Universe>"),
            "{code}"
        );
        assert!(!code.contains("<U:"), "{code}");
    }

    #[test]
    fn shards_are_stable_and_ignore_case() {
        assert_eq!(shard_index("Account", 20), shard_index("ACCOUNT", 20));
        // Pinned: a change here moves objects between crates in every sharded set.
        assert_eq!(shard_index("Account", 20), 8);
        assert_eq!(shard_index("Contact", 20), 15);
        assert_eq!(shard_index("Anything", 1), 0);
    }
}
