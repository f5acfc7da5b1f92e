//! Typed composite references and field setters reject, at compile time, a reference
//! of the wrong type, a field of another object, and a read-only field.

#[test]
fn composite_misuse_does_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-composite/*.rs");
}
