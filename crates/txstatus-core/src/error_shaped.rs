//! Whether a 2xx body that carries nothing the caller reads is an error in
//! disguise: a gateway or the provider answering 200 with its error body.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

/// Whether `body` is a JSON object shaped as an error: a non-empty `error` or
/// `errors` member (OAuth's and JSON:API's), or a `status` of 400 or more
/// (Spring's `{"status": 404, "error": ...}`), every copy of a member sent
/// twice counted. Any other body (empty, `{}`, `{"status": "CANCELLED"}`, text
/// that is no JSON) is not. For a 2xx answer that carries nothing the caller
/// reads, or a list or read that names no object: a provider or a gateway
/// answering its error body under a success status.
pub fn reads_as_error(body: &[u8]) -> bool {
    shape(body).error
}

/// As [`reads_as_error`], and also an object with both a `message` and a
/// `code` (`{"message": "Transaction not found", "code": "NOT_FOUND"}`): for a
/// read whose answer names no id, where no such pair is expected.
pub fn reads_as_error_or_notice(body: &[u8]) -> bool {
    let shape = shape(body);
    shape.error || (shape.message && shape.code)
}

fn shape(body: &[u8]) -> Found {
    let mut reader = serde_json::Deserializer::from_slice(body);
    de::Deserializer::deserialize_any(&mut reader, Shape).unwrap_or_default()
}

/// What the top-level object holds.
#[derive(Default)]
struct Found {
    error: bool,
    message: bool,
    code: bool,
}

/// The visitor of the top-level value.
struct Shape;

impl<'de> Visitor<'de> for Shape {
    type Value = Found;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found, A::Error> {
        let mut found = Found::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "error" | "errors" => found.error |= map.next_value::<Present>()?.0,
                "status" => found.error |= map.next_value::<ErrorStatus>()?.0,
                "message" => found.message |= map.next_value::<Present>()?.0,
                "code" => found.code |= map.next_value::<Present>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Found, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Found::default())
    }

    fn visit_unit<E>(self) -> Result<Found, E> {
        Ok(Found::default())
    }

    fn visit_bool<E>(self, _: bool) -> Result<Found, E> {
        Ok(Found::default())
    }

    fn visit_u64<E>(self, _: u64) -> Result<Found, E> {
        Ok(Found::default())
    }

    fn visit_i64<E>(self, _: i64) -> Result<Found, E> {
        Ok(Found::default())
    }

    fn visit_f64<E>(self, _: f64) -> Result<Found, E> {
        Ok(Found::default())
    }

    fn visit_str<E>(self, _: &str) -> Result<Found, E> {
        Ok(Found::default())
    }
}

/// Whether a value says something: not `null`, `false`, blank text, or an
/// empty array or object.
struct Present(bool);

impl<'de> de::Deserialize<'de> for Present {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Present;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_unit<E>(self) -> Result<Present, E> {
                Ok(Present(false))
            }
            fn visit_none<E>(self) -> Result<Present, E> {
                Ok(Present(false))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Present, E> {
                Ok(Present(v))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Present, E> {
                Ok(Present(true))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Present, E> {
                Ok(Present(true))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Present, E> {
                Ok(Present(true))
            }
            fn visit_str<E>(self, v: &str) -> Result<Present, E> {
                Ok(Present(!v.trim().is_empty()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Present, A::Error> {
                let mut any = false;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    any = true;
                }
                Ok(Present(any))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Present, A::Error> {
                let mut any = false;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {
                    any = true;
                }
                Ok(Present(any))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Whether a `status` member is an HTTP error status (400 to 599), as a number
/// or as its digits.
struct ErrorStatus(bool);

impl<'de> de::Deserialize<'de> for ErrorStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ErrorStatus;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_u64<E>(self, v: u64) -> Result<ErrorStatus, E> {
                Ok(ErrorStatus((400..600).contains(&v)))
            }
            fn visit_i64<E>(self, _: i64) -> Result<ErrorStatus, E> {
                Ok(ErrorStatus(false))
            }
            fn visit_f64<E>(self, v: f64) -> Result<ErrorStatus, E> {
                Ok(ErrorStatus((400.0..600.0).contains(&v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<ErrorStatus, E> {
                Ok(ErrorStatus(
                    v.trim()
                        .parse::<u64>()
                        .is_ok_and(|status| (400..600).contains(&status)),
                ))
            }
            fn visit_unit<E>(self) -> Result<ErrorStatus, E> {
                Ok(ErrorStatus(false))
            }
            fn visit_bool<E>(self, _: bool) -> Result<ErrorStatus, E> {
                Ok(ErrorStatus(false))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<ErrorStatus, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ErrorStatus(false))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorStatus, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ErrorStatus(false))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::{reads_as_error, reads_as_error_or_notice};

    #[test]
    fn error_bodies_under_a_success_status_are_told_from_answers() {
        for body in [
            r#"{"timestamp":"2024-10-04T10:15:30Z","status":404,"error":"Not Found","message":"x"}"#,
            r#"{"status":409,"message":"Transaction is already completed."}"#,
            r#"{"status":"500"}"#,
            r#"{"error":"invalid_token","error_description":"Invalid token."}"#,
            r#"{"errors":[{"title":"Bad"}]}"#,
            r#"{"error":{"code":1}}"#,
            r#"{"error":null,"error":"late"}"#,
        ] {
            assert!(reads_as_error(body.as_bytes()), "{body}");
        }
        for body in [
            "",
            "{}",
            r#"{"status":"CANCELLED"}"#,
            r#"{"status":200,"error":null,"errors":[]}"#,
            r#"{"error":"","errors":{}}"#,
            "[1,2]",
            "not json",
            r#"{"status":404"#,
        ] {
            assert!(!reads_as_error(body.as_bytes()), "{body}");
        }
        let notice = r#"{"message":"Transaction not found","code":"NOT_FOUND"}"#;
        assert!(!reads_as_error(notice.as_bytes()));
        assert!(reads_as_error_or_notice(notice.as_bytes()));
        assert!(!reads_as_error_or_notice(br#"{"message":"hi"}"#));
    }
}
