//! A notice code or house number sent as a number no integer holds keeps every
//! digit (its text as written) instead of a rounded float or a failed decode.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cm_idin::StatusResponse;
use txstatus_core::provider::{from_json_slice, lenient::StringOrNumber};

#[test]
fn a_notice_code_and_a_house_number_past_any_integer_keep_their_digits() {
    for digits in [
        "123456789012345678901234",
        "1e400",
        "20.000000000000000001",
        // An exponent past i64: still a number, kept as written.
        "1e99999999999999999999",
        "-1E+99999999999999999999",
        "100e9223372036854775807",
        "1.5e-9223372036854775808",
    ] {
        let body = format!(
            r#"{{"status":"success","notice_code":{digits},"address":{{"house_number":{digits}}}}}"#
        );
        let status: StatusResponse = from_json_slice(body.as_bytes()).unwrap();
        let kept = Some(StringOrNumber::Text(digits.into()));
        assert_eq!(status.notice_code, kept, "{digits}");
        let house = status
            .address
            .unwrap()
            .house_number
            .map(|n| n.into_exposed());
        assert_eq!(house, kept, "{digits}");
    }
}

#[test]
fn a_notice_code_an_integer_holds_stays_an_integer() {
    let body = br#"{"status":"success","notice_code":2000,"address":{"house_number":"12a"}}"#;
    let status: StatusResponse = from_json_slice(body).unwrap();
    assert_eq!(status.notice_code, Some(StringOrNumber::Unsigned(2000)));
    let house = status
        .address
        .unwrap()
        .house_number
        .map(|n| n.into_exposed());
    assert_eq!(house, Some(StringOrNumber::Text("12a".into())));
}
