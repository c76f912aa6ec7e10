#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `provider::shown_text`: the one rule provider crates use for text chosen
//! outside the personal members, in `Debug` and in redacted JSON.

use serde::Serialize;
use txstatus_core::provider::shown_text::{
    ShownList, ShownMediaType, media_type, opt, opt_list, opt_media_type,
};

#[derive(Serialize)]
struct Model {
    #[serde(serialize_with = "opt")]
    status: Option<String>,
    #[serde(serialize_with = "opt_list")]
    reasons: Option<Vec<Option<String>>>,
    #[serde(serialize_with = "opt_list")]
    names: Option<Vec<String>>,
    #[serde(serialize_with = "opt_media_type")]
    mime: Option<String>,
}

fn model(text: &str, mime: &str) -> Model {
    Model {
        status: Some(text.to_owned()),
        reasons: Some(vec![Some(text.to_owned()), None, Some("ok".to_owned())]),
        names: Some(vec![text.to_owned(), "approved".to_owned()]),
        mime: Some(mime.to_owned()),
    }
}

#[test]
fn registered_media_types_are_shown_without_their_parameters() {
    for (sent, shown) in [
        ("image/jpeg", "image/jpeg"),
        ("IMAGE/PNG", "IMAGE/PNG"),
        ("image/svg+xml", "image/svg+xml"),
        (
            "application/pdf; name=\"passport-jan-jansen.pdf\"",
            "application/pdf",
        ),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ] {
        assert_eq!(media_type(sent), Some(shown), "{sent}");
        assert_eq!(
            format!("{:?}", ShownMediaType(&Some(sent.to_owned()))),
            format!("Some({shown:?})")
        );
    }
}

#[test]
fn text_that_is_no_media_type_may_show_only_as_a_plain_token() {
    for sent in [
        "jan.jansen@example.com",
        "Jan Jansen/passport",
        "jansen/jpeg",
        "image/jan jansen",
        "image/4111111111111111",
        "image/NL91ABNA0417164300",
        "text/",
        "",
    ] {
        assert_eq!(media_type(sent), None, "{sent}");
        let shown = format!("{:?}", ShownMediaType(&Some(sent.to_owned())));
        assert!(
            !shown.contains("jansen") && !shown.contains("4111") && !shown.contains("ABNA"),
            "{shown}"
        );
    }
    assert_eq!(format!("{:?}", ShownMediaType::<String>(&None)), "None");
}

#[test]
fn lists_show_each_item_as_a_status_is_shown() {
    let reasons = Some(vec![
        Some("jan.jansen@example.com".to_owned()),
        None,
        Some("selfie_mismatch".to_owned()),
    ]);
    assert_eq!(
        format!("{:?}", ShownList(&reasons)),
        format!(
            "Some([{:?}, None, \"selfie_mismatch\"])",
            txstatus_core::provider::ShownStatus("jan.jansen@example.com")
        )
    );
    let names = Some(vec!["Jan Jansen".to_owned()]);
    assert!(!format!("{:?}", ShownList(&names)).contains("Jansen"));
    assert_eq!(format!("{:?}", ShownList::<String>(&None)), "None");
}

#[test]
fn redacted_json_writes_what_debug_shows_and_plain_json_writes_as_sent() {
    for personal in [
        "Jan Jansen",
        "jan.jansen@example.com",
        "4111 1111 1111 1111",
        "NL91ABNA0417164300",
    ] {
        let value = model(personal, &format!("image/jpeg; name=\"{personal}\""));
        let redacted = txstatus_core::to_redacted_json(&value).unwrap().to_string();
        assert!(!redacted.contains(personal), "{redacted}");
        assert!(
            redacted.contains("\"image/jpeg\"") && redacted.contains("\"approved\""),
            "{redacted}"
        );
        let plain = serde_json::to_string(&value).unwrap();
        assert!(
            plain.contains(&serde_json::to_string(personal).unwrap()[1..]),
            "{plain}"
        );
    }
    let tokens = txstatus_core::to_redacted_json(&model("needs_review", "Jan Jansen")).unwrap();
    assert_eq!(tokens["status"], "needs_review");
    assert_eq!(
        tokens["reasons"],
        serde_json::json!(["needs_review", null, "ok"])
    );
    assert_ne!(tokens["mime"], "Jan Jansen");
}
