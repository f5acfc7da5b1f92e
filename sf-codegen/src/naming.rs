//! Turning Salesforce API names into Rust identifiers, deterministically.
//!
//! - fields and modules: `snake_case`; structs, enums and variants: `PascalCase`;
//! - the custom suffix `__c` is dropped, other suffixes (`__pc`, `__s`, `__r`, …)
//!   and namespace prefixes (`npsp__`) are kept as words;
//! - a Rust keyword gets a trailing `_` (`Type` → `type_`);
//! - collisions inside one scope are resolved by a [`NameTable`] in a fixed order.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Every Rust keyword (strict, reserved and edition 2018+/2024 ones).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code uses unqualified; an sObject may not take them.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Box",
    "String",
    "Vec",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Self",
];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Why an identifier is not the mechanical conversion of its API name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Adjust {
    /// A Rust keyword; a trailing `_` was added.
    Keyword,
    /// Starts with a digit; a prefix was added.
    LeadingDigit,
    /// Nothing usable was left; a placeholder was used.
    Empty,
    /// Another identifier already had the name; a suffix was added.
    Collision {
        /// The identifier it collided with.
        with: String,
    },
    /// A name the generated code uses itself.
    Reserved,
    /// Renamed in the configuration.
    UserRename,
}

impl std::fmt::Display for Adjust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Adjust::Keyword => f.write_str("Rust keyword"),
            Adjust::LeadingDigit => f.write_str("starts with a digit"),
            Adjust::Empty => f.write_str("no letters or digits"),
            Adjust::Collision { with } => write!(f, "collides with `{with}`"),
            Adjust::Reserved => f.write_str("name reserved in generated code"),
            Adjust::UserRename => f.write_str("renamed in configuration"),
        }
    }
}

/// Splits an API name into words: drops the `__c` suffix (and a platform
/// event's `__e`: `Order_Event__e` is `OrderEvent`), keeps other `__x`
/// suffixes and namespace prefixes as separate words.
fn words_of(api_name: &str) -> String {
    let base = api_name
        .strip_suffix("__c")
        .or_else(|| api_name.strip_suffix("__e"))
        .unwrap_or(api_name);
    base.replace("__", "_")
}

/// `AnnualRevenue` → `annual_revenue`, `Custom_Field__c` → `custom_field`,
/// `Type` → `type_`, `1st__c` → `f_1st`.
pub fn field_ident(api_name: &str) -> (String, Option<Adjust>) {
    snake_ident(&words_of(api_name))
}

/// snake_case with keyword and digit handling.
pub fn snake_ident(words: &str) -> (String, Option<Adjust>) {
    let cleaned: String = words
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let snake = cleaned.to_snake_case();
    if snake.is_empty() {
        return ("field".to_string(), Some(Adjust::Empty));
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        return (format!("f_{snake}"), Some(Adjust::LeadingDigit));
    }
    if is_keyword(&snake) || snake == "_" {
        return (format!("{snake}_"), Some(Adjust::Keyword));
    }
    (snake, None)
}

/// `Custom__c` → `Custom`, `npsp__Thing__c` → `NpspThing`, `Box__c` → `BoxObject`.
pub fn type_ident(api_name: &str) -> (String, Option<Adjust>) {
    let (name, adjust) = pascal_ident(&words_of(api_name), "Object");
    if adjust.is_none() && RESERVED_TYPES.contains(&name.as_str()) {
        return (format!("{name}Object"), Some(Adjust::Reserved));
    }
    (name, adjust)
}

/// PascalCase with digit handling; `empty` names the identifier when nothing is left.
pub fn pascal_ident(words: &str, empty: &str) -> (String, Option<Adjust>) {
    let cleaned: String = words
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let pascal = cleaned.to_upper_camel_case();
    if pascal.is_empty() {
        return (empty.to_string(), Some(Adjust::Empty));
    }
    if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        return (format!("V{pascal}"), Some(Adjust::LeadingDigit));
    }
    if is_keyword(&pascal) {
        return (format!("{pascal}_"), Some(Adjust::Keyword));
    }
    (pascal, None)
}

/// A type name with a word appended, the keyword escape dropped first:
/// `Self_` + `Object` is `SelfObject` (`Self_Object` trips rustc's case lint).
pub fn suffixed(type_name: &str, word: &str) -> String {
    format!("{}{word}", type_name.trim_end_matches('_'))
}

/// A module (file) name for a struct: `OpportunityContactRole` → `opportunity_contact_role`.
pub fn module_ident(struct_name: &str) -> String {
    let snake = struct_name.to_snake_case();
    if is_keyword(&snake) || snake == "mod" {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The names taken in one scope. Names are claimed in a fixed order; a taken
/// name gets the first free of `alternatives`, then a numeric suffix.
#[derive(Debug, Default, Clone)]
pub struct NameTable {
    taken: BTreeSet<String>,
    owners: std::collections::BTreeMap<String, String>,
}

impl NameTable {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as used (by something that cannot be renamed).
    pub fn reserve(&mut self, name: &str, owner: &str) {
        self.taken.insert(name.to_string());
        self.owners.insert(name.to_string(), owner.to_string());
    }

    /// Whether `name` is already used in this scope.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `wanted`, or the first free alternative, or `wanted` + `_2`, `_3`, …
    /// (`sep` joins the number: `"_"` for snake_case, `""` for PascalCase).
    pub fn claim(
        &mut self,
        wanted: &str,
        alternatives: &[String],
        sep: &str,
        owner: &str,
    ) -> (String, Option<Adjust>) {
        if !self.taken.contains(wanted) {
            self.reserve(wanted, owner);
            return (wanted.to_string(), None);
        }
        let with = self.owners.get(wanted).cloned().unwrap_or_default();
        let adjust = Some(Adjust::Collision { with });
        for alt in alternatives {
            if !self.taken.contains(alt) {
                self.reserve(alt, owner);
                return (alt.clone(), adjust);
            }
        }
        // A keyword's `_` goes before the number: `type_` → `type_2`, `Self_` → `Self2`
        // (`type__2` and `Self_2` would trip rustc's case lints).
        let stem = wanted.trim_end_matches('_');
        let mut n = 2;
        loop {
            let candidate = format!("{stem}{sep}{n}");
            if !self.taken.contains(&candidate) {
                self.reserve(&candidate, owner);
                return (candidate, adjust);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert_eq!(field_ident("AnnualRevenue").0, "annual_revenue");
        assert_eq!(field_ident("Custom_Field__c").0, "custom_field");
        assert_eq!(field_ident("Type"), ("type_".into(), Some(Adjust::Keyword)));
        assert_eq!(field_ident("npsp__Batch__c").0, "npsp_batch");
        assert_eq!(field_ident("Foo__pc").0, "foo_pc");
        assert_eq!(field_ident("Geo__Latitude__s").0, "geo_latitude_s");
        assert_eq!(field_ident("1st__c").0, "f_1st");
        assert_eq!(field_ident("SLAExpirationDate__c").0, "sla_expiration_date");
    }

    #[test]
    fn types() {
        assert_eq!(type_ident("Custom__c").0, "Custom");
        assert_eq!(type_ident("npsp__Thing__c").0, "NpspThing");
        assert_eq!(type_ident("Box__c").0, "BoxObject");
        assert_eq!(suffixed("Self_", "Object"), "SelfObject");
        assert_eq!(suffixed("Account", "Picklist"), "AccountPicklist");
        assert_eq!(type_ident("Order_Event__e").0, "OrderEvent");
        assert_eq!(
            pascal_ident("Customer - Direct", "Empty").0,
            "CustomerDirect"
        );
        assert_eq!(pascal_ident("1-5", "Empty").0, "V15");
        assert_eq!(
            pascal_ident("---", "Empty"),
            ("Empty".into(), Some(Adjust::Empty))
        );
        assert_eq!(module_ident("Type"), "type_");
    }

    #[test]
    fn table() {
        let mut t = NameTable::new();
        assert_eq!(t.claim("a", &[], "_", "A").0, "a");
        assert_eq!(t.claim("a", &["a_c".into()], "_", "A__c").0, "a_c");
        let (n, adj) = t.claim("a", &["a_c".into()], "_", "a__c");
        assert_eq!(n, "a_2");
        assert_eq!(adj, Some(Adjust::Collision { with: "A".into() }));
    }
}
