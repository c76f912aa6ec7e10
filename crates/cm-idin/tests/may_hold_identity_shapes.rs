//! Eighteenth outside audit: a personal member sent in a shape the model does not
//! read (an object, an array, a number, a boolean where text is expected) still
//! holds the person's data, handed out once: the body must be kept.
#![allow(clippy::unwrap_used, clippy::panic)]

use cm_idin::may_hold_identity;

/// Every personal member, with where it sits.
const PERSONAL: &[(Option<&str>, &str)] = &[
    (None, "bin"),
    (None, "telephone_number"),
    (None, "email_address"),
    (Some("name"), "gender"),
    (Some("name"), "initials"),
    (Some("name"), "last_name"),
    (Some("name"), "last_name_prefix"),
    (Some("address"), "street"),
    (Some("address"), "house_number"),
    (Some("address"), "house_number_suffix"),
    (Some("address"), "postal_code"),
    (Some("address"), "city"),
    (Some("address"), "country"),
    (Some("age"), "date_of_birth"),
    (Some("age"), "18y_or_older"),
];

/// Values of other shapes, each carrying (or being) personal data.
const SHAPES: &[&str] = &[
    r#"{"value":"Personal"}"#,
    r#"["Personal"]"#,
    "[]",
    "{}",
    "1970",
    "true",
    "false",
    r#""Personal""#,
];

#[test]
fn a_personal_member_in_any_shape_may_hold_an_identity() {
    let mut missed = Vec::new();
    for status in ["success", "open", "cancelled"] {
        for (parent, key) in PERSONAL {
            for shape in SHAPES {
                let member = format!(r#""{key}":{shape}"#);
                let body = match parent {
                    None => format!(r#"{{"status":"{status}",{member}}}"#),
                    Some(parent) => format!(r#"{{"status":"{status}","{parent}":{{{member}}}}}"#),
                };
                if !may_hold_identity(body.as_bytes()) {
                    missed.push(body);
                }
            }
        }
    }
    assert!(missed.is_empty(), "not kept:\n{}", missed.join("\n"));
}
