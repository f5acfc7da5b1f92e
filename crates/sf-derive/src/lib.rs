//! Derive macros for `sf-runtime`. Use them through `sf_runtime`, which re-exports them.
//!
//! Each derive is parse (`ast.rs`, `attr.rs`) → validate (`valid.rs`) → expand
//! (`expand/`). The entry points below are thin: they call `*_inner`, which takes and
//! returns `proc_macro2` tokens so unit tests can drive it directly.

mod ast;
mod attr;
mod expand;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Typed sObject struct: field tokens, metadata, read and write serialization.
/// See `docs/ARCHITECTURE.md` for the attribute grammar.
#[proc_macro_derive(SObject, attributes(sobject))]
pub fn derive_sobject(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::sobject::derive(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Open picklist enum: `Picklist`, `FieldType`, serde as the API value.
#[proc_macro_derive(Picklist, attributes(picklist))]
pub fn derive_picklist(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::picklist::derive(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Target of a polymorphic lookup, dispatched on `attributes.type`.
#[proc_macro_derive(Polymorphic, attributes(polymorphic))]
pub fn derive_polymorphic(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::polymorphic::derive(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}
