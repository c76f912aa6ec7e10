//! Checks a create before it is sent: a refused create costs nothing, a wrong
//! one sent to CM costs a Checkout the customer may already be looking at.

use txstatus_core::{Error, Result, Url};

use super::{
    CreateCheckout, MAX_AMOUNT, MAX_DESCRIPTION_LEN, MAX_MAX_RETRIES,
    MAX_MERCHANT_ORDER_REFERENCE_LEN, MAX_QUANTITY, MAX_REFERENCE_LEN, MAX_RETURN_URL_LEN,
    MAX_URL_LEN, MAX_VAT_RATE, MIN_AMOUNT, NewOrderItem, ReturnTo,
};
use crate::{Language, PROVIDER};

fn refuse(message: impl Into<String>) -> Error {
    Error::invalid_input(PROVIDER, message)
}

/// Checks `request`; messages name fields, never values (they may be personal).
pub(crate) fn validate(request: &CreateCheckout) -> Result<()> {
    if !(MIN_AMOUNT..=MAX_AMOUNT).contains(&request.amount) {
        return Err(refuse(format!(
            "amount must be between {MIN_AMOUNT} and {MAX_AMOUNT} minor units"
        )));
    }
    let currency = request.currency.as_bytes();
    if currency.len() != 3 || !currency.iter().all(u8::is_ascii_uppercase) {
        return Err(refuse(
            "currency must be an ISO 4217 code (three upper-case letters)",
        ));
    }
    text(
        "reference",
        Some(&request.reference),
        MAX_REFERENCE_LEN,
        true,
    )?;
    text(
        "merchantOrderReference",
        request.merchant_order_reference.as_deref(),
        MAX_MERCHANT_ORDER_REFERENCE_LEN,
        true,
    )?;
    let description = request.description.as_ref().map(|d| d.expose().as_str());
    // Documented as String(1...255): an empty one is refused by CM.
    if description.is_some_and(str::is_empty) {
        return Err(refuse("description must not be empty"));
    }
    text("description", description, MAX_DESCRIPTION_LEN, false)?;
    // Sums of the lines so far, each checked against `MAX_AMOUNT` as it grows:
    // never past `u64`, however many lines.
    let mut lines_total = 0_u64;
    let mut vat_total = 0_u64;
    for item in &request.order_items {
        text(
            "orderItems[].code",
            item.code.as_deref(),
            MAX_DESCRIPTION_LEN,
            true,
        )?;
        text(
            "orderItems[].name",
            Some(item.name.expose()),
            MAX_DESCRIPTION_LEN,
            true,
        )?;
        text(
            "orderItems[].description",
            item.description.as_ref().map(|d| d.expose().as_str()),
            MAX_DESCRIPTION_LEN,
            false,
        )?;
        let (line, vat) = order_line_numbers(item)?;
        lines_total = lines_total
            .checked_add(line)
            .filter(|total| *total <= MAX_AMOUNT)
            .ok_or_else(|| {
                refuse(format!(
                    "orderItems: the lines' totals (unitPrice × quantity) must add up to at \
                     most {MAX_AMOUNT} minor units"
                ))
            })?;
        vat_total = vat_total
            .checked_add(vat)
            .filter(|total| *total <= MAX_AMOUNT)
            .ok_or_else(|| {
                refuse(format!(
                    "orderItems[].vatAmount must add up to at most {MAX_AMOUNT} minor units"
                ))
            })?;
    }
    match &request.return_to {
        ReturnTo::Single(url) => return_url("returnUrl", Some(url))?,
        ReturnTo::PerStatus(urls) => {
            if urls.success.is_none() {
                return Err(refuse("returnUrls.success is required"));
            }
            return_url(
                "returnUrls.success",
                urls.success.as_ref().map(|url| url.expose().as_str()),
            )?;
            return_url(
                "returnUrls.cancelled",
                urls.cancelled.as_ref().map(|url| url.expose().as_str()),
            )?;
            return_url(
                "returnUrls.expired",
                urls.expired.as_ref().map(|url| url.expose().as_str()),
            )?;
            return_url(
                "returnUrls.failed",
                urls.failed.as_ref().map(|url| url.expose().as_str()),
            )?;
        }
    }
    // CM documents the languages as a closed set: a value this version does not
    // know (read from an answer, or built from text) is not one to send.
    if request.language.as_ref().is_some_and(Language::is_unknown) {
        return Err(refuse(
            "language must be one of the languages CM documents (a named Language variant)",
        ));
    }
    // Payment methods and webhook events are open sets (CM adds names): one this
    // version does not know is sent as given, unless it cannot be a name at all.
    for method in &request.payment_methods {
        name("paymentMethods[]", method.as_str())?;
    }
    for webhook in &request.webhooks {
        let url = parsed("webhooks[].url", &webhook.url, MAX_URL_LEN)?;
        if url.scheme() != "https" {
            return Err(refuse("webhooks[].url must be https"));
        }
        // A `cm_token` the receiver can never match (a blank one) registers a
        // webhook whose every delivery is refused; more than one is refused too,
        // as `WebhookToken::webhook_url` refuses it: a second one is another
        // token (no delivery could match) or a needless copy.
        let mut tokens = url
            .query_pairs()
            .filter(|(name, _)| name == crate::TOKEN_PARAMETER);
        if let Some((_, first)) = tokens.next()
            && (tokens.next().is_some()
                || txstatus_core::webhook::is_blank_secret(first.as_bytes()))
        {
            return Err(refuse(format!(
                "webhooks[].url must carry `{}` once and not blank: no delivery could be \
                 authenticated",
                crate::TOKEN_PARAMETER
            )));
        }
        if webhook.events.is_empty() {
            return Err(refuse("webhooks[].events must not be empty"));
        }
        for event in &webhook.events {
            name("webhooks[].events[]", event.as_str())?;
        }
    }
    if request.max_retries.is_some_and(|n| n > MAX_MAX_RETRIES) {
        return Err(refuse(format!(
            "maxRetries must be at most {MAX_MAX_RETRIES}"
        )));
    }
    Ok(())
}

/// One order line's numbers checked: its total (`unitPrice` × `quantity`, by
/// checked arithmetic) and its VAT, for the sums. No line's price, count, total
/// or VAT can exceed what a whole Checkout may cost; past it a reader on the
/// other side may round or wrap it into another amount or count.
fn order_line_numbers(item: &NewOrderItem) -> Result<(u64, u64)> {
    if !(1..=MAX_QUANTITY).contains(&item.quantity) {
        return Err(refuse(format!(
            "orderItems[].quantity must be between 1 and {MAX_QUANTITY}"
        )));
    }
    if item.unit_price > MAX_AMOUNT {
        return Err(refuse(format!(
            "orderItems[].unitPrice must be at most {MAX_AMOUNT} minor units"
        )));
    }
    let line = item
        .unit_price
        .checked_mul(item.quantity)
        .filter(|line| *line <= MAX_AMOUNT)
        .ok_or_else(|| {
            refuse(format!(
                "orderItems[]: unitPrice × quantity must be at most {MAX_AMOUNT} minor units"
            ))
        })?;
    let vat = item.vat_amount.unwrap_or(0);
    if vat > MAX_AMOUNT {
        return Err(refuse(format!(
            "orderItems[].vatAmount must be at most {MAX_AMOUNT} minor units"
        )));
    }
    if item.vat_rate.is_some_and(|rate| rate > MAX_VAT_RATE) {
        return Err(refuse(format!(
            "orderItems[].vatRate must be at most {MAX_VAT_RATE} (percent)"
        )));
    }
    Ok((line, vat))
}

fn text(field: &str, value: Option<&str>, max: usize, required_non_blank: bool) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    if required_non_blank && value.trim().is_empty() {
        return Err(refuse(format!("{field} must not be blank")));
    }
    if value.chars().count() > max {
        return Err(refuse(format!("{field} is longer than {max} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(refuse(format!("{field} holds control characters")));
    }
    Ok(())
}

/// A name from an open set (a payment method, an event): not blank, no
/// whitespace or control characters.
fn name(field: &str, value: &str) -> Result<()> {
    if value.is_empty() || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse(format!(
            "{field} must be a name: not blank, without whitespace or control characters"
        )));
    }
    Ok(())
}

fn parsed(field: &str, value: &str, max: usize) -> Result<Url> {
    if value.len() > max {
        return Err(refuse(format!("{field} is longer than {max} bytes")));
    }
    let url = Url::parse(value).map_err(|_| refuse(format!("{field} is not an absolute URL")))?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse(format!("{field} has no host")));
    }
    Ok(url)
}

/// Return URLs are where a browser goes: `https`, or `http` for local testing.
fn return_url(field: &str, value: Option<&str>) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    let url = parsed(field, value, MAX_RETURN_URL_LEN)?;
    match url.scheme() {
        "https" => Ok(()),
        "http" if txstatus_core::provider::is_loopback(&url) => Ok(()),
        _ => Err(refuse(format!("{field} must be https"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckoutWebhook, NewOrderItem, ReturnUrls, WebhookEvent};
    use txstatus_core::Pii;

    fn ok() -> CreateCheckout {
        CreateCheckout::new(
            1200,
            "EUR",
            "order-1",
            ReturnTo::Single("https://shop.test/r".into()),
        )
    }

    fn refused(request: &CreateCheckout) -> String {
        let error = validate(request).unwrap_err();
        assert!(error.is_invalid_input());
        error.to_string()
    }

    #[test]
    fn a_plain_checkout_passes() {
        validate(&ok()).unwrap();
    }

    #[test]
    fn amounts_outside_the_range_are_refused() {
        for amount in [0, MAX_AMOUNT + 1, u64::MAX] {
            let mut request = ok();
            request.amount = amount;
            assert!(refused(&request).contains("amount"));
        }
        let mut request = ok();
        request.amount = MAX_AMOUNT;
        validate(&request).unwrap();
    }

    #[test]
    fn a_bad_currency_is_refused() {
        for currency in ["eur", "EURO", "", "€"] {
            let mut request = ok();
            request.currency = currency.into();
            assert!(refused(&request).contains("currency"));
        }
    }

    #[test]
    fn long_or_blank_text_is_refused_without_its_value() {
        let mut request = ok();
        request.reference = "r".repeat(MAX_REFERENCE_LEN + 1);
        assert!(refused(&request).contains("reference"));
        let mut request = ok();
        request.reference = "  ".into();
        assert!(refused(&request).contains("reference"));
        let mut request = ok();
        request.description = Some(Pii::new(format!("Jane Doe {}", "x".repeat(300))));
        let message = refused(&request);
        assert!(
            message.contains("description") && !message.contains("Jane"),
            "{message}"
        );
        let mut request = ok();
        request.order_items.push(NewOrderItem {
            name: Pii::new("ab\u{7}".into()),
            quantity: 1,
            ..NewOrderItem::default()
        });
        assert!(refused(&request).contains("orderItems[].name"));
    }

    #[test]
    fn return_urls_need_success_and_https() {
        let mut request = ok();
        request.return_to = ReturnTo::PerStatus(ReturnUrls::default());
        assert!(refused(&request).contains("success"));
        request.return_to = ReturnTo::Single("http://shop.test/r".into());
        assert!(refused(&request).contains("https"));
        request.return_to = ReturnTo::Single("/relative".into());
        assert!(refused(&request).contains("returnUrl"));
        request.return_to = ReturnTo::Single("http://127.0.0.1:8080/r".into());
        validate(&request).unwrap();
    }

    #[test]
    fn webhooks_need_https_and_events_and_retries_are_bounded() {
        let mut request = ok();
        request.webhooks.push(CheckoutWebhook {
            url: "http://shop.test/hook".into(),
            events: vec![WebhookEvent::FinalStatus],
        });
        assert!(refused(&request).contains("webhooks"));
        request.webhooks[0].url = "https://shop.test/hook".into();
        request.webhooks[0].events.clear();
        assert!(refused(&request).contains("events"));
        let mut request = ok();
        request.max_retries = Some(MAX_MAX_RETRIES + 1);
        assert!(refused(&request).contains("maxRetries"));
    }
}
