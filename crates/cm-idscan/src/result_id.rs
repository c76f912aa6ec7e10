//! Where a `resultId` comes from: a webhook delivery, the return URL's query
//! string, or the iframe's message. Each leads straight to
//! [`Client::transaction_result`](crate::Client::transaction_result).
//!
//! CM documents the id's presence in all three, not their exact shapes: the
//! return URL is read for a `resultId` query parameter (also `result_id`), and
//! the iframe message for a `resultId` key at the top level or under `data`.
//! An id is accepted only if it is usable as one path segment.

use crate::PROVIDER;

/// The `resultId` of a return URL (a full URL or `/path?query`), if any.
pub fn result_id_from_return_url(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        ((key == "resultId" || key == "result_id") && usable(value)).then(|| value.to_owned())
    })
}

/// The `resultId` of the iframe's `postMessage` data (its JSON text), if any.
pub fn result_id_from_iframe_message(message: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(message).ok()?;
    let id = value
        .get("resultId")
        .or_else(|| value.get("data").and_then(|d| d.get("resultId")))?
        .as_str()?;
    usable(id).then(|| id.to_owned())
}

fn usable(id: &str) -> bool {
    txstatus_core::provider::validate_id(PROVIDER, id).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_return_url_query_gives_the_result_id() {
        let url = "https://shop.example/done?transactionId=t1&resultId=e6b7ce66#x";
        assert_eq!(result_id_from_return_url(url).as_deref(), Some("e6b7ce66"));
        assert_eq!(
            result_id_from_return_url("/done?result_id=r2").as_deref(),
            Some("r2")
        );
        assert_eq!(
            result_id_from_return_url("/done?resultId=..").as_deref(),
            None
        );
        assert_eq!(result_id_from_return_url("/done").as_deref(), None);
    }

    #[test]
    fn the_iframe_message_gives_the_result_id() {
        let top = r#"{"type":"completed","resultId":"r1"}"#;
        let nested = r#"{"event":"done","data":{"resultId":"r2"}}"#;
        assert_eq!(result_id_from_iframe_message(top).as_deref(), Some("r1"));
        assert_eq!(result_id_from_iframe_message(nested).as_deref(), Some("r2"));
        assert_eq!(result_id_from_iframe_message("not json"), None);
        assert_eq!(result_id_from_iframe_message(r#"{"resultId":7}"#), None);
    }
}
