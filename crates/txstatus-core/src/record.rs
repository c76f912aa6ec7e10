//! `record_decoder!`: a compact `Deserialize` for provider records.
//!
//! serde's derived decoder inlines every field's whole decode path, and a second,
//! array-shaped path, into one function per struct, and all of it is compiled
//! for every record (OneSpan's six transaction records came to about 50 KB of
//! machine code). Here a record is its key table and one short arm per field, with
//! no array path; reading a key, a value or a skipped value is shared code
//! ([`crate::__private::record`]), so a crate compiles less (onespan-tx: 14 %
//! fewer lines of LLVM IR) for the same instructions per decode.

/// Implements `Deserialize` for a struct whose fields all default (the struct is
/// `Default`), reading a JSON object key by key, with the rules of
/// `#[derive(Deserialize)]` and `#[serde(default)]` on every field: a missing key
/// keeps the default, an unknown key is skipped, a repeated key is an error
/// (`duplicate field`), and anything but an object is an error (`expected struct
/// Name`).
///
/// Each field is `"key" => field: kind`, where kind is
/// - `value`: the field type's own `Deserialize`;
/// - `text`: an optional [`FromText`](crate::provider::lenient::FromText) value,
///   as [`opt_text`](crate::provider::lenient::opt_text) reads it (`null` is
///   `None`, a number or boolean is kept as its text). Every
///   [`open_enum!`](crate::provider::open_enum) type is one, and reads the same
///   way as with `value` in one step, without serde's `Option` layer;
/// - `(with path as Type)`: a `deserialize_with`-style function returning `Type`.
///
/// Written `any_key Name { ... }`, the record reads its keys as bytes, so a
/// member name no Rust string holds (a lone surrogate, `"\ud800"`) is skipped
/// instead of failing the record: for what a webhook side routes on, where a
/// failed record would lose a delivery. It costs decode time (serde_json reads
/// keys as bytes more slowly), so other records do without it.
///
/// ```
/// use txstatus_core::provider::lenient;
///
/// #[derive(Default, Debug)]
/// pub struct Place {
///     pub city: Option<String>,
///     pub floor: Option<u32>,
///     pub code: Option<u64>,
/// }
/// txstatus_core::provider::record_decoder! {
///     Place {
///         "city" => city: text,
///         "floor" => floor: value,
///         "postCode" => code: (with lenient::opt_u64 as Option<u64>),
///     }
/// }
/// let place: Place = serde_json::from_str(r#"{"city":7,"postCode":"1012","x":[1]}"#).unwrap();
/// assert_eq!(place.city.as_deref(), Some("7"));
/// assert_eq!(place.code, Some(1012));
/// assert!(serde_json::from_str::<Place>(r#"{"floor":1,"floor":2}"#).is_err());
/// ```
#[macro_export]
macro_rules! record_decoder {
    (
        any_key $name:ident {
            $( $key:literal => $field:ident : $kind:tt ),+ $(,)?
        }
    ) => {
        $crate::record_decoder!(@record true, $name { $( $key => $field : $kind ),+ });
    };
    (
        $name:ident {
            $( $key:literal => $field:ident : $kind:tt ),+ $(,)?
        }
    ) => {
        $crate::record_decoder!(@record false, $name { $( $key => $field : $kind ),+ });
    };
    (
        @record $as_bytes:literal, $name:ident {
            $( $key:literal => $field:ident : $kind:tt ),+
        }
    ) => {
        const _: () = {
            use $crate::__private::serde;

            #[allow(non_camel_case_types)]
            #[derive(Clone, Copy)]
            #[repr(u8)]
            enum __Field { $( $field, )+ }

            const __ALL: &[__Field] = &[ $( __Field::$field, )+ ];
            const __NAMES: &[&str] = &[ $( $key, )+ ];
            const _: () = assert!(__ALL.len() <= $crate::__private::record::MAX_FIELDS);

            struct __Keys;

            impl $crate::__private::record::Lookup for __Keys {
                const KEYS_AS_BYTES: bool = $as_bytes;

                fn lookup(name: &str) -> ::std::option::Option<u8> {
                    match name {
                        $( $key => ::std::option::Option::Some(__Field::$field as u8), )+
                        _ => ::std::option::Option::None,
                    }
                }
            }

            // Fills a record in place: a record decoded into its slot (an
            // array's item) is not built aside and moved there.
            struct __Visitor<'a>(&'a mut $name);

            impl<'de> serde::de::Visitor<'de> for __Visitor<'_> {
                type Value = ();

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(concat!("struct ", stringify!($name)))
                }

                fn visit_map<__A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: __A,
                ) -> ::std::result::Result<(), __A::Error> {
                    let out = self.0;
                    let mut seen = $crate::__private::record::Seen::default();
                    while let ::std::option::Option::Some(found) =
                        $crate::__private::record::next_key::<_, __Keys>(&mut map)?
                    {
                        let ::std::option::Option::Some(index) = found else {
                            $crate::__private::record::skip_value(&mut map)?;
                            continue;
                        };
                        seen.insert::<__A::Error>(index, __NAMES)?;
                        match __ALL.get(usize::from(index)) {
                            $( ::std::option::Option::Some(__Field::$field) => {
                                $crate::record_decoder!(@store map, out.$field, $kind);
                            } )+
                            ::std::option::Option::None => {
                                $crate::__private::record::skip_value(&mut map)?;
                            }
                        }
                    }
                    ::std::result::Result::Ok(())
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<__D: serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::std::result::Result<Self, __D::Error> {
                    // An item of a plain `Vec` of records is charged here
                    // (`opt_records` charges its own items, `null` ones too).
                    $crate::provider::charge::<$name, __D::Error>()?;
                    let mut out = <$name as ::std::default::Default>::default();
                    deserializer.deserialize_map(__Visitor(&mut out))?;
                    ::std::result::Result::Ok(out)
                }

                fn deserialize_in_place<__D: serde::Deserializer<'de>>(
                    deserializer: __D,
                    place: &mut Self,
                ) -> ::std::result::Result<(), __D::Error> {
                    *place = <$name as ::std::default::Default>::default();
                    deserializer.deserialize_map(__Visitor(place))
                }
            }
        };
    };
    (@store $map:ident, $slot:expr, text) => {
        $crate::__private::record::next_text(&mut $map, &mut $slot)?
    };
    (@store $map:ident, $slot:expr, $kind:tt) => {
        $slot = $crate::record_decoder!(@read $map, $kind)?
    };
    (@read $map:ident, value) => {
        $crate::__private::record::next_value(&mut $map)
    };
    (@read $map:ident, (with $path:path as $ty:ty)) => {{
        struct __With($ty);
        impl<'de> $crate::__private::serde::Deserialize<'de> for __With {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                $path(deserializer).map(__With)
            }
        }
        $crate::__private::record::next_value::<_, __With>(&mut $map).map(|with| with.0)
    }};
}
