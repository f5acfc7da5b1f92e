//! What the value types refuse at compile time: an `Id<Account>` where an `Id<Contact>` is
//! expected, and value types without an operator class.

#[test]
fn types_compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-types/*.rs");
}
