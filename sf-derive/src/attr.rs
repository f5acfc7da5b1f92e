//! Parsing of `#[sobject(...)]`, `#[picklist(...)]` and `#[polymorphic(...)]` attribute
//! arguments. Unknown keys and repeated keys are errors at their own span; every error is
//! collected so the user sees all of them at once.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitBool, LitInt, LitStr};

/// Collects errors instead of stopping at the first (serde's `Ctxt`).
#[derive(Default)]
pub struct Errors {
    errors: Option<syn::Error>,
}

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(all) => all.combine(error),
            None => self.errors = Some(error),
        }
    }

    pub fn finish(self) -> syn::Result<()> {
        match self.errors {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// A value with the span it was written at, for errors that point back at it.
#[derive(Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// One optional key: remembers where it was set so a second setting is an error.
pub struct Slot<T> {
    name: &'static str,
    value: Option<Spanned<T>>,
}

impl<T> Slot<T> {
    pub fn new(name: &'static str) -> Self {
        Slot { name, value: None }
    }

    pub fn set(&mut self, span: Span, value: T, errors: &mut Errors) {
        if self.value.is_some() {
            errors.push(syn::Error::new(
                span,
                format!("duplicate `{}` attribute", self.name),
            ));
        } else {
            self.value = Some(Spanned { value, span });
        }
    }

    pub fn get(&self) -> Option<&Spanned<T>> {
        self.value.as_ref()
    }

    pub fn take(self) -> Option<Spanned<T>> {
        self.value
    }
}

/// `key = "string"`.
pub fn string(meta: &ParseNestedMeta) -> syn::Result<String> {
    let lit: LitStr = meta.value()?.parse()?;
    Ok(lit.value())
}

/// `key` or `key = true|false`.
pub fn flag(meta: &ParseNestedMeta) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) {
        let lit: LitBool = meta.value()?.parse()?;
        Ok(lit.value)
    } else {
        Ok(true)
    }
}

/// `key = 123`.
pub fn integer(meta: &ParseNestedMeta) -> syn::Result<u32> {
    let lit: LitInt = meta.value()?.parse()?;
    lit.base10_parse()
}

/// The first path segment of a key, as written (`api_name` in `api_name = ".."`).
pub fn key_name(meta: &ParseNestedMeta) -> String {
    meta.path
        .get_ident()
        .map(|i| i.to_string())
        .unwrap_or_else(|| "?".to_owned())
}

/// Runs `each` for every argument of every `#[name(...)]` attribute, collecting errors.
pub fn for_each_arg(
    attrs: &[Attribute],
    name: &str,
    errors: &mut Errors,
    mut each: impl FnMut(&ParseNestedMeta, &mut Errors) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident(name)) {
        let mut local = Errors::default();
        let result = attr.parse_nested_meta(|meta| each(&meta, &mut local));
        if let Err(e) = result {
            errors.push(e);
        }
        if let Err(e) = local.finish() {
            errors.push(e);
        }
    }
}
