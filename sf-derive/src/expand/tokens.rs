//! Naming of the generated items: token types, their consts, the token module.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Ident;
use quote::format_ident;

/// The visibility of the token types inside the token module: the struct's own,
/// as seen from one module deeper (private → `pub(super)`, `pub(super)` →
/// `pub(in super::super)`), so a token is exactly as reachable as its struct and
/// its `Field` impl never exposes a less visible type (E0446).
pub fn inner_visibility(vis: &syn::Visibility) -> proc_macro2::TokenStream {
    use quote::quote;
    match vis {
        syn::Visibility::Public(_) => quote!(pub),
        syn::Visibility::Inherited => quote!(pub(super)),
        syn::Visibility::Restricted(r) => {
            let path = &r.path;
            let first = path.segments.first().map(|s| s.ident.to_string());
            match first.as_deref() {
                Some("crate") => quote!(pub(in #path)),
                Some("self") if path.segments.len() == 1 => quote!(pub(super)),
                Some("self") => {
                    let rest = path.segments.iter().skip(1);
                    quote!(pub(in super #(::#rest)*))
                }
                // `super`, `super::super`, `in super::x`: one more `super`.
                _ => quote!(pub(in super::#path)),
            }
        }
    }
}

/// `Account` → `account_fields`.
pub fn module(struct_ident: &Ident) -> Ident {
    format_ident!("{}_fields", unraw(struct_ident).to_snake_case())
}

/// The token types of a struct's fields, in order: `last_name` → `LastName`.
///
/// PascalCase is not one-to-one (`foo2` and `foo_2` are both `Foo2`) and can make
/// a keyword (`self_` → `Self`), so a name already taken or reserved keeps the
/// field's underscores (`Foo_2`, `Self_`), then gets a number.
pub fn tokens(fields: &[&Ident]) -> Vec<Ident> {
    let mut taken = std::collections::HashSet::new();
    fields
        .iter()
        .map(|field| {
            let raw = unraw(field);
            let pascal = raw.to_upper_camel_case();
            let name = if pascal != "Self" && !taken.contains(&pascal) {
                pascal
            } else {
                let kept: Vec<String> = raw
                    .split('_')
                    .filter(|w| !w.is_empty())
                    .map(|w| w.to_upper_camel_case())
                    .collect();
                let base = kept.join("_");
                let mut name = if base == "Self" || taken.contains(&base) {
                    format!("{base}_")
                } else {
                    base.clone()
                };
                let mut n = 2;
                while taken.contains(&name) {
                    name = format!("{base}_{n}");
                    n += 1;
                }
                name
            };
            taken.insert(name.clone());
            format_ident!("{}", name, span = field.span())
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(fields: &[&str]) -> Vec<String> {
        let idents: Vec<Ident> = fields.iter().map(|f| format_ident!("{}", f)).collect();
        let refs: Vec<&Ident> = idents.iter().collect();
        tokens(&refs).iter().map(|i| i.to_string()).collect()
    }

    #[test]
    fn token_names_are_unique_and_never_keywords() {
        assert_eq!(names(&["last_name", "id"]), ["LastName", "Id"]);
        assert_eq!(names(&["foo2", "foo_2"]), ["Foo2", "Foo_2"]);
        assert_eq!(names(&["foo_2", "foo2"]), ["Foo2", "Foo2_"]);
        assert_eq!(names(&["self_"]), ["Self_"]);
        assert_eq!(
            names(&["foo_bar", "fooBar", "foo__bar"]),
            ["FooBar", "FooBar_", "Foo_Bar"]
        );
        assert_eq!(names(&["r#type", "type_"]), ["Type", "Type_"]);
    }
}
