//! A member sent twice in a transaction's `attributes` or `relationships` (a
//! hostile or broken body: `"status":"approved","status":"declined"`) fails the
//! read with a decode error that keeps the body, as a repeated member does in
//! every other record of the workspace: neither copy silently wins, so no reader
//! of the raw body can take a status the typed model does not have.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;

use txstatus_core::ErrorKind;

const KEY: &str = "persona_test_key_dup_5c4b";
const PERSONAL: &str = "Zyxwvut Personal";

async fn read(body: &str) -> persona_tx::Result<persona_tx::Transaction> {
    let mut server = mockito::Server::new_async().await;
    let _mock = support::serves_json(&mut server, "/transactions/txn_DUP1", body).await;
    let client = support::client(&server, KEY);
    client
        .transaction("txn_DUP1")
        .await
        .map(|response| response.value().clone())
}

fn transaction(attributes: &str, relationships: &str) -> String {
    format!(
        r#"{{"data":{{"type":"transaction","id":"txn_DUP1","attributes":{{{attributes}}},"relationships":{{{relationships}}}}}}}"#
    )
}

#[tokio::test]
async fn a_member_sent_twice_fails_the_read_with_the_body_and_no_personal_key_shown() {
    let planted = format!(r#""{PERSONAL}":"a","{PERSONAL}":"b""#);
    let cases = [
        transaction(r#""status":"approved","status":"declined""#, ""),
        transaction(r#""status":"declined","status":"approved""#, ""),
        transaction(r#""status":null,"status":"approved""#, ""),
        transaction(r#""reference-id":"r1","reference-id":"r2""#, ""),
        transaction(
            r#""created-at":"2024-01-01T00:00:00Z","created-at":"2030-01-01T00:00:00Z""#,
            "",
        ),
        transaction(
            r#""updated-at":"2024-01-01T00:00:00Z","updated-at":null"#,
            "",
        ),
        transaction(r#""fields":{},"fields":{}"#, ""),
        transaction(r#""tags":["a"],"tags":["b"]"#, ""),
        transaction(r#""signals":{},"signals":null"#, ""),
        transaction(r#""new-member":"a","new-member":"b""#, ""),
        transaction(&planted, ""),
        transaction(
            r#""status":"approved""#,
            r#""reviewer":{"data":null},"reviewer":{"data":null}"#,
        ),
        transaction(
            r#""status":"approved""#,
            r#""transaction-label":{"data":null},"transaction-label":{"data":null}"#,
        ),
        transaction(r#""status":"approved""#, r#""new-rel":{},"new-rel":{}"#),
    ];
    for body in cases {
        let error = match read(&body).await {
            Ok(t) => panic!("{body}: read as {:?}", t.raw_status()),
            Err(error) => error,
        };
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{body}: {error}"
        );
        assert_eq!(
            error.body().map(|b| b.as_bytes()),
            Some(body.as_bytes()),
            "{body}"
        );
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(PERSONAL), "{shown}");
    }
}

#[tokio::test]
async fn members_differing_in_case_or_spacing_are_distinct_and_never_the_status() {
    for attributes in [
        r#""Status":"approved""#,
        r#""status ":"approved""#,
        r#""STATUS":"approved","status ":"declined""#,
    ] {
        let body = transaction(attributes, "");
        let t = read(&body).await.unwrap();
        assert_eq!(t.raw_status(), "", "{body}");
        assert_eq!(t.status(), persona_tx::NormalizedStatus::Unknown, "{body}");
    }
    let t = read(&transaction(
        r#""Status":"declined","status":"approved""#,
        "",
    ))
    .await
    .unwrap();
    assert_eq!(t.raw_status(), "approved");
}

#[test]
fn an_included_object_sending_a_member_twice_is_kept_whole_with_every_copy() {
    for (item, copies) in [
        (
            r#"{"type":"account","id":"act_A","id":"act_B","attributes":{"reference-id":"r"}}"#,
            &["act_A", "act_B"][..],
        ),
        (
            r#"{"type":"account","id":"act_A","attributes":{"reference-id":"first"},"attributes":{"reference-id":"second"}}"#,
            &["first", "second"][..],
        ),
        (
            r#"{"type":"account","id":"act_A","relationships":{},"relationships":{"account-type":{"data":null}}}"#,
            &["account-type"][..],
        ),
        (
            r#"{"type":"verification/government-id","type":"account","id":"ver_A","attributes":{"status":"passed"}}"#,
            &["verification/government-id", "\"account\""][..],
        ),
        (
            r#"{"type":"verification/government-id","id":"ver_A","attributes":{"status":"passed"},"attributes":{"status":"failed"}}"#,
            &["passed", "failed"][..],
        ),
    ] {
        let body = format!(
            r#"{{"data":{{"type":"transaction","id":"txn_DUP1","attributes":{{"status":"approved"}}}},"included":[{item}]}}"#
        );
        let transaction: persona_tx::Transaction = serde_json::from_str(&body).unwrap();
        let included = &transaction.included()[0];
        assert!(
            matches!(included, persona_tx::Included::Other(_)),
            "{item}: typed from one copy"
        );
        // Every copy is still there (plain serialization writes it back).
        let written = serde_json::to_string(included).unwrap();
        for copy in copies {
            assert!(written.contains(copy), "{item}: {written} lacks {copy}");
        }
    }
    // Each member once: typed, as before.
    let body = r#"{"data":{"type":"transaction","id":"txn_DUP1"},"included":[{"type":"account","id":"act_A","attributes":{"reference-id":"r"},"links":{},"meta":{}}]}"#;
    let transaction: persona_tx::Transaction = serde_json::from_str(body).unwrap();
    assert_eq!(transaction.accounts().count(), 1);
}
