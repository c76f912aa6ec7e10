//! Text fields sent as numbers are kept as their text in every model, instead
//! of failing the whole answer (iDIN's ids are digits: a JSON number is likely).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use cm_idin::{CreatedTransaction, DirectoryCountry, StatusResponse};

fn read<T: serde::de::DeserializeOwned>(json: &str) -> T {
    txstatus_core::provider::from_json_slice(json.as_bytes()).unwrap()
}

#[test]
fn text_fields_sent_as_numbers_are_kept_as_their_text() {
    let created: CreatedTransaction = read(
        r#"{"transaction_id":3645651845961623,"issuer_authentication_url":"https://bank.example/a","merchant_reference":42}"#,
    );
    assert_eq!(created.transaction_id.as_deref(), Some("3645651845961623"));
    assert_eq!(created.merchant_reference.as_deref(), Some("42"));

    let directory: Vec<DirectoryCountry> =
        read(r#"[{"country":31,"issuers":[{"issuer_id":"RABONL2U","issuer_name":7}]}]"#);
    assert_eq!(directory[0].country.as_deref(), Some("31"));
    let issuers = directory[0].issuers.as_ref().unwrap();
    assert_eq!(issuers[0].issuer_name.as_deref(), Some("7"));

    let status: StatusResponse =
        read(r#"{"status":"success","age":{"date_of_birth":19700101,"18y_or_older":true}}"#);
    let age = status.age.as_ref().unwrap();
    assert_eq!(
        age.date_of_birth.as_ref().unwrap().expose().as_str(),
        "19700101"
    );
    assert!(status.has_personal_data());
    assert!(!format!("{status:?}").contains("19700101"));
}
