//! `POST composite/graph`: each graph all or nothing, shapes compared with
//! the recorded graph responses, and the 500-node limit.

use crate::many_common;

use many_common::{count, keys, start, wiremock_body, Api};
use serde_json::{json, Value};

fn node(reference_id: &str, method: &str, url: &str, body: Option<Value>) -> Value {
    let mut s = json!({"referenceId": reference_id, "method": method, "url": url});
    if let Some(b) = body {
        s["body"] = b;
    }
    s
}

#[tokio::test]
async fn graph_create_tree_matches_the_recorded_shape() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, resp) = api
        .post(
            "composite/graph",
            json!({"graphs": [{"graphId": "graph0", "compositeRequest": [
                node("referenceId0", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({"Name": "Star Wars"}))),
                node("referenceId1", "POST", "/services/data/v66.0/sobjects/Contact",
                     Some(json!({"LastName": "Skywalker", "AccountId": "@{referenceId0.id}"}))),
                node("referenceId2", "POST", "/services/data/v66.0/sobjects/Contact",
                     Some(json!({"LastName": "Solo", "AccountId": "@{referenceId0.id}"}))),
            ]}]}),
        )
        .await;
    assert_eq!(status, 200);
    let real = wiremock_body("composite/applink-wiremock-composite-graph-create-tree-v51.json");
    let (g, rg) = (&resp["graphs"][0], &real["graphs"][0]);
    assert_eq!(keys(g), keys(rg));
    assert_eq!(g["isSuccessful"], true);
    assert_eq!(g["graphId"], "graph0");
    let nodes = g["graphResponse"]["compositeResponse"].as_array().unwrap();
    let real_node = &rg["graphResponse"]["compositeResponse"][1];
    assert_eq!(nodes.len(), 3);
    for n in nodes {
        assert_eq!(keys(n), keys(real_node));
        assert_eq!(keys(&n["body"]), keys(&real_node["body"]));
        assert_eq!(n["httpStatusCode"], real_node["httpStatusCode"]);
        assert_eq!(keys(&n["httpHeaders"]), keys(&real_node["httpHeaders"]));
    }
    let account = nodes[0]["body"]["id"].as_str().unwrap();
    for c in emu.org().store.live("Contact") {
        assert_eq!(c.get("AccountId"), account);
    }
    assert_eq!(count(&emu, "Contact"), 2);
}

#[tokio::test]
async fn update_and_delete_nodes_answer_204_with_null_bodies() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = api.create("Account", json!({"Name": "Before"})).await;
    let (_, resp) = api
        .post(
            "composite/graph",
            json!({"graphs": [
                {"graphId": "update", "compositeRequest": [
                    node("referenceId0", "PATCH", &format!("/services/data/v66.0/sobjects/Account/{id}"), Some(json!({"Name": "After"}))),
                ]},
                {"graphId": "delete", "compositeRequest": [
                    node("referenceId0", "DELETE", &format!("/services/data/v66.0/sobjects/Account/{id}"), None),
                ]},
            ]}),
        )
        .await;
    let real_update = wiremock_body("composite/applink-wiremock-composite-graph-update-v51.json");
    let real_delete = wiremock_body("composite/applink-wiremock-composite-graph-delete-v51.json");
    assert_eq!(
        resp["graphs"][0],
        real_update["graphs"][0].clone().tap_id("update")
    );
    assert_eq!(
        resp["graphs"][1],
        real_delete["graphs"][0].clone().tap_id("delete")
    );
    assert_eq!(count(&emu, "Account"), 0);
}

trait TapId {
    fn tap_id(self, id: &str) -> Value;
}

impl TapId for Value {
    /// The recorded graph with our graph id (the recording used `graph0`).
    fn tap_id(mut self, id: &str) -> Value {
        self["graphId"] = json!(id);
        self
    }
}

#[tokio::test]
async fn a_failing_node_rolls_back_its_graph_only() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (_, resp) = api
        .post(
            "composite/graph",
            json!({"graphs": [
                {"graphId": "graph0", "compositeRequest": [
                    node("referenceId0", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({"Name": "Acme Corp"}))),
                    node("referenceId1", "POST", "/services/data/v66.0/sobjects/Account",
                         Some(json!({"Name": "Bad", "CleanStatus": "Amazing"}))),
                ]},
                {"graphId": "graph1", "compositeRequest": [
                    node("referenceId0", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({"Name": "Survivor"}))),
                ]},
            ]}),
        )
        .await;
    let rollback =
        wiremock_body("composite/applink-wiremock-composite-graph-rollback-errors-v51.json");
    let error = wiremock_body("composite/applink-wiremock-composite-graph-create-error-v51.json");
    let g0 = &resp["graphs"][0];
    assert_eq!(g0["isSuccessful"], false);
    let nodes = g0["graphResponse"]["compositeResponse"].as_array().unwrap();
    // The node that succeeded is reported exactly as the recorded rollback.
    assert_eq!(
        nodes[0],
        rollback["graphs"][0]["graphResponse"]["compositeResponse"][0]
    );
    let real_err = &error["graphs"][0]["graphResponse"]["compositeResponse"][0];
    assert_eq!(nodes[1]["httpStatusCode"], real_err["httpStatusCode"]);
    assert_eq!(
        nodes[1]["body"][0]["errorCode"],
        real_err["body"][0]["errorCode"]
    );
    assert_eq!(keys(&nodes[1]["body"][0]), keys(&real_err["body"][0]));
    assert_eq!(nodes[1]["body"][0]["fields"], json!(["CleanStatus"]));
    assert_eq!(resp["graphs"][1]["isSuccessful"], true);
    let names: Vec<Value> = emu
        .org()
        .store
        .live("Account")
        .map(|r| r.get("Name").clone())
        .collect();
    assert_eq!(names, [json!("Survivor")]);
}

#[tokio::test]
async fn more_than_500_nodes_is_refused() {
    let emu = start().await;
    let api = Api::new(&emu);
    let graph = |id: &str, n: usize| {
        let nodes: Vec<Value> = (0..n)
            .map(|i| {
                node(
                    &format!("n{i}"),
                    "POST",
                    "/services/data/v66.0/sobjects/Account",
                    Some(json!({"Name": format!("{id}-{i}")})),
                )
            })
            .collect();
        json!({"graphId": id, "compositeRequest": nodes})
    };
    let (status, resp) = api
        .post("composite/graph", json!({"graphs": [graph("g1", 501)]}))
        .await;
    assert_eq!(status, 400, "{resp}");
    let (status, _) = api
        .post(
            "composite/graph",
            json!({"graphs": [graph("g1", 300), graph("g2", 201)]}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(count(&emu, "Account"), 0);
    let (status, resp) = api
        .post("composite/graph", json!({"graphs": [graph("g1", 500)]}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(resp["graphs"][0]["isSuccessful"], true);
    assert_eq!(count(&emu, "Account"), 500);
}
