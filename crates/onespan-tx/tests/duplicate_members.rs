//! Sixteenth outside audit: a name sent twice inside a member this crate reads
//! as a map (a hostile or broken body) fails the read with a decode error that
//! keeps the body and does not name it: no copy silently wins.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use onespan_tx::{PROVIDER, VerificationImages};
use txstatus_core::{ErrorKind, RawBody};

fn decode(body: &str) -> txstatus_core::Result<VerificationImages> {
    txstatus_core::provider::decode_json_bytes(
        PROVIDER,
        200,
        &RawBody::new(body.as_bytes().to_vec()),
    )
}

#[test]
fn an_image_named_twice_in_one_object_fails_the_read_with_the_body() {
    for images in [
        r#"{"image_submitted_document_front":"sfs://a","image_submitted_document_front":"sfs://b"}"#,
        r#"{"image_submitted_document_front":null,"image_submitted_document_front":"sfs://b"}"#,
        r#"{"Jan Jansen":"sfs://a","x":"sfs://c","Jan Jansen":"sfs://b"}"#,
    ] {
        let body = format!(
            r#"{{"transaction_id":"t1","verification_id":"v1","verified_images":[{{"selfie":"sfs://s"}},{images}]}}"#
        );
        let error = match decode(&body) {
            Ok(read) => panic!("{body}: read as {:?}", read.verified_images),
            Err(error) => error,
        };
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{body}: {error}"
        );
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("Jansen") && !shown.contains("sfs://"),
            "{shown}"
        );
    }
}

#[test]
fn images_named_once_each_in_several_objects_still_read() {
    let body = r#"{"transaction_id":"t1","verified_images":[{"a":"sfs://1","b":null},{"a":"sfs://2"}],"verification_id":"v1"}"#;
    let read = decode(body).unwrap();
    let maps = read.verified_images.unwrap();
    assert_eq!(maps.len(), 2);
    assert_eq!(maps[0]["a"].as_ref().unwrap().expose(), "sfs://1");
    assert!(maps[0]["b"].is_none());
    assert_eq!(maps[1]["a"].as_ref().unwrap().expose(), "sfs://2");
    assert!(
        decode(r#"{"verified_images":null}"#)
            .unwrap()
            .verified_images
            .is_none()
    );
}
