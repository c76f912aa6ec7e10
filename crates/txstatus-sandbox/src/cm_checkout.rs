//! Checkout's `POST /paymentmethods/checkout/v1/transactions`, reads of the
//! Checkouts created through it, and refunds at
//! `/paymentmethods/{method}/v1/transactions/{id}/refunds`. Registered by
//! `providers::checkout`, which checks the OAuth token first.
//!
//! Checks of its own (400 `{"message"}`): a JSON object; `amount` an integer from
//! 1 to 99999999; `currency` three upper-case letters; `reference` (required) and
//! `description` of 1 to 255 characters, `merchantOrderReference` of 1 to 35;
//! exactly one of `returnUrl` / `returnUrls`; `webhooks[]` with an `https` url
//! and events. Refunds: the Checkout must be `SUCCESS`, `{method}` must be the
//! paid payment's method, `amount` at least 1 and within what is left (checked where
//! the refund is added, under one lock: refunds sent at once never together exceed
//! the amount paid).

use std::time::{Instant, SystemTime};

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::cm_flows::{Kind, new_id, new_token};
use crate::cm_time::rfc3339_z;
use crate::respond;
use crate::state::Shared;

/// CM's documented largest `amount` (`Int(1...99999999)`), in minor units.
const MAX_AMOUNT: u64 = 99_999_999;

fn bad(message: &str) -> Response {
    respond::json_value(StatusCode::BAD_REQUEST, &json!({ "message": message }))
}

fn object(body: &[u8]) -> Result<Map<String, Value>, Box<Response>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        _ => Err(Box::new(bad("the body must be a JSON object"))),
    }
}

fn check_create(fields: &Map<String, Value>) -> Result<(), &'static str> {
    if fields
        .get("amount")
        .and_then(Value::as_u64)
        .is_none_or(|a| !(1..=MAX_AMOUNT).contains(&a))
    {
        return Err("amount must be an integer from 1 to 99999999 (minor units)");
    }
    // CM's documented lengths (String(1...n)), counted in characters.
    for (name, most, required) in [
        ("reference", 255, true),
        ("merchantOrderReference", 35, false),
        ("description", 255, false),
    ] {
        match fields.get(name) {
            None | Some(Value::Null) if !required => {}
            Some(Value::String(text)) if (1..=most).contains(&text.chars().count()) => {}
            _ => {
                return Err(match name {
                    "reference" => "reference must be a string of 1 to 255 characters",
                    "merchantOrderReference" => {
                        "merchantOrderReference must be a string of 1 to 35 characters"
                    }
                    _ => "description must be a string of 1 to 255 characters",
                });
            }
        }
    }
    let currency = fields.get("currency").and_then(Value::as_str).unwrap_or("");
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err("currency must be an ISO 4217 code");
    }
    let single = fields.get("returnUrl").is_some_and(|v| !v.is_null());
    let multiple = fields.get("returnUrls").is_some_and(|v| !v.is_null());
    if single == multiple {
        return Err("exactly one of returnUrl and returnUrls is required");
    }
    if let Some(webhooks) = fields.get("webhooks") {
        let ok = webhooks.as_array().is_some_and(|hooks| {
            hooks.iter().all(|hook| {
                hook.get("url")
                    .and_then(Value::as_str)
                    .is_some_and(|url| url.starts_with("https://"))
                    && hook
                        .get("events")
                        .and_then(Value::as_array)
                        .is_some_and(|events| !events.is_empty())
            })
        });
        if !ok {
            return Err("webhooks need an https url and events");
        }
    }
    Ok(())
}

/// `POST /paymentmethods/checkout/v1/transactions`.
pub(crate) fn create(shared: &Shared, body: &[u8]) -> Response {
    let fields = match object(body) {
        Ok(fields) => fields,
        Err(response) => return *response,
    };
    if let Err(message) = check_create(&fields) {
        return bad(message);
    }
    if !shared.charge(body.len(), 1) {
        return crate::respond::storage_full();
    }
    let id = new_id();
    let mut document = fields;
    document.insert("id".into(), json!(id));
    document.insert("createdAt".into(), json!(rfc3339_z(SystemTime::now())));
    document.insert("payments".into(), json!([]));
    document.insert("status".into(), json!("OPEN"));
    document.insert(
        "action".into(),
        json!({ "redirect": { "url": format!("https://checkout.cmpayments.com/?hostedCheckoutId={}", new_token()) } }),
    );
    let document = Value::Object(document);
    shared
        .cm_flows
        .create(Kind::Checkout, &id, document.clone(), "OPEN", "SUCCESS");
    respond::json_value(StatusCode::CREATED, &document)
}

/// The Checkout as read now (status, payments, refund totals).
fn current(shared: &Shared, id: &str) -> Option<Value> {
    let flow = shared.cm_flows.get(Kind::Checkout, id)?;
    let now = Instant::now();
    let status = flow.state(now);
    let mut document = flow.document.clone();
    let method = document
        .pointer("/paymentMethods/0")
        .and_then(Value::as_str)
        .unwrap_or("ideal")
        .to_owned();
    if let Some(fields) = document.as_object_mut() {
        fields.insert("status".into(), json!(status));
        if status != "OPEN" {
            fields.remove("action");
            fields.insert(
                "payments".into(),
                json!([{ "id": format!("{id}-p1"), "type": method, "status": status,
                         "createdAt": fields.get("createdAt").cloned().unwrap_or(Value::Null) }]),
            );
        }
        let (mut refunded, mut pending) = (0u64, 0u64);
        for refund in shared.cm_flows.refunds(id) {
            let amount = refund
                .document
                .get("amount")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            match refund.state(now).as_str() {
                "SUCCESS" => refunded = refunded.saturating_add(amount),
                "PENDING" => pending = pending.saturating_add(amount),
                _ => {}
            }
        }
        fields.insert(
            "refunds".into(),
            json!({ "refundedAmount": refunded, "refundedPendingAmount": pending }),
        );
    }
    Some(document)
}

/// `GET .../transactions/{id}` of a created Checkout; `None` if not created here.
pub(crate) fn read(shared: &Shared, id: &str) -> Option<Response> {
    current(shared, id).map(|document| respond::json_value(StatusCode::OK, &document))
}

fn refund_view(flow: &crate::cm_flows::Flow, now: Instant) -> Value {
    let mut document = flow.document.clone();
    if let Some(fields) = document.as_object_mut() {
        fields.insert("status".into(), json!(flow.state(now)));
    }
    document
}

/// `POST /paymentmethods/{method}/v1/transactions/{id}/refunds`.
pub(crate) fn create_refund(shared: &Shared, method: &str, id: &str, body: &[u8]) -> Response {
    let Some(checkout) = current(shared, id) else {
        return respond::json_value(
            StatusCode::NOT_FOUND,
            &json!({ "message": "Transaction not found" }),
        );
    };
    let fields = match object(body) {
        Ok(fields) => fields,
        Err(response) => return *response,
    };
    if checkout.get("status").and_then(Value::as_str) != Some("SUCCESS") {
        return bad("only a paid transaction can be refunded");
    }
    if checkout.pointer("/payments/0/type").and_then(Value::as_str) != Some(method) {
        return bad("the payment method in the path is not the payment's method");
    }
    let Some(amount) = fields
        .get("amount")
        .and_then(Value::as_u64)
        .filter(|a| *a >= 1)
    else {
        return bad("amount must be an integer of at least 1");
    };
    if fields
        .get("reason")
        .is_some_and(|r| !r.is_string() && !r.is_null())
    {
        return bad("reason must be a string");
    }
    let total = checkout.get("amount").and_then(Value::as_u64).unwrap_or(0);
    let used = ["refundedAmount", "refundedPendingAmount"]
        .iter()
        .filter_map(|key| {
            checkout
                .pointer(&format!("/refunds/{key}"))
                .and_then(Value::as_u64)
        })
        .fold(0u64, u64::saturating_add);
    if amount > total.saturating_sub(used) {
        return bad("the refund is larger than what is left to refund");
    }
    if !shared.charge(body.len(), 1) {
        return crate::respond::storage_full();
    }
    let document = json!({
        "id": new_id(),
        "amount": amount,
        "currency": checkout.get("currency"),
        "status": "PENDING",
        "reason": fields.get("reason"),
        "createdAt": rfc3339_z(SystemTime::now()),
    });
    // Checked again where it is added, under the lock: another refund may have been
    // added since `current` was read.
    if !shared
        .cm_flows
        .add_refund_within(id, amount, total, document.clone())
    {
        return bad("the refund is larger than what is left to refund");
    }
    respond::json_value(StatusCode::CREATED, &document)
}

/// `GET /paymentmethods/{method}/v1/transactions/{id}/refunds`: a bare array.
pub(crate) fn list_refunds(shared: &Shared, method: &str, id: &str) -> Response {
    let Some(checkout) = current(shared, id) else {
        return respond::json_value(
            StatusCode::NOT_FOUND,
            &json!({ "message": "Transaction not found" }),
        );
    };
    let paid_with = checkout.pointer("/payments/0/type").and_then(Value::as_str);
    if paid_with != Some(method) {
        return bad("the payment method in the path is not the payment's method");
    }
    let now = Instant::now();
    let refunds: Vec<Value> = shared
        .cm_flows
        .refunds(id)
        .iter()
        .map(|flow| refund_view(flow, now))
        .collect();
    respond::json_value(StatusCode::OK, &Value::Array(refunds))
}
