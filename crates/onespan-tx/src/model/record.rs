//! `record!`: a struct decoded from a JSON object by one hand-written visitor.
//!
//! Every field is optional, read under the provider's own key, and written back
//! under it. Keys the model does not know are kept in [`Extra`](super::Extra), in
//! order. One pass over the object, no `flatten`, no buffering: unknown keys cost a
//! raw copy of their value and nothing else.

use std::{borrow::Cow, fmt};

use serde::de;

/// An object key, borrowed from the input when it holds no escape.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Declares a record. Each field is `name: Type [as Decoder] => "key"`; the struct
/// field is `Option<Type>`, decoded through `Decoder` (which must be
/// `Into<Type>`) when one is named. A `null` value reads as `None`, and so does a
/// `null` in place of the whole record (an empty record).
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                $field:ident: $ty:ty $(as $decoder:ty)? => $key:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Default)]
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: ::std::option::Option<$ty>,
            )*
            /// Keys this version does not model, kept as sent. Their values may hold
            /// personal data, so they are [`Pii`](tx_core::Pii).
            pub extra: $crate::model::Extra,
        }

        impl ::std::fmt::Debug for $name {
            /// Present fields only; personal values print as `[redacted]`.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut out = f.debug_struct(stringify!($name));
                $(
                    if let Some(value) = &self.$field {
                        out.field(stringify!($field), value);
                    }
                )*
                if !self.extra.is_empty() {
                    out.field("extra", &self.extra);
                }
                out.finish()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;

                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<$name, E> {
                        Ok($name::default())
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<$crate::model::record::Key<'de>>()? {
                            match key.0.as_ref() {
                                $(
                                    $key => {
                                        out.$field = $crate::model::record::record!(@decode map, $ty $(, $decoder)?);
                                    }
                                )*
                                _ => {
                                    let value = map.next_value()?;
                                    out.extra.push(key.0.into_owned(), value);
                                }
                            }
                        }
                        Ok(out)
                    }
                }

                deserializer.deserialize_any(Visitor)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if let Some(value) = &self.$field {
                        map.serialize_entry($key, value)?;
                    }
                )*
                for (key, value) in self.extra.iter_pii() {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    };
    (@decode $map:ident, $ty:ty) => {
        $map.next_value::<::std::option::Option<$ty>>()?
    };
    (@decode $map:ident, $ty:ty, $decoder:ty) => {
        $map.next_value::<::std::option::Option<$decoder>>()?.map(::std::convert::Into::into)
    };
}

pub(crate) use record;
