//! `ReturnParams` under hostile return URLs: a parameter repeated under a
//! percent-encoded name, encoded separators in values, huge values and many
//! parameters. Each is read or refused as one rule says, never with a panic,
//! and an error never quotes a value.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_idin::ReturnParams;

#[test]
fn a_parameter_repeated_under_an_encoded_name_is_refused() {
    for url in [
        "/r?trxid=1&tr%78id=2&ec=Ab12",
        "/r?trxid=1&ec=Ab12&%65c=Cd34",
        "/r?%74%72%78%69%64=1&trxid=1&ec=Ab12",
        "/r?trxid=1&ec=Ab12&ec=Ab12",
    ] {
        let error = ReturnParams::from_url(url).unwrap_err();
        assert!(error.is_invalid_input(), "{url}");
        assert!(
            error.to_string().contains("more than one"),
            "{url}: {error}"
        );
    }
}

#[test]
fn encoded_separators_stay_inside_their_value() {
    // `%26ec%3D...` is part of trxid, not a second `ec`.
    let back = ReturnParams::from_url("/r?trxid=12%26ec%3DEvil99&ec=Ab12").unwrap();
    assert_eq!(back.transaction_id, "12&ec=Evil99");
    assert_eq!(back.entrance_code, "Ab12");
    // A `#` or `&` encoded into `ec` is not an entrance code.
    for ec in [
        "Ab12%23x",
        "Ab12%26trxid%3D9",
        "Ab%2B12",
        "Ab+12",
        "Ab%0012",
    ] {
        let error = ReturnParams::from_url(&format!("/r?trxid=1&ec={ec}")).unwrap_err();
        assert!(error.to_string().contains("`ec`"), "{ec}: {error}");
        assert!(!error.to_string().contains("Ab"), "{ec}: {error}");
    }
}

#[test]
fn huge_values_and_many_parameters_are_read_or_refused_without_quoting_them() {
    let huge_ec = format!("/r?trxid=1&ec={}", "Z".repeat(1_000_000));
    let error = ReturnParams::from_url(&huge_ec).unwrap_err();
    assert!(error.to_string().len() < 200, "{}", error.to_string().len());
    let many = format!("/r?{}trxid=1&ec=Ab12", "x=1&".repeat(100_000));
    assert_eq!(ReturnParams::from_url(&many).unwrap().entrance_code, "Ab12");
    let hostile_trxid = format!("/r?trxid={}%0A&ec=Ab12", "9".repeat(100_000));
    let error = ReturnParams::from_url(&hostile_trxid).unwrap_err();
    assert!(!error.to_string().contains("9999"), "{error}");
    let debug = format!(
        "{:?}",
        ReturnParams::from_url("/r?trxid=4111111111111111&ec=Ab12").unwrap()
    );
    assert!(!debug.contains("4111111111111111"), "{debug}");
}
