//! Amounts and counts read through the client are the numbers CM sent, or the
//! read fails with a decode error that keeps the body: a JSON number written
//! with a fraction or an exponent reaches the decoder as a float, already
//! rounded (`9007199254740993.0` is `…992`, `1e-400` is `0`), so it is refused
//! rather than read as a different amount.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;

use support::*;
use txstatus_core::{ErrorKind, ManualClock};

/// Every member that holds an amount or a count, with the body that puts
/// `value` there.
fn bodies(value: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "amount",
            format!(r#"{{"id":"{ID}","status":"SUCCESS","amount":{value},"currency":"EUR"}}"#),
        ),
        (
            "maxRetries",
            format!(r#"{{"id":"{ID}","status":"OPEN","maxRetries":{value}}}"#),
        ),
        (
            "refundedAmount",
            format!(r#"{{"id":"{ID}","refunds":{{"refundedAmount":{value}}}}}"#),
        ),
        (
            "refundedPendingAmount",
            format!(r#"{{"id":"{ID}","refunds":{{"refundedPendingAmount":{value}}}}}"#),
        ),
        (
            "unitPrice",
            format!(r#"{{"id":"{ID}","orderItems":[{{"unitPrice":{value}}}]}}"#),
        ),
        (
            "vatAmount",
            format!(r#"{{"id":"{ID}","orderItems":[{{"vatAmount":{value}}}]}}"#),
        ),
        (
            "quantity",
            format!(r#"{{"id":"{ID}","orderItems":[{{"quantity":{value}}}]}}"#),
        ),
    ]
}

async fn read(body: &str) -> cm_checkout::Result<cm_checkout::Transaction> {
    let mut server = mockito::Server::new_async().await;
    let _token = token_once(&mut server, "tok-1", 3600).await;
    let _tx = transaction_with(&mut server, "tok-1")
        .with_body(body)
        .create_async()
        .await;
    let client = client(&server, &ManualClock::new());
    client.transaction(ID).await.map(|r| r.value().clone())
}

/// The whole numbers a member holds, in the order of [`bodies`].
fn numbers(t: &cm_checkout::Transaction) -> Vec<Option<u64>> {
    let item = t.order_items.as_ref().and_then(|items| items.first());
    let refunds = t.refunds.as_ref();
    vec![
        t.amount.map(|a| a.get()),
        t.max_retries.map(u64::from),
        refunds.and_then(|r| r.refunded_amount).map(|a| a.get()),
        refunds
            .and_then(|r| r.refunded_pending_amount)
            .map(|a| a.get()),
        item.and_then(|i| i.unit_price).map(|a| a.get()),
        item.and_then(|i| i.vat_amount).map(|a| a.get()),
        item.and_then(|i| i.quantity),
    ]
}

#[tokio::test]
async fn a_float_written_amount_or_count_is_refused_never_read_as_a_rounded_value() {
    for value in [
        "9007199254740993.0",
        "9007199254740993e0",
        "1e-400",
        "-1e-400",
        "1.00000000000000001",
        "12.0",
        "0.1e1",
        "1.2e3",
        "1E2",
        "-0.0",
    ] {
        for (member, body) in bodies(value) {
            match read(&body).await {
                Ok(t) => panic!("{member} = {value} read as {:?}", numbers(&t)),
                Err(error) => {
                    assert!(
                        matches!(error.kind(), ErrorKind::Decode(_)),
                        "{member} = {value}: {error}"
                    );
                    assert_eq!(
                        error.body().map(|b| b.as_bytes()),
                        Some(body.as_bytes()),
                        "{member} = {value}: the body is not kept"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn whole_amounts_and_counts_read_exactly_as_integers_and_digit_strings() {
    for (value, expected) in [
        ("0", 0),
        ("7", 7),
        ("9007199254740993", 9_007_199_254_740_993),
        (r#""9007199254740993""#, 9_007_199_254_740_993),
        (r#"" 42 ""#, 42),
        ("4294967295", u64::from(u32::MAX)),
    ] {
        for (index, (member, body)) in bodies(value).into_iter().enumerate() {
            let fits = member != "maxRetries" || expected <= u64::from(u32::MAX);
            match read(&body).await {
                Ok(t) => {
                    assert!(fits, "{member} = {value} read");
                    assert_eq!(numbers(&t)[index], Some(expected), "{member} = {value}");
                }
                Err(error) => {
                    assert!(!fits, "{member} = {value}: {error}");
                    assert!(error.body().is_some());
                }
            }
        }
    }
}

#[tokio::test]
async fn amounts_past_the_range_or_negative_fail_with_the_body() {
    for value in [
        "18446744073709551616",
        "-1",
        "-0",
        r#""1e3""#,
        r#""12.00""#,
        r#""-5""#,
    ] {
        for (member, body) in bodies(value) {
            let error = read(&body).await.expect_err(member);
            assert!(
                matches!(error.kind(), ErrorKind::Decode(_)),
                "{member} = {value}: {error}"
            );
            assert_eq!(error.body().map(|b| b.as_bytes()), Some(body.as_bytes()));
        }
    }
}
