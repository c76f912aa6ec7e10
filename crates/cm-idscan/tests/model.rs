//! Times kept as sent and parsed on access; file types as an open set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_idscan::{FileType, Transaction};

const BODY: &str = r#"{
    "id": "t1",
    "state": "pending",
    "created": "2024-10-28T14:32:32+00:00",
    "expires": "next week",
    "completed": null,
    "tasks": [{
        "type": "document_scan",
        "documentScans": [{
            "created": "2024-10-28T14:32:44+00:00",
            "files": [{"type": "passport"}, {"type": "hologram_video"}, {"category": "image"}]
        }]
    }]
}"#;

#[test]
fn times_are_kept_as_sent_and_parsed_on_access() {
    let t: Transaction = serde_json::from_str(BODY).unwrap();
    let created = t.created.as_ref().unwrap();
    assert_eq!(created.as_str(), "2024-10-28T14:32:32+00:00");
    assert_eq!(created.parsed().unwrap().unix_timestamp(), 1_730_125_952);
    assert_eq!(created.to_timestamp().parsed(), created.parsed());
    assert_eq!(format!("{created:?}"), "2024-10-28T14:32:32+00:00");
    let expires = t.expires.as_ref().unwrap();
    assert_eq!(expires.parsed(), None);
    // Text that is no time is shown only when a plain token.
    assert_eq!(format!("{expires:?}"), "Unparsed([withheld: 9 chars])");
    assert!(t.completed.is_none());
    let scan = &t.tasks[0].document_scans.as_ref().unwrap()[0];
    assert!(scan.created.as_ref().unwrap().parsed().is_some());
    let written = serde_json::to_value(&t).unwrap();
    assert_eq!(written["expires"], "next week");
    assert_eq!(written["completed"], serde_json::Value::Null);
    assert!(
        serde_json::from_str::<Transaction>(r#"{"id":"t","state":"pending","created":1}"#).is_err()
    );
}

#[test]
fn file_types_keep_values_this_version_does_not_know() {
    let t: Transaction = serde_json::from_str(BODY).unwrap();
    let files = &t.tasks[0].document_scans.as_ref().unwrap()[0].files;
    assert_eq!(files[0].kind, Some(FileType::Passport));
    assert_eq!(
        files[1].kind,
        Some(FileType::Unknown("hologram_video".into()))
    );
    assert_eq!(files[2].kind, None);
    let written = serde_json::to_value(&t).unwrap();
    let written_files = &written["tasks"][0]["documentScans"][0]["files"];
    assert_eq!(written_files[0]["type"], "passport");
    assert_eq!(written_files[1]["type"], "hologram_video");
}

#[test]
fn optional_fields_read_in_one_step_keep_null_numbers_as_text_and_refuse_a_numeric_time() {
    let body = r#"{
        "id": "t1", "state": "pending", "created": null, "completed": null,
        "tasks": [{"type": "document_scan", "state": null, "documentScans": [{
            "code": 7, "source": null,
            "files": [{"category": null, "type": 3, "name": 25, "url": null}]
        }]}]
    }"#;
    let t: Transaction = serde_json::from_str(body).unwrap();
    assert!(t.created.is_none() && t.tasks[0].state.is_none());
    let scan = &t.tasks[0].document_scans.as_ref().unwrap()[0];
    assert_eq!(scan.code.as_ref().unwrap().as_str(), "7");
    assert!(scan.source.is_none());
    let file = &scan.files[0];
    assert!(file.category.is_none() && file.url.is_none());
    assert_eq!(file.kind.as_ref().unwrap().as_str(), "3");
    assert_eq!(file.name.as_ref().unwrap().expose(), "25");
    let numeric_time = r#"{"id": "t1", "state": "pending", "expires": 1730125952}"#;
    let error = serde_json::from_str::<Transaction>(numeric_time).unwrap_err();
    assert!(
        error.to_string().contains("expected an RFC 3339 timestamp"),
        "{error}"
    );
}
