//! Where a `resultId` comes from: a webhook delivery, the return URL's query
//! string, or the iframe's message. Each leads straight to
//! [`Client::transaction_result`](crate::Client::transaction_result).
//!
//! CM documents the id's presence in all three, not their exact shapes: the
//! return URL is read for a `resultId` query parameter (also `result_id`), and
//! the iframe message for a `resultId` key at the top level or under `data`.
//! An id is accepted only if it is usable as one path segment.

use txstatus_core::provider::from_json_slice;

use crate::model::iframe_message::{IframeMessage, Member, Slot};

/// Stands in for the scheme and host of a return URL given as a path and query.
const PLACEHOLDER_BASE: &str = "https://return.invalid/";

/// The `resultId` of a return URL (a full URL or `/path?query`), if any.
///
/// The query is read as a browser sends it: values percent-decoded (`%2D` is
/// `-`), the fragment left out. A URL naming two different result ids (a
/// `resultId` and a `result_id`, or one repeated) names none: which was meant
/// cannot be told.
pub fn result_id_from_return_url(url: &str) -> Option<String> {
    let base = txstatus_core::Url::parse(PLACEHOLDER_BASE).ok()?;
    let parsed = base.join(url).ok()?;
    let mut found: Option<String> = None;
    for (key, value) in parsed.query_pairs() {
        if key != "resultId" && key != "result_id" {
            continue;
        }
        match &found {
            Some(earlier) if *earlier != value => return None,
            Some(_) => {}
            None => found = Some(value.into_owned()),
        }
    }
    found.filter(|id| usable(id))
}

/// The `resultId` of the iframe's `postMessage` data (its JSON text), if any.
/// A message naming two different result ids (at the top level and under
/// `data`) names none: which was meant cannot be told.
///
/// The message is read with the core's decoder (`from_json_slice`: its depth
/// limit and decode budget), keeping only the two `resultId` members: a huge,
/// deep or malformed message names none, and never costs memory in proportion
/// to its items.
pub fn result_id_from_iframe_message(message: &str) -> Option<String> {
    let message: IframeMessage = from_json_slice(message.as_bytes()).ok()?;
    let id = match (message.top, message.nested) {
        (Slot::Present(Member::Text(top)), Slot::Present(Member::Text(nested))) => {
            (top == nested).then_some(top)?
        }
        (Slot::Present(Member::Text(id)), Slot::Absent)
        | (Slot::Absent, Slot::Present(Member::Text(id))) => id,
        _ => return None,
    };
    usable(&id).then_some(id)
}

/// Not blank and one path segment: the rule of every id a webhook side routes on
/// ([`is_usable_id`](txstatus_core::provider::is_usable_id)).
fn usable(id: &str) -> bool {
    txstatus_core::provider::is_usable_id(id)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

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
    fn return_url_values_are_percent_decoded_once() {
        assert_eq!(
            result_id_from_return_url("/done?resultId=e6b7%2Dce66").as_deref(),
            Some("e6b7-ce66")
        );
        assert_eq!(
            result_id_from_return_url("https://shop.example/done?resultId=a%2Fb").as_deref(),
            Some("a/b")
        );
        assert_eq!(
            result_id_from_return_url("/done?resultId=%2E%2E").as_deref(),
            None
        );
        assert_eq!(
            result_id_from_return_url("/done?resultId=a%0Ab").as_deref(),
            None
        );
        // Blank, however written: no id (a webhook side routes on none either).
        for blank in [
            "/done?resultId=+",
            "/done?resultId=%20%09",
            "/done?resultId=%C2%A0",
        ] {
            assert_eq!(result_id_from_return_url(blank).as_deref(), None, "{blank}");
        }
        assert_eq!(
            result_id_from_iframe_message(r#"{"resultId":"  "}"#).as_deref(),
            None
        );
    }

    #[test]
    fn a_return_url_naming_two_result_ids_names_none() {
        assert_eq!(
            result_id_from_return_url("/done?resultId=r1&result_id=r2").as_deref(),
            None
        );
        assert_eq!(
            result_id_from_return_url("/done?resultId=r1&resultId=r2").as_deref(),
            None
        );
        assert_eq!(
            result_id_from_return_url("/done?resultId=r1&resultId=r1").as_deref(),
            Some("r1")
        );
    }

    #[test]
    fn a_result_id_in_the_fragment_is_not_the_querys() {
        assert_eq!(
            result_id_from_return_url("/done#step?resultId=r1").as_deref(),
            None
        );
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

    #[test]
    fn iframe_messages_of_other_shapes_name_none_or_only_their_result_id() {
        let cases = [
            (r#"{"data":"r1","resultId":"r2"}"#, Some("r2")),
            (r#"{"data":[{"resultId":"r1"}]}"#, None),
            (r#"{"data":{"resultId":null}}"#, None),
            (r#"{"resultId":null,"data":{"resultId":"r1"}}"#, None),
            (r#"{"resultId":{"id":"r1"}}"#, None),
            (r#"["resultId","r1"]"#, None),
            (r#""r1""#, None),
            (r#"{"resultId":"r1","resultId":"r1"}"#, Some("r1")),
            (r#"{"resultId":"r1","resultId":"r2"}"#, None),
            (
                r#"{"data":{"resultId":"r1"},"data":{"resultId":"r2"}}"#,
                None,
            ),
            (r#"{"data":{"resultId":"r1"},"data":{}}"#, Some("r1")),
            (r#"{"resultId":"r1","pad":[0,{},[],null,"x"]}"#, Some("r1")),
            (r#"{"resultId":"r1""#, None),
        ];
        for (message, expected) in cases {
            assert_eq!(
                result_id_from_iframe_message(message).as_deref(),
                expected,
                "{message}"
            );
        }
    }

    #[test]
    fn a_deeply_nested_iframe_message_is_read_without_overflowing() {
        let depth = 100_000;
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let objects = format!("{}{}", r#"{"data":"#.repeat(depth), "}".repeat(depth));
        std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || {
                let skipped = format!(r#"{{"resultId":"r1","pad":{deep}}}"#);
                assert_eq!(
                    result_id_from_iframe_message(&skipped).as_deref(),
                    Some("r1")
                );
                let named = format!(r#"{{"resultId":{deep}}}"#);
                assert_eq!(result_id_from_iframe_message(&named), None);
                let nested = format!(r#"{{"data":{{"resultId":{deep}}}}}"#);
                assert_eq!(result_id_from_iframe_message(&nested), None);
                assert_eq!(result_id_from_iframe_message(&objects), None);
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn an_iframe_message_naming_two_result_ids_names_none() {
        let two = r#"{"resultId":"r1","data":{"resultId":"r2"}}"#;
        assert_eq!(result_id_from_iframe_message(two), None);
        let same = r#"{"resultId":"r1","data":{"resultId":"r1"}}"#;
        assert_eq!(result_id_from_iframe_message(same).as_deref(), Some("r1"));
    }
}
