//! Deeply nested statements are refused with a 400, never followed down until
//! the stack overflows (which aborts the whole emulator, not just the
//! request). Every nesting construct is tried: parentheses, `NOT`, `NOT (`,
//! function calls, semi-join subqueries, relationship hops, SOSL term
//! parentheses and long SOSL term chains; through `soql::execute` /
//! `soql::search` (what the server calls) and over HTTP.

use crate::fixture::{opts, World};
use crate::server_common::{start, Api};

use serde_json::json;
use sf_emulator::soql::{self, SoqlError};

/// Far past any stack: what an attacker (or a runaway generator) sends.
const DEEP: usize = 100_000;

fn nested_parens(n: usize) -> String {
    format!(
        "SELECT Id FROM Account WHERE {}Name = 'Acme'{}",
        "(".repeat(n),
        ")".repeat(n)
    )
}

fn not_paren_chain(n: usize) -> String {
    format!(
        "SELECT Id FROM Account WHERE {}Name = 'Acme'{}",
        "NOT (".repeat(n),
        ")".repeat(n)
    )
}

fn bare_not_chain(n: usize) -> String {
    format!(
        "SELECT Id FROM Account WHERE {}Name = 'Acme'",
        "NOT ".repeat(n)
    )
}

fn nested_calls(n: usize) -> String {
    format!(
        "SELECT {}Name{} FROM Account",
        "FORMAT(".repeat(n),
        ")".repeat(n)
    )
}

fn nested_semi_joins(n: usize) -> String {
    format!(
        "SELECT Id FROM Account WHERE {}Id = null{}",
        "Id IN (SELECT AccountId FROM Contact WHERE ".repeat(n),
        ")".repeat(n)
    )
}

fn long_path(n: usize) -> String {
    // `What` is polymorphic, so nothing stops a resolver walking this.
    format!("SELECT {}Name FROM Task", "What.".repeat(n))
}

fn assert_too_deep(result: Result<impl std::fmt::Debug, SoqlError>, code: &str) {
    let e = result.expect_err("a deeply nested statement is refused");
    assert_eq!(e.code, code, "{}", e.message);
    assert!(e.message.contains("nested too deeply"), "{}", e.message);
}

#[test]
fn deep_soql_is_malformed_not_a_crash() {
    let w = World::new();
    for soql in [
        nested_parens(DEEP),
        not_paren_chain(DEEP),
        bare_not_chain(DEEP),
        nested_calls(DEEP),
        nested_semi_joins(DEEP),
        long_path(DEEP),
    ] {
        assert_too_deep(w.query(&soql), "MALFORMED_QUERY");
        assert_too_deep(w.query_all(&soql), "MALFORMED_QUERY");
        assert_too_deep(soql::parse(&soql), "MALFORMED_QUERY");
    }
}

#[test]
fn the_limit_sits_between_real_queries_and_a_stack_overflow() {
    let w = World::new();
    // Thirty levels (sixty for `NOT (`, which nests twice) is past anything
    // hand-written or generated in practice, and the whole pipeline (parse,
    // plan, evaluate) runs it.
    let real = [
        nested_parens(30),
        not_paren_chain(30),
        bare_not_chain(30),
        nested_calls(30),
    ];
    for soql in &real {
        w.query(soql)
            .unwrap_or_else(|e| panic!("{soql}: {}", e.message));
    }
    assert_eq!(w.query(&nested_parens(30)).unwrap().total_size, 1);
    assert_eq!(w.query(&bare_not_chain(30)).unwrap().total_size, 1);
    assert_eq!(w.query(&nested_semi_joins(8)).unwrap().total_size, 0);
    // Just past the limit is refused the same way as far past it.
    let limit = soql::MAX_NESTING;
    w.query(&nested_parens(limit - 1))
        .expect("within the limit");
    assert_too_deep(w.query(&nested_parens(limit + 1)), "MALFORMED_QUERY");
}

#[test]
fn deep_sosl_is_malformed_search_not_a_crash() {
    let w = World::new();
    let run = |sosl: &str| soql::search(&w.schema, &w.store, sosl, &opts());
    let term_parens = format!("FIND {{{}acme{}}}", "(".repeat(DEEP), ")".repeat(DEEP));
    assert_too_deep(run(&term_parens), "MALFORMED_SEARCH");
    let where_parens = format!(
        "FIND {{acme}} RETURNING Account(Name WHERE {}Name = 'Acme'{})",
        "(".repeat(DEEP),
        ")".repeat(DEEP)
    );
    assert_too_deep(run(&where_parens), "MALFORMED_SEARCH");
    // A long flat chain is not nesting: it is answered, and fast.
    let words = vec!["acme"; DEEP].join(" ");
    for joiner in [" ", " AND ", " OR ", " AND NOT zzz "] {
        let chain = format!(
            "FIND {{{}}} RETURNING Account(Name)",
            vec!["acme"; DEEP / 4].join(joiner)
        );
        run(&chain).unwrap_or_else(|e| panic!("{joiner:?}: {}", e.message));
    }
    let out = run(&format!("FIND {{{words}}} RETURNING Account(Name)")).unwrap();
    assert_eq!(out["searchRecords"].as_array().unwrap().len(), 2);
}

fn q(path: &str, soql: &str) -> String {
    format!(
        "{path}?q={}",
        url::form_urlencoded::byte_serialize(soql.as_bytes()).collect::<String>()
    )
}

#[tokio::test]
async fn deep_queries_answer_400_over_http_and_the_server_lives_on() {
    let emu = start().await;
    let api = Api::new(&emu);
    api.create("Account", json!({"Name": "Acme"})).await;
    // A GET's query string must fit a URI (64 KiB), so it nests 10,000 deep:
    // still five times what used to abort the process.
    for path in ["query", "queryAll"] {
        for soql in [nested_parens(10_000), not_paren_chain(6_000)] {
            let (status, body) = api.get(&q(path, &soql)).await;
            assert_eq!(status, 400, "{path}: {body}");
            assert_eq!(body[0]["errorCode"], "MALFORMED_QUERY", "{body}");
        }
    }
    for soql in [nested_parens(DEEP), not_paren_chain(DEEP)] {
        let (status, body) = api
            .post("jobs/query", json!({"operation": "query", "query": soql}))
            .await;
        assert_eq!(status, 400, "{body}");
        let (status, body) = api
            .post(
                "composite",
                json!({"compositeRequest": [{
                    "referenceId": "Deep", "method": "GET",
                    "url": q("/services/data/v66.0/query", &soql),
                }]}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let sub = &body["compositeResponse"][0];
        assert_eq!(sub["httpStatusCode"], 400, "{sub}");
        assert_eq!(sub["body"][0]["errorCode"], "MALFORMED_QUERY", "{sub}");
    }
    let (status, body) = api
        .get(&q(
            "search",
            &format!("FIND {{{}acme{}}}", "(".repeat(10_000), ")".repeat(10_000)),
        ))
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = api.get(&q("query", "SELECT Name FROM Account")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["records"][0]["Name"], "Acme");
}
