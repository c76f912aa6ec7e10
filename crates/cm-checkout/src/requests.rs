//! Every request the client sends, described as a `RequestSpec`: pure
//! functions, tested without sockets; the client only executes them. Creates
//! and refunds are [`RetryClass::NeverResend`]: a resend could
//! open a second Checkout or move money twice.

use txstatus_core::{
    Error, Result, SecretString,
    provider::{
        FormValue, RequestSpec, RetryClass,
        header::{ACCEPT, HeaderValue},
    },
};

use crate::{CreateCheckout, PROVIDER, RefundRequest, create::validate};

fn json_accepting(spec: RequestSpec) -> RequestSpec {
    spec.header(ACCEPT, HeaderValue::from_static("application/json"))
}

/// `POST /authorization/oauth2/token` with the client credentials as a form.
///
/// [`RetryClass::Idempotent`]: it creates nothing the caller depends on; a lost
/// answer only leaves a second token to expire unused. Read-only for the same
/// reason: an unusable answer to it is no write that was carried out.
pub fn oauth_token(client_id: &str, client_secret: &SecretString) -> RequestSpec {
    json_accepting(RequestSpec::post("oauth_token"))
        .segment("authorization")
        .segment("oauth2")
        .segment("token")
        .form_body(vec![
            ("client_id", FormValue::Plain(client_id.to_owned())),
            ("client_secret", FormValue::Secret(client_secret.clone())),
            (
                "grant_type",
                FormValue::Plain("client_credentials".to_owned()),
            ),
        ])
        .retry(RetryClass::Idempotent)
        .read_only()
        .without_auth()
}

/// `GET /paymentmethods/checkout/v1/transactions/{id}`: a read, retried.
pub fn transaction(id: &str) -> RequestSpec {
    json_accepting(
        RequestSpec::get("get_transaction")
            .segment("paymentmethods")
            .segment("checkout")
            .segment("v1")
            .segment("transactions")
            .id_segment(id),
    )
}

/// `POST /paymentmethods/checkout/v1/transactions`, after checking the request
/// (see [`CreateCheckout`] and the bounds such as [`crate::MAX_AMOUNT`]).
pub fn create_transaction(request: &CreateCheckout) -> Result<RequestSpec> {
    validate::validate(request)?;
    let body = serde_json::to_vec(request)
        .map_err(|_| Error::invalid_input(PROVIDER, "the create request did not serialize"))?;
    let spec = json_accepting(
        RequestSpec::post("create_transaction")
            .retry(RetryClass::NeverResend)
            .segment("paymentmethods")
            .segment("checkout")
            .segment("v1")
            .segment("transactions")
            .json_body(body),
    );
    Ok(with_body_secrets(spec, quoted_values(request)))
}

/// Names every value of the body CM could quote back in an error: webhook URLs
/// and their tokens (secrets), return URLs, the customer's data, descriptions
/// and order lines (personal). The core then redacts them from the provider's
/// message and drops an error code that is one of them (a code is shown in
/// `Display`).
fn with_body_secrets(spec: RequestSpec, values: Vec<String>) -> RequestSpec {
    values
        .into_iter()
        .filter(|value| !value.trim().is_empty())
        .fold(spec, |spec, value| {
            spec.body_secret(SecretString::from(value))
        })
}

fn quoted_values(request: &CreateCheckout) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for webhook in &request.webhooks {
        out.push(webhook.url.clone());
        if let Ok(url) = txstatus_core::Url::parse(&webhook.url) {
            out.extend(
                url.query_pairs()
                    .filter(|(name, _)| name == crate::TOKEN_PARAMETER)
                    .map(|(_, value)| value.into_owned()),
            );
        }
    }
    match &request.return_to {
        crate::ReturnTo::Single(url) => out.push(url.clone()),
        crate::ReturnTo::PerStatus(urls) => out.extend(
            [&urls.success, &urls.cancelled, &urls.expired, &urls.failed]
                .into_iter()
                .flatten()
                .map(|url| url.expose().clone()),
        ),
    }
    if let Some(description) = &request.description {
        out.push(description.expose().clone());
    }
    for item in &request.order_items {
        out.push(item.name.expose().clone());
        if let Some(description) = &item.description {
            out.push(description.expose().clone());
        }
    }
    if let Some(consumer) = &request.consumer {
        let texts = [
            &consumer.given_name,
            &consumer.middle_name,
            &consumer.family_name,
            &consumer.email,
            &consumer.gender,
            &consumer.phone,
        ];
        out.extend(
            texts
                .into_iter()
                .flatten()
                .map(|text| text.expose().to_string()),
        );
        if let Some(date) = &consumer.date_of_birth {
            out.push(date.expose().as_str().to_owned());
        }
        if let Some(address) = &consumer.address {
            let texts = [
                &address.street,
                &address.house_number,
                &address.postal_code,
                &address.city,
                &address.country_code,
                &address.state,
                &address.additional_data,
            ];
            out.extend(
                texts
                    .into_iter()
                    .flatten()
                    .map(|text| text.expose().to_string()),
            );
        }
    }
    out
}

fn refunds_path(spec: RequestSpec, method: &str, transaction_id: &str) -> RequestSpec {
    spec.segment("paymentmethods")
        .id_segment(method)
        .segment("v1")
        .segment("transactions")
        .id_segment(transaction_id)
        .segment("refunds")
}

/// `POST /paymentmethods/{method}/v1/transactions/{id}/refunds`.
///
/// `method` is the payment method of the payment being refunded (see
/// [`Transaction::refund_method`](crate::Transaction::refund_method)); pass `checkout` or another segment if CM's Checkout
/// product turns out to use a different path.
pub fn create_refund(
    transaction_id: &str,
    method: &str,
    request: &RefundRequest,
) -> Result<RequestSpec> {
    // CM's amounts are Int(1...99999999) (`MAX_AMOUNT`): no refund can exceed
    // what a Checkout may cost, and a larger one may be rounded or wrapped by a
    // reader on the other side into an amount that is then moved.
    if !(crate::MIN_AMOUNT..=crate::MAX_AMOUNT).contains(&request.amount) {
        return Err(Error::invalid_input(
            PROVIDER,
            format!(
                "a refund amount must be between {} and {} minor units",
                crate::MIN_AMOUNT,
                crate::MAX_AMOUNT
            ),
        ));
    }
    if let Some(reason) = &request.reason {
        let reason = reason.expose();
        if reason.chars().count() > crate::MAX_DESCRIPTION_LEN
            || reason.chars().any(char::is_control)
        {
            return Err(Error::invalid_input(
                PROVIDER,
                "the refund reason is too long or holds control characters",
            ));
        }
    }
    let body = serde_json::to_vec(request)
        .map_err(|_| Error::invalid_input(PROVIDER, "the refund request did not serialize"))?;
    let spec = json_accepting(
        refunds_path(
            RequestSpec::post("create_refund").retry(RetryClass::NeverResend),
            method,
            transaction_id,
        )
        .json_body(body),
    );
    let reason = request
        .reason
        .as_ref()
        .map(|reason| reason.expose().clone());
    Ok(with_body_secrets(spec, reason.into_iter().collect()))
}

/// `GET /paymentmethods/{method}/v1/transactions/{id}/refunds`: a read, retried.
pub fn list_refunds(transaction_id: &str, method: &str) -> RequestSpec {
    json_accepting(refunds_path(
        RequestSpec::get("list_refunds"),
        method,
        transaction_id,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReturnTo;

    #[test]
    fn every_request_has_its_class_and_retry_decision() {
        let again = txstatus_core::test_util::AGAIN;
        let never = txstatus_core::test_util::NEVER;
        let secret = SecretString::from("s3cret");
        let create =
            CreateCheckout::new(100, "EUR", "r", ReturnTo::Single("https://s.test/".into()));
        let refund = RefundRequest::new(500);
        #[rustfmt::skip]
        let table = [
            // request                                           class                     503               reset after send
            (oauth_token("client", &secret),                     RetryClass::Idempotent,   again,            again),
            (transaction("t1"),                                  RetryClass::Idempotent,   again,            again),
            (list_refunds("t1", "ideal"),                        RetryClass::Idempotent,   again,            again),
            (create_transaction(&create).unwrap(),               RetryClass::NeverResend,  never, never),
            (create_refund("t1", "ideal", &refund).unwrap(),     RetryClass::NeverResend,  never, never),
        ];
        txstatus_core::test_util::assert_retry_table(table);
    }

    #[test]
    fn creates_and_refunds_are_never_resent_and_lists_are_retried() {
        let create =
            CreateCheckout::new(100, "EUR", "r", ReturnTo::Single("https://s.test/".into()));
        assert_eq!(
            create_transaction(&create).unwrap().retry_class(),
            RetryClass::NeverResend
        );
        let refund = create_refund("t", "ideal", &RefundRequest::new(5)).unwrap();
        assert_eq!(refund.retry_class(), RetryClass::NeverResend);
        assert_eq!(
            list_refunds("t", "ideal").retry_class(),
            RetryClass::Idempotent
        );
    }

    #[test]
    fn a_zero_refund_is_refused() {
        assert!(
            create_refund("t", "ideal", &RefundRequest::new(0))
                .unwrap_err()
                .is_invalid_input()
        );
    }

    #[test]
    fn the_refund_method_is_the_successful_payments_type() {
        use crate::Transaction;
        let tx: Transaction = serde_json::from_str(
            r#"{"payments":[{"type":"ideal","status":"FAILURE"},{"type":"bancontact","status":"SUCCESS"},{"type":"klarna","status":"OPEN"}]}"#,
        )
        .unwrap();
        assert_eq!(tx.refund_method(), Some("bancontact"));
        assert_eq!(Transaction::default().refund_method(), None);
    }
}
