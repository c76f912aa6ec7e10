//! `list` and `events` print one record per item: an item a later page lists
//! again (a cursor that is not strictly after the last item) is printed once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support::{Fake, code, command, json_lines, stderr};

fn page(kind: &str, ids: &[&str], next: Option<&str>) -> String {
    let data: Vec<String> = ids
        .iter()
        .map(|id| {
            if kind == "event" {
                format!(
                    r#"{{"type":"event","id":"{id}","attributes":{{"name":"transaction.created","created-at":"2026-12-01T10:00:00Z"}}}}"#
                )
            } else {
                format!(r#"{{"type":"transaction","id":"{id}","attributes":{{"status":"created"}}}}"#)
            }
        })
        .collect();
    let links = match next {
        Some(after) => format!(r#","links":{{"next":"/api/v1/x?page%5Bafter%5D={after}"}}"#),
        None => String::new(),
    };
    format!(r#"{{"data":[{}]{links}}}"#, data.join(","))
}

fn ids_printed(verb: &str, kind: &str, pages: &[String]) -> Vec<String> {
    let fake = Fake::start();
    for body in pages {
        fake.send(200, body);
    }
    let output = command(&[verb, "persona", "--json"])
        .env("PERSONA_API_KEY", "persona_test_key_list_once")
        .env("PERSONA_BASE_URL", &fake.url)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_eq!(fake.requests(), pages.len(), "{kind}");
    json_lines(&output)
        .iter()
        .map(|line| {
            let text = line.to_string();
            ["txn_1", "txn_2", "txn_3", "evt_1", "evt_2", "evt_3"]
                .into_iter()
                .find(|id| text.contains(&format!("\"{id}\"")))
                .unwrap_or_else(|| panic!("{text}"))
                .to_owned()
        })
        .collect()
}

#[test]
fn an_item_a_later_page_lists_again_is_printed_once() {
    let transactions = ids_printed(
        "list",
        "transaction",
        &[
            page("transaction", &["txn_1", "txn_2"], Some("txn_2")),
            page("transaction", &["txn_2", "txn_3", "txn_3"], None),
        ],
    );
    assert_eq!(transactions, ["txn_1", "txn_2", "txn_3"]);
    let events = ids_printed(
        "events",
        "event",
        &[
            page("event", &["evt_1", "evt_2"], Some("evt_2")),
            page("event", &["evt_2", "evt_3"], None),
        ],
    );
    assert_eq!(events, ["evt_1", "evt_2", "evt_3"]);
}
