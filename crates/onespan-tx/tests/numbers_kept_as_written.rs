//! A document version, a house number or an epoch time sent as a number no
//! integer holds keeps every digit instead of a rounded float or a failed
//! decode.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use onespan_tx::{Address, Document, EpochMillis};
use txstatus_core::provider::{from_json_slice, lenient::StringOrNumber};

#[test]
fn a_version_and_a_house_number_past_any_integer_keep_their_digits() {
    for digits in [
        "123456789012345678901234",
        "1e400",
        "1e99999999999999999999",
        "-1.0000000000000000001",
    ] {
        let kept = Some(StringOrNumber::Text(digits.into()));
        let document: Document =
            from_json_slice(format!(r#"{{"version":{digits}}}"#).as_bytes()).unwrap();
        assert_eq!(document.version, kept, "{digits}");
        let address: Address = from_json_slice(
            format!(r#"{{"house_number":{digits},"flat_or_appartment_number":{digits}}}"#)
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(address.house_number.map(|n| n.into_exposed()), kept);
        assert_eq!(
            address.flat_or_appartment_number.map(|n| n.into_exposed()),
            kept
        );
    }
}

#[test]
fn an_epoch_time_with_more_digits_than_a_float_holds_is_still_a_time() {
    let time: EpochMillis = from_json_slice(b"1657216749097.0000000000000001").unwrap();
    assert_eq!(time.millis(), Some(1_657_216_749_097));
    assert_eq!(
        time.raw(),
        &StringOrNumber::Text("1657216749097.0000000000000001".into())
    );
    let time: EpochMillis = from_json_slice(b"1657216749097").unwrap();
    assert_eq!(time.millis(), Some(1_657_216_749_097));
}
