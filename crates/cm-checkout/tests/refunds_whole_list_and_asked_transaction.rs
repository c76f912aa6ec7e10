//! A refund list is what a caller checks before asking for another refund, so
//! only the whole list of the asked transaction is taken: one that says there is
//! more, counts otherwise, lists a refund twice or holds another transaction's
//! refund is a decode error that keeps the body; a refund answer naming another
//! transaction is no refund of this one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use cm_checkout::RefundRequest;
use support::{ID, client, token_once};
use txstatus_core::{ErrorKind, ManualClock};

const REFUNDS_PATH: &str =
    "/api/v1/paymentmethods/ideal/v1/transactions/8db1e7fa-ba8a-4189-92fd-67a20217443d/refunds";

async fn list(body: &str, link: Option<&str>) -> cm_checkout::Result<cm_checkout::RefundList> {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-1", 3600).await;
    let mut mock = server
        .mock("GET", REFUNDS_PATH)
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(body);
    if let Some(link) = link {
        mock = mock.with_header("link", link);
    }
    let _mock = mock.create_async().await;
    let client = client(&server, &ManualClock::new());
    client
        .refunds(ID, "ideal")
        .await
        .map(|response| response.into_value())
}

fn assert_refused_with_body(result: cm_checkout::Result<cm_checkout::RefundList>, what: &str) {
    let error = match result {
        Ok(list) => panic!("{what}: taken as the whole list: {list:?}"),
        Err(error) => error,
    };
    assert!(
        matches!(error.kind(), ErrorKind::Decode(_)),
        "{what}: {error}"
    );
    assert!(error.body().is_some_and(|body| !body.is_empty()), "{what}");
}

#[tokio::test]
async fn a_refund_list_that_says_there_is_more_or_counts_otherwise_is_refused() {
    let one = r#"{"id":"r1","amount":300,"status":"SUCCESS"}"#;
    for body in [
        format!(r#"{{"refunds":[{one}],"next":"https://api.test/refunds?page=2"}}"#),
        r#"{"refunds":[],"nextPage":2}"#.to_owned(),
        format!(r#"{{"items":[{one}],"next_cursor":"c2"}}"#),
        format!(r#"{{"refunds":[{one}],"_links":{{"self":"a","next":{{"href":"b"}}}}}}"#),
        format!(r#"{{"refunds":[{one}],"links":{{"next":"https://api.test/p2"}}}}"#),
        format!(r#"{{"refunds":[{one}],"hasMore":true}}"#),
        format!(r#"{{"refunds":[{one}],"has_more":"true"}}"#),
        format!(r#"{{"totalPages":3,"refunds":[{one}]}}"#),
        format!(r#"{{"refunds":[{one}],"total":5}}"#),
        format!(r#"{{"refunds":[{one}],"totalCount":"2"}}"#),
        format!(r#"{{"count":0,"refunds":[{one}]}}"#),
        format!(r#"{{"refunds":[{one}],"total":1e30}}"#),
        format!(r#"{{"refunds":[{one}],"total":-1}}"#),
        format!(r#"{{"refunds":[{one}],"totalCount":"many"}}"#),
        format!(r#"{{"refunds":[{one}],"totalPages":2.5}}"#),
        format!(r#"{{"refunds":[{one}],"pageCount":18446744073709551616}}"#),
        // "More" in other spellings, link arrays, grouped paging members.
        format!(r#"{{"refunds":[{one}],"hasMore":1}}"#),
        format!(r#"{{"refunds":[{one}],"has_more":"1"}}"#),
        format!(r#"{{"refunds":[{one}],"hasMore":"yes"}}"#),
        format!(r#"{{"refunds":[{one}],"moreAvailable":true}}"#),
        format!(r#"{{"refunds":[{one}],"links":[{{"rel":"next","href":"https://api.test/p2"}}]}}"#),
        format!(r#"{{"refunds":[{one}],"_links":[{{"rel":["self","NEXT"],"href":"b"}}]}}"#),
        format!(r#"{{"refunds":[{one}],"pagination":{{"hasMore":true}}}}"#),
        format!(r#"{{"refunds":[{one}],"meta":{{"total":5}}}}"#),
        format!(r#"{{"refunds":[{one}],"page":{{"totalPages":3,"totalElements":45}}}}"#),
        format!(r#"{{"refunds":[{one}],"meta":{{"paging":{{"next":"c2"}}}}}}"#),
        format!(r#"{{"refunds":[{one}],"isTruncated":true}}"#),
        format!(r#"{{"refunds":[{one}],"last":false}}"#),
        format!(r#"{{"refunds":[{one}],"isLastPage":"false"}}"#),
        format!(r#"{{"refunds":[{one}],"cursor":"c2"}}"#),
        format!(r#"{{"refunds":[{one}],"paging":{{"cursors":{{"after":"c2"}}}}}}"#),
        format!(r#"{{"refunds":[{one}],"remaining":4}}"#),
        format!(r#"{{"refunds":[{one}],"continuationToken":"c2"}}"#),
        format!(r#"{{"refunds":[{one}],"previousPage":"/p1"}}"#),
        // An error body beside the list.
        r#"{"refunds":[],"error":"invalid_token"}"#.to_owned(),
        r#"{"status":500,"error":"Internal Server Error","refunds":[]}"#.to_owned(),
        r#"{"refunds":[],"errors":[{"code":"REFUNDS_UNAVAILABLE"}]}"#.to_owned(),
        // A `null` list is no list: not "no refunds".
        r#"{"refunds":null}"#.to_owned(),
        r#"{"items":null,"message":"temporarily unavailable"}"#.to_owned(),
    ] {
        assert_refused_with_body(list(&body, None).await, &body);
    }
    for link in [
        r#"<https://api.test/refunds?page=2>; rel="next""#,
        r#"<https://api.test/a>; rel="prev", <https://api.test/c>; rel=next"#,
        r#"<https://api.test/c>; rel="last next""#,
    ] {
        assert_refused_with_body(list(&format!("[{one}]"), Some(link)).await, link);
    }
}

#[tokio::test]
async fn a_whole_refund_list_is_still_taken_with_its_page_members() {
    let one = r#"{"id":"r1","amount":300,"status":"SUCCESS"}"#;
    for (body, link) in [
        (
            format!(r#"{{"refunds":[{one}],"next":null,"hasMore":false}}"#),
            None,
        ),
        (format!(r#"{{"page":1,"total":1,"refunds":[{one}]}}"#), None),
        (
            format!(r#"{{"refunds":[{one}],"_links":{{"next":null}},"totalPages":1}}"#),
            None,
        ),
        (r#"{"refunds":[],"total":0,"nextPage":""}"#.to_owned(), None),
        (format!(r#"{{"refunds":[{one}],"hasMore":0}}"#), None),
        (
            format!(r#"{{"refunds":[{one}],"last":true,"cursor":null}}"#),
            None,
        ),
        (
            format!(r#"{{"refunds":[{one}],"isTruncated":false,"remaining":0}}"#),
            None,
        ),
        (
            format!(r#"{{"refunds":[{one}],"status":200,"error":null}}"#),
            None,
        ),
        (
            format!(r#"{{"refunds":[{one}],"links":[{{"rel":"self","href":"a"}}]}}"#),
            None,
        ),
        (
            format!(r#"{{"refunds":[{one}],"meta":{{"total":1,"page":1}}}}"#),
            None,
        ),
        (
            format!("[{one}]"),
            Some(r#"<https://api.test/a>; rel="prev""#),
        ),
    ] {
        let taken = list(&body, link).await;
        assert!(taken.is_ok(), "{body}: {taken:?}");
    }
}

#[tokio::test]
async fn a_refund_list_naming_one_refund_twice_is_refused() {
    for body in [
        r#"[{"id":"r1","amount":300},{"id":"r1","amount":300}]"#,
        r#"{"refunds":[{"id":"r-A"},{"id":"r2"},{"id":"R-a"}]}"#,
        r#"{"items":[{"id":"5f0e4c1a-7d2b-4e8f-9a6c-3b1d2e4f5a6b"},{"id":"5F0E4C1A-7D2B-4E8F-9A6C-3B1D2E4F5A6B"}]}"#,
    ] {
        assert_refused_with_body(list(body, None).await, body);
    }
    // Refunds without an id are not "the same refund".
    assert!(list(r#"[{"amount":1},{"amount":1}]"#, None).await.is_ok());
}

#[tokio::test]
async fn a_refund_list_holding_another_transactions_refund_is_refused() {
    for body in [
        r#"[{"id":"r1","transactionId":"0b4b1d6f-0000-4000-8000-000000000000"}]"#,
        r#"{"refunds":[{"id":"r1","transactionId":"8db1e7fa-ba8a-4189-92fd-67a20217443d"},{"id":"r2","transactionId":"other"}]}"#,
    ] {
        assert_refused_with_body(list(body, None).await, body);
    }
    // The asked one in any case, or none named, is this transaction's.
    let taken = list(
        r#"[{"id":"r1","transactionId":"8DB1E7FA-BA8A-4189-92FD-67A20217443D"},{"id":"r2"}]"#,
        None,
    )
    .await
    .unwrap();
    assert_eq!(taken.0.len(), 2);
}

#[tokio::test]
async fn a_refund_answer_naming_another_transaction_is_no_refund_of_this_one() {
    for (body, taken) in [
        (
            r#"{"id":"r1","amount":500,"transactionId":"another-tx"}"#,
            false,
        ),
        (r#"{"id":"r1","amount":500,"transactionId":12345}"#, false),
        (
            r#"{"id":"r1","amount":500,"transactionId":"8DB1E7FA-BA8A-4189-92FD-67A20217443D"}"#,
            true,
        ),
        (r#"{"id":"r1","amount":500,"transactionId":null}"#, true),
    ] {
        let mut server = mockito::Server::new_async().await;
        let _token = token_once(&mut server, "tok-1", 3600).await;
        let refund = support::answers(&mut server, "POST", REFUNDS_PATH, 201, body, 1).await;
        let client = client(&server, &ManualClock::new());
        let result = client
            .create_refund(ID, "ideal", &RefundRequest::new(500))
            .await;
        refund.assert_async().await;
        match result {
            Ok(_) => assert!(taken, "{body}: taken as this transaction's refund"),
            Err(error) => {
                assert!(!taken, "{body}: {error}");
                assert!(error.write_was_accepted(), "{body}: {error}");
                assert!(error.may_have_been_sent(), "{body}");
                assert!(error.body().is_some_and(|b| !b.is_empty()), "{body}");
                let shown = format!("{error} {error:?}");
                assert!(!shown.contains("another-tx"), "{shown}");
            }
        }
    }
}

/// A 200 read whose body is an error (Spring's, OAuth's, JSON:API's, a message
/// with a code) names no transaction: a decode error keeping the body, not a
/// transaction without a status. A transaction naming no id is still taken.
#[tokio::test]
async fn a_transaction_read_answered_with_an_error_body_is_refused() {
    for (body, taken) in [
        (
            r#"{"status":404,"error":"Not Found","message":"No transaction","path":"/transactions"}"#,
            false,
        ),
        (
            r#"{"error":"invalid_token","error_description":"expired"}"#,
            false,
        ),
        (r#"{"errors":[{"message":"Transaction not found"}]}"#, false),
        (
            r#"{"message":"Transaction not found","code":"NOT_FOUND"}"#,
            false,
        ),
        (r#"{"status":"OPEN","amount":995,"currency":"EUR"}"#, true),
    ] {
        let mut server = mockito::Server::new_async().await;
        let _token = token_once(&mut server, "tok-1", 3600).await;
        let _read = server
            .mock("GET", support::TX_PATH)
            .with_status(200)
            .with_header("content-type", "application/json")
            .with_body(body)
            .create_async()
            .await;
        let result = client(&server, &ManualClock::new()).transaction(ID).await;
        match result {
            Ok(_) => assert!(taken, "{body}"),
            Err(error) => {
                assert!(!taken, "{body}: {error}");
                assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error}");
                assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            }
        }
    }
}
