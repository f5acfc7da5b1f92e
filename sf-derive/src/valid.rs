//! Checks that need the whole struct: names used twice, capabilities that contradict
//! each other, names Salesforce would never accept. Errors point at the attribute.

use std::collections::BTreeMap;

use crate::ast::{Object, Role};
use crate::attr::Errors;

pub fn validate(object: &Object, errors: &mut Errors) {
    // Type parameters are fine (sharded generated sets are generic over their
    // `Universe`); lifetimes and const parameters have no meaning for a record.
    for param in &object.generics.params {
        if !matches!(param, syn::GenericParam::Type(_)) {
            errors.push(syn::Error::new_spanned(
                param,
                "#[derive(SObject)] supports type parameters only (no lifetimes or const parameters)",
            ));
        }
    }
    if !is_api_name(&object.api_name) {
        errors.push(syn::Error::new_spanned(
            object.ident,
            format!("`{}` is not a valid sObject API name", object.api_name),
        ));
    }

    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut id_fields = 0;
    for field in &object.fields {
        let (name, span, what) = match &field.role {
            Role::Scalar(s) => {
                for conflict in &s.conflicts {
                    errors.push(syn::Error::new(conflict.span, &conflict.value));
                }
                if s.api_name == "Id" {
                    id_fields += 1;
                }
                (&s.api_name, s.api_name_span, "field")
            }
            Role::Parent(r) | Role::Child(r) => (&r.name, r.name_span, "relationship"),
            Role::Skip => continue,
        };
        if !is_api_name(name) {
            errors.push(syn::Error::new(
                span,
                format!("`{name}` is not a valid Salesforce API name"),
            ));
        }
        // Salesforce names are case-insensitive: `Name` and `name` are the same field.
        if let Some(previous) = seen.insert(name.to_ascii_lowercase(), what) {
            errors.push(syn::Error::new(
                span,
                format!("`{name}` is used twice (already a {previous} of this struct)"),
            ));
        }
    }
    if id_fields > 1 {
        errors.push(syn::Error::new_spanned(
            object.ident,
            "more than one field is mapped to `Id`",
        ));
    }
}

/// Letters, digits and underscores, starting with a letter (`Name`, `Total__c`, `ns__X__c`).
fn is_api_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::is_api_name;

    #[test]
    fn api_names() {
        assert!(is_api_name("Name"));
        assert!(is_api_name("ns__Total__c"));
        assert!(!is_api_name("1Name"));
        assert!(!is_api_name("Na me"));
        assert!(!is_api_name(""));
    }
}
