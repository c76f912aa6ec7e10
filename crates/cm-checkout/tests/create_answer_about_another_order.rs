//! A create answer stating another `merchantOrderReference` than asked is about
//! another Checkout (a cache or proxy answering for another request): never
//! taken for this one, and the error says the write was accepted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use cm_checkout::{CreateCheckout, ReturnTo};
use support::{client, token_once};
use txstatus_core::ManualClock;

const CREATE_PATH: &str = "/api/v1/paymentmethods/checkout/v1/transactions";

#[tokio::test]
async fn a_create_answer_naming_another_merchant_order_reference_is_not_a_success() {
    const TX: &str = r#""id":"8db1e7fa-ba8a-4189-92fd-67a20217443d","amount":1200,"currency":"EUR","reference":"order-77""#;
    for (body, taken) in [
        (
            format!(r#"{{{TX},"merchantOrderReference":"order124"}}"#),
            false,
        ),
        (
            format!(r#"{{{TX},"merchantOrderReference":"ORDER123"}}"#),
            false,
        ),
        (format!(r#"{{{TX},"merchantOrderReference":1234}}"#), false),
        (
            format!(r#"{{{TX},"merchantOrderReference":" order123 "}}"#),
            true,
        ),
        (format!(r#"{{{TX},"merchantOrderReference":null}}"#), true),
        (format!("{{{TX}}}"), true),
    ] {
        let mut server = mockito::Server::new_async().await;
        let _token = token_once(&mut server, "tok-A", 3600).await;
        let create = support::answers(&mut server, "POST", CREATE_PATH, 201, &body, 1).await;
        let client = client(&server, &ManualClock::new());
        let mut request = CreateCheckout::new(
            1200,
            "EUR",
            "order-77",
            ReturnTo::Single("https://shop.test/return".into()),
        );
        request.merchant_order_reference = Some("order123".into());

        let result = client.create_transaction(&request).await;

        create.assert_async().await;
        match result {
            Ok(_) => assert!(taken, "{body}: taken for the asked Checkout"),
            Err(error) => {
                assert!(!taken, "{body}: {error}");
                assert!(error.write_was_accepted(), "{body}: {error}");
                assert_eq!(error.json_path(), Some("merchantOrderReference"), "{body}");
                assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
            }
        }
    }
}
