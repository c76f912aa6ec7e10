//! A create is checked against the constraints CM documents for each field
//! (`reference` String(1...255), `merchantOrderReference` String(1...35),
//! `description` String(1...255), `returnUrl` String(2000), `maxRetries`
//! Int(0...255)): what CM takes passes, what CM refuses is refused before sending.
//!
//! Checked through the client, whose base URL has nothing listening: a request
//! refused before sending is an invalid-input error that was never sent; one
//! that passed the checks fails only on the way (the token request first).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_checkout::{
    CreateCheckout, MAX_MAX_RETRIES, MAX_MERCHANT_ORDER_REFERENCE_LEN, MAX_REFERENCE_LEN,
    MAX_RETURN_URL_LEN, RefundRequest, ReturnTo, ReturnUrls,
};
use txstatus_core::Pii;

fn base() -> CreateCheckout {
    CreateCheckout::new(
        1200,
        "EUR",
        "order-1",
        ReturnTo::Single("https://shop.test/r".into()),
    )
}

/// A client whose every request fails on the way: nothing listens at its base
/// URL (port 1 on loopback), so no request can reach anything.
fn client() -> cm_checkout::Client {
    use cm_checkout::ClientOptions;
    cm_checkout::Client::builder("client-id", txstatus_core::SecretString::from("secret"))
        .base_url("http://127.0.0.1:1/api/v1")
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap()
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// The error of a create refused before sending, or `None` when it passed the
/// checks (and then failed on the way, as every request of [`client`] does).
fn checked_create(request: &CreateCheckout) -> Option<cm_checkout::Error> {
    let error = block_on(client().create_transaction(request)).unwrap_err();
    refused_before_sending(error)
}

/// The same for a refund.
fn checked_refund(refund: &RefundRequest) -> Option<cm_checkout::Error> {
    let error = block_on(client().create_refund("t1", "ideal", refund)).unwrap_err();
    refused_before_sending(error)
}

fn refused_before_sending(error: cm_checkout::Error) -> Option<cm_checkout::Error> {
    if error.is_invalid_input() {
        assert!(!error.may_have_been_sent(), "{error}");
        Some(error)
    } else {
        None
    }
}

fn accepted(request: &CreateCheckout, what: &str) {
    if let Some(error) = checked_create(request) {
        panic!("{what}: refused although CM documents it as valid: {error}");
    }
}

fn refused(request: &CreateCheckout, field: &str) {
    let error = checked_create(request)
        .unwrap_or_else(|| panic!("{field}: accepted although CM documents it as invalid"));
    assert!(error.to_string().contains(field), "{field}: {error}");
}

/// `https://shop.test/r?p=xxx...` of exactly `len` bytes.
fn url_of(len: usize) -> String {
    let head = "https://shop.test/r?p=";
    format!("{head}{}", "x".repeat(len - head.len()))
}

#[test]
fn a_reference_up_to_the_documented_255_characters_is_sent_and_a_longer_one_refused() {
    assert_eq!(MAX_REFERENCE_LEN, 255);
    for len in [65, 100, 255] {
        let mut request = base();
        request.reference = "r".repeat(len);
        accepted(&request, &format!("reference of {len}"));
    }
    let mut request = base();
    request.reference = "é".repeat(255);
    accepted(&request, "reference of 255 two-byte characters");
    request.reference = "r".repeat(256);
    refused(&request, "reference");
}

#[test]
fn a_merchant_order_reference_past_the_documented_35_characters_is_refused_before_sending() {
    assert_eq!(MAX_MERCHANT_ORDER_REFERENCE_LEN, 35);
    let mut request = base();
    request.merchant_order_reference = Some("m".repeat(35));
    accepted(&request, "merchantOrderReference of 35");
    for len in [36, 64, 65] {
        request.merchant_order_reference = Some("m".repeat(len));
        refused(&request, "merchantOrderReference");
    }
}

#[test]
fn max_retries_takes_the_documented_0_to_255_payment_attempts() {
    assert_eq!(MAX_MAX_RETRIES, 255);
    let mut request = base();
    for retries in [0, 10, 11, 100, 255] {
        request.max_retries = Some(retries);
        accepted(&request, &format!("maxRetries {retries}"));
    }
    for retries in [256, u32::MAX] {
        request.max_retries = Some(retries);
        refused(&request, "maxRetries");
    }
}

#[test]
fn return_urls_past_the_documented_2000_bytes_are_refused_before_sending() {
    assert_eq!(MAX_RETURN_URL_LEN, 2000);
    let mut request = base();
    request.return_to = ReturnTo::Single(url_of(2000));
    accepted(&request, "returnUrl of 2000 bytes");
    for len in [2001, 2048] {
        request.return_to = ReturnTo::Single(url_of(len));
        refused(&request, "returnUrl");
        let mut urls = ReturnUrls::default();
        urls.success = Some(Pii::new("https://shop.test/ok".into()));
        urls.failed = Some(Pii::new(url_of(len)));
        request.return_to = ReturnTo::PerStatus(urls);
        refused(&request, "returnUrls.failed");
    }
}

#[test]
fn an_empty_description_is_refused_before_sending() {
    let mut request = base();
    request.description = Some(Pii::new(String::new()));
    refused(&request, "description");
    request.description = Some(Pii::new("d".into()));
    accepted(&request, "description of 1");
}

/// Every amount a request sends is within CM's `amount` Int(1...99999999): a
/// refund, an order line's unit price or VAT past it can be no refund or price
/// of a Checkout, and a JSON reader on the other side may round or wrap it (past
/// 2^53, past 2^32) into another amount that it then moves. Refused before
/// sending, naming the field.
#[test]
fn refund_and_order_line_amounts_past_the_documented_maximum_are_refused_before_sending() {
    use cm_checkout::{MAX_AMOUNT, NewOrderItem};

    for amount in [MAX_AMOUNT + 1, (1 << 32) + 300, (1 << 53) + 1, u64::MAX] {
        let error = checked_refund(&RefundRequest::new(amount))
            .unwrap_or_else(|| panic!("refund of {amount} accepted"));
        assert!(error.to_string().contains("amount"), "{amount}: {error}");
    }
    assert!(checked_refund(&RefundRequest::new(MAX_AMOUNT)).is_none());

    let line = |unit_price, vat_amount| NewOrderItem {
        name: Pii::new("Shoes".into()),
        unit_price,
        quantity: 1,
        vat_amount,
        ..NewOrderItem::default()
    };
    for (item, field) in [
        (line(MAX_AMOUNT + 1, None), "unitPrice"),
        (line(u64::MAX, None), "unitPrice"),
        (line(100, Some(MAX_AMOUNT + 1)), "vatAmount"),
        (line(100, Some((1 << 53) + 1)), "vatAmount"),
    ] {
        let mut request = base();
        request.order_items.push(item);
        refused(&request, field);
    }
    let mut request = base();
    request.order_items.push(line(MAX_AMOUNT, Some(MAX_AMOUNT)));
    accepted(&request, "an order line at the maximum");
}

fn lines(items: &[(u64, u64)]) -> CreateCheckout {
    let mut request = base();
    for &(unit_price, quantity) in items {
        request.order_items.push(cm_checkout::NewOrderItem {
            name: Pii::new("Shoes".into()),
            unit_price,
            quantity,
            ..cm_checkout::NewOrderItem::default()
        });
    }
    request
}

/// An order line's total is `unitPrice` × `quantity`, and the order's is the sum
/// of its lines: each within CM's `amount` Int(1...99999999). A count that takes
/// a line (or the lines together) past it, or wraps `u64` in the product or the
/// sum, would be sent as an order no Checkout can cost, or wrapped by a reader
/// on the other side into another one. Refused before sending, whatever the
/// order of the factors; a free line's count is bounded too.
#[test]
fn order_line_totals_and_their_sum_past_the_documented_maximum_are_refused_before_sending() {
    use cm_checkout::{MAX_AMOUNT, MAX_QUANTITY};

    for (items, field) in [
        // One line's product past the maximum, and past u64.
        (vec![(1, MAX_AMOUNT + 1)], "quantity"),
        (vec![(100, 1_000_000)], "unitPrice × quantity"),
        (vec![(MAX_AMOUNT, 2)], "unitPrice × quantity"),
        (vec![(MAX_AMOUNT, u64::MAX)], "quantity"),
        (vec![(2, (1 << 63) + 1)], "quantity"),
        (vec![(1 << 32, 1 << 32)], "quantity"),
        // Free lines: no product to bound the count.
        (vec![(0, MAX_QUANTITY + 1)], "quantity"),
        (vec![(0, u64::MAX)], "quantity"),
        // Lines each within the maximum whose sum is not.
        (vec![(MAX_AMOUNT, 1), (1, 1)], "orderItems"),
        (vec![(50_000_000, 1), (50_000_000, 1)], "orderItems"),
        (vec![(MAX_AMOUNT, 1); 200], "orderItems"),
    ] {
        refused(&lines(&items), field);
    }
    accepted(&lines(&[(600, 2)]), "the documented line");
    accepted(&lines(&[(1, MAX_AMOUNT)]), "a line at the maximum");
    accepted(
        &lines(&[(0, MAX_QUANTITY)]),
        "a free line of the most units",
    );
    accepted(
        &lines(&[(MAX_AMOUNT - 1, 1), (1, 1)]),
        "lines summing to the maximum",
    );
}

/// The VAT of the lines, summed, is within the maximum too, and a VAT rate is a
/// percentage: past 100 (or past `i32` on the other side) it is no rate.
#[test]
fn order_line_vat_past_the_documented_maximum_in_sum_or_rate_is_refused_before_sending() {
    use cm_checkout::{MAX_AMOUNT, MAX_VAT_RATE};

    let with_vat = |vats: &[(Option<u64>, Option<u32>)]| {
        let mut request = base();
        for &(vat_amount, vat_rate) in vats {
            request.order_items.push(cm_checkout::NewOrderItem {
                name: Pii::new("Shoes".into()),
                unit_price: 100,
                quantity: 1,
                vat_amount,
                vat_rate,
                ..cm_checkout::NewOrderItem::default()
            });
        }
        request
    };
    refused(
        &with_vat(&[(Some(MAX_AMOUNT), None), (Some(1), None)]),
        "vatAmount",
    );
    for rate in [MAX_VAT_RATE + 1, 1 << 31, u32::MAX] {
        refused(&with_vat(&[(Some(20), Some(rate))]), "vatRate");
    }
    accepted(
        &with_vat(&[
            (Some(MAX_AMOUNT - 1), Some(0)),
            (Some(1), Some(MAX_VAT_RATE)),
        ]),
        "VAT summing to the maximum at rates 0 and 100",
    );
}

/// An order line's article `code` is text like its name: a blank one, one past
/// the longest text, or one holding control characters (a line break that
/// splits a record on the other side) is refused before sending, naming the
/// field and not the value.
#[test]
fn an_order_line_code_that_is_blank_too_long_or_holds_control_characters_is_refused() {
    let with_code = |code: &str| {
        let mut request = base();
        request.order_items.push(cm_checkout::NewOrderItem {
            code: Some(code.into()),
            name: Pii::new("Shoes".into()),
            unit_price: 600,
            quantity: 2,
            ..cm_checkout::NewOrderItem::default()
        });
        request
    };
    for code in [
        String::new(),
        "  ".into(),
        "SKU-1\nSKU-2".into(),
        "SKU\u{0}".into(),
        "S".repeat(cm_checkout::MAX_DESCRIPTION_LEN + 1),
    ] {
        refused(&with_code(&code), "orderItems[].code");
    }
    accepted(&with_code("SDC4/32GB-2ADP"), "the documented code");
    accepted(
        &with_code(&"S".repeat(cm_checkout::MAX_DESCRIPTION_LEN)),
        "a code of the longest text",
    );
}
