//! Naming of the generated items: token types, their consts, the token module.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Ident;
use quote::format_ident;

/// `Account` → `account_fields`.
pub fn module(struct_ident: &Ident) -> Ident {
    format_ident!("{}_fields", unraw(struct_ident).to_snake_case())
}

/// `last_name` → `LastName` (the token type).
pub fn token(field: &Ident) -> Ident {
    format_ident!(
        "{}",
        unraw(field).to_upper_camel_case(),
        span = field.span()
    )
}

/// `last_name` → `LAST_NAME` (the associated const).
pub fn constant(field: &Ident) -> Ident {
    format_ident!(
        "{}",
        unraw(field).to_shouty_snake_case(),
        span = field.span()
    )
}

fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}
