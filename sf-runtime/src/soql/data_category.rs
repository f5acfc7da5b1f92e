//! `WITH DATA CATEGORY` filters for Knowledge articles and questions:
//! `Geography__c AT (usa__c, uk__c) AND Product__c BELOW All__c`.
//!
//! Group and category names are spliced into the statement, never quoted,
//! so only API names are accepted: anything else (a quote, a space, a
//! keyword-sized injection) is refused when the filter is built.
//!
//! ```
//! use sf_runtime::soql::DataCategory;
//!
//! let f = DataCategory::at("Geography__c", &["usa__c", "uk__c"]).unwrap();
//! assert_eq!(f.to_soql(), "Geography__c AT (usa__c, uk__c)");
//! assert!(DataCategory::below("Geography__c", &["usa__c) OR (x"]).is_err());
//! ```

use super::aggregate::is_valid_alias;

/// How a data category filter matches categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategorySelector {
    /// `AT`: the category itself.
    At,
    /// `ABOVE`: the category and its parents.
    Above,
    /// `BELOW`: the category and its subcategories.
    Below,
    /// `ABOVE_OR_BELOW`: the category, its parents and its subcategories.
    AboveOrBelow,
}

impl CategorySelector {
    /// The keyword as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CategorySelector::At => "AT",
            CategorySelector::Above => "ABOVE",
            CategorySelector::Below => "BELOW",
            CategorySelector::AboveOrBelow => "ABOVE_OR_BELOW",
        }
    }
}

/// A group or category name that is not an API name (letters, digits and
/// underscores, starting with a letter), or an empty category list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid data category name {0:?}: use an API name (letters, digits, underscores, starting with a letter)")]
pub struct InvalidCategoryName(pub String);

/// One `group selector category` filter of a `WITH DATA CATEGORY` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataCategory {
    group: String,
    selector: CategorySelector,
    categories: Vec<String>,
}

impl DataCategory {
    /// A filter on `group` with `selector` over `categories` (one, or a
    /// list rendered in parentheses).
    pub fn new(
        group: &str,
        selector: CategorySelector,
        categories: &[&str],
    ) -> Result<Self, InvalidCategoryName> {
        let checked = |name: &str| {
            is_valid_alias(name)
                .then(|| name.to_owned())
                .ok_or_else(|| InvalidCategoryName(name.to_owned()))
        };
        if categories.is_empty() {
            return Err(InvalidCategoryName(String::new()));
        }
        Ok(DataCategory {
            group: checked(group)?,
            selector,
            categories: categories
                .iter()
                .map(|c| checked(c))
                .collect::<Result<_, _>>()?,
        })
    }

    /// `group AT categories`.
    pub fn at(group: &str, categories: &[&str]) -> Result<Self, InvalidCategoryName> {
        Self::new(group, CategorySelector::At, categories)
    }

    /// `group ABOVE categories`.
    pub fn above(group: &str, categories: &[&str]) -> Result<Self, InvalidCategoryName> {
        Self::new(group, CategorySelector::Above, categories)
    }

    /// `group BELOW categories`.
    pub fn below(group: &str, categories: &[&str]) -> Result<Self, InvalidCategoryName> {
        Self::new(group, CategorySelector::Below, categories)
    }

    /// `group ABOVE_OR_BELOW categories`.
    pub fn above_or_below(group: &str, categories: &[&str]) -> Result<Self, InvalidCategoryName> {
        Self::new(group, CategorySelector::AboveOrBelow, categories)
    }

    /// The filter as written in the clause.
    pub fn to_soql(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        out.push_str(&self.group);
        out.push(' ');
        out.push_str(self.selector.as_str());
        out.push(' ');
        match self.categories.as_slice() {
            [one] => out.push_str(one),
            many => {
                out.push('(');
                out.push_str(&many.join(", "));
                out.push(')');
            }
        }
    }
}

/// Appends ` WITH DATA CATEGORY f1 AND f2…` (nothing for no filters).
pub(crate) fn render_clause(out: &mut String, filters: &[DataCategory]) {
    for (i, f) in filters.iter().enumerate() {
        out.push_str(if i == 0 {
            " WITH DATA CATEGORY "
        } else {
            " AND "
        });
        f.render_into(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_selector_and_lists() {
        let filters = [
            DataCategory::above("Geography__c", &["usa__c"]).unwrap(),
            DataCategory::at("Product__c", &["a__c", "b__c"]).unwrap(),
            DataCategory::below("Topic__c", &["All"]).unwrap(),
            DataCategory::above_or_below("Region__c", &["emea__c"]).unwrap(),
        ];
        let mut out = String::new();
        render_clause(&mut out, &filters);
        assert_eq!(
            out,
            " WITH DATA CATEGORY Geography__c ABOVE usa__c AND Product__c AT (a__c, b__c) \
             AND Topic__c BELOW All AND Region__c ABOVE_OR_BELOW emea__c"
        );
        let mut none = String::new();
        render_clause(&mut none, &[]);
        assert_eq!(none, "");
    }

    #[test]
    fn refuses_names_that_are_not_api_names() {
        for bad in [
            "",
            "usa__c)",
            "usa c",
            "1usa",
            "usa'--",
            "a\nb",
            "_x",
            "usa__c OR x",
        ] {
            assert_eq!(
                DataCategory::at("Geography__c", &[bad]),
                Err(InvalidCategoryName(bad.to_owned())),
                "{bad:?}"
            );
            assert!(DataCategory::at(bad, &["usa__c"]).is_err(), "{bad:?}");
        }
        assert!(DataCategory::at("Geography__c", &[]).is_err());
    }
}
