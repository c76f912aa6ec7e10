//! `object_only!`: a derived struct read from a JSON object only. serde's derive
//! also reads a struct from an array, field by field in order, so a hostile
//! `[...]` in place of a transaction decoded into one (a status taken from
//! position two). The derive is kept (`#[serde(remote = "Self")]` makes it an
//! inherent function) and wrapped by a `Deserialize` that asks for a map.

/// Implements `Deserialize` (object only) and `Serialize` for a struct whose
/// derives carry `#[serde(remote = "Self")]`.
///
/// ```
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Debug, Deserialize, Serialize)]
/// #[serde(remote = "Self")]
/// struct Task { id: String, state: Option<String> }
/// txstatus_core::provider::object_only!(Task);
///
/// assert!(serde_json::from_str::<Task>(r#"{"id":"t1","state":"done"}"#).is_ok());
/// assert!(serde_json::from_str::<Task>(r#"["t1","done"]"#).is_err());
/// assert_eq!(serde_json::to_string(&Task { id: "t".into(), state: None }).unwrap(), r#"{"id":"t","state":null}"#);
/// ```
#[macro_export]
macro_rules! object_only {
    ($name:ident) => {
        const _: () = {
            use $crate::__private::serde;

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<__D: serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::std::result::Result<Self, __D::Error> {
                    struct __Object;

                    impl<'de> serde::de::Visitor<'de> for __Object {
                        type Value = $name;

                        fn expecting(
                            &self,
                            f: &mut ::std::fmt::Formatter<'_>,
                        ) -> ::std::fmt::Result {
                            f.write_str(concat!("struct ", stringify!($name)))
                        }

                        fn visit_map<__A: serde::de::MapAccess<'de>>(
                            self,
                            map: __A,
                        ) -> ::std::result::Result<$name, __A::Error> {
                            $name::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                        }
                    }

                    deserializer.deserialize_map(__Object)
                }
            }

            impl serde::Serialize for $name {
                fn serialize<__S: serde::Serializer>(
                    &self,
                    serializer: __S,
                ) -> ::std::result::Result<__S::Ok, __S::Error> {
                    $name::serialize(self, serializer)
                }
            }
        };
    };
}
