//! What must not compile, each case with its expected compiler output beside it
//! (`*.stderr`), in one harness (the three sets share trybuild's build of their dependencies):
//!
//! - `tests/ui/`: wrong queries and writes (fields of another object, values of the
//!   wrong type, writes to read-only fields, misused relationships and derives);
//! - `tests/ui-composite/`: typed composite references of the wrong type, fields of
//!   another object, read-only fields;
//! - `tests/ui-types/`: an `Id<Account>` where an `Id<Contact>` is expected, value
//!   types without an operator class.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

#[test]
fn composite_misuse_does_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-composite/*.rs");
}

#[test]
fn types_compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-types/*.rs");
}
