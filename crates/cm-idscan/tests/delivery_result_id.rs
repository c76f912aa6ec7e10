//! A delivery's `resultId` leads to the result only when it is usable as an id
//! (one path segment, as for the return URL and the iframe message); an empty,
//! blank or hostile one is no result id, so the transaction is re-read instead
//! of the call failing before any request.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;

use cm_idscan::{SecretString, WebhookVerifier};

const ID: &str = "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";

fn delivery(result_id: &str) -> cm_idscan::Delivery {
    let body = serde_json::json!({
        "id": "d1", "type": "transaction.state.updated",
        "transaction": {"id": ID, "state": "completed", "resultId": result_id},
    })
    .to_string();
    WebhookVerifier::new("X-Hook-Secret", SecretString::from("s3cret"))
        .verify_value(Some(b"s3cret"), body.as_bytes())
        .unwrap()
}

#[test]
fn a_delivery_names_no_result_id_when_it_is_not_usable_as_one() {
    for unusable in ["", " ", "..", ".", "a\nb", "\u{7f}"] {
        assert_eq!(delivery(unusable).result_id(), None, "{unusable:?}");
    }
    assert_eq!(delivery("e6b7ce66").result_id(), Some("e6b7ce66"));
}

#[tokio::test]
async fn a_delivery_with_an_unusable_result_id_rereads_the_transaction() {
    for unusable in ["", "..", "a\tb"] {
        let mut server = mockito::Server::new_async().await;
        let details = server
            .mock(
                "GET",
                format!("{}/transactions/{ID}", support::PREFIX).as_str(),
            )
            .with_header("content-type", "application/json")
            .with_body(support::DETAILS)
            .expect(1)
            .create_async()
            .await;
        let results = server
            .mock("GET", mockito::Matcher::Regex("/results".into()))
            .expect(0)
            .create_async()
            .await;
        let (client, _clock) = support::client(&server);
        let answer = client
            .result_for_delivery(&delivery(unusable))
            .await
            .unwrap_or_else(|error| panic!("{unusable:?}: {error}"));
        assert!(answer.is_none(), "{unusable:?}");
        details.assert_async().await;
        results.assert_async().await;
    }
}
