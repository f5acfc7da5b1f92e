//! Token generation, one file per derive. Everything generated names the runtime as
//! `::sf_runtime::__private::…` (see `runtime()`).

pub mod picklist;
pub mod polymorphic;
pub mod sobject;
pub(crate) mod tokens;

use proc_macro2::TokenStream;
use quote::quote;

/// The path generated code uses to reach the runtime.
pub fn runtime() -> TokenStream {
    quote!(::sf_runtime::__private)
}
