//! Wrong queries and writes must not compile, each with a readable message. Every case
//! in `tests/ui/` has its expected compiler output beside it (`*.stderr`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
