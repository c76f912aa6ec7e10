//! `record!`: a struct decoded from a JSON object by one hand-written visitor.
//!
//! Every field is optional, read under the provider's own key, and written back
//! under it. Keys the model does not know are kept in [`Extra`](super::Extra), in
//! order. One pass over the object, no `flatten`, no buffering: unknown keys cost a
//! raw copy of their value and room in one buffer for their names.

use std::{borrow::Cow, fmt};

use serde::de;

/// An object key, borrowed from the input when it holds no escape.
///
/// Read as text: serde_json finds the end of a short key faster when it checks
/// the text (a word at a time) than when it hands over raw bytes (`memchr`).
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
        // An identifier, not a string: a field name the model reads, which a
        // decode error may name (map keys are data and are not named).
        deserializer.deserialize_identifier(V)
    }
}

/// A record filled in place from a JSON object: nested records and array items
/// are decoded where they will sit instead of on the stack and then moved (a
/// user is half a kilobyte).
pub(crate) trait Record: Default {
    /// What the record is, for error messages.
    const EXPECTING: &'static str;

    /// Reads the object's keys into `self`.
    fn fill<'de, A: de::MapAccess<'de>>(&mut self, map: A) -> Result<(), A::Error>;
}

/// Fills a record where it sits; `null` leaves it empty.
pub(crate) struct InPlace<'a, T>(pub(crate) &'a mut T);

impl<'de, T: Record> de::DeserializeSeed<'de> for InPlace<'_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Record> de::Visitor<'de> for InPlace<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.fill(map)
    }
}

/// Reads a field's value into its slot (`None` for `null`).
pub(crate) trait Decode<T> {
    /// Reads the next value of `map` into `slot`.
    fn decode<'de, A: de::MapAccess<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error>;
}

/// The decoder of a nested record, filled in place.
pub(crate) struct Nested;

impl<T: Record> Decode<T> for Nested {
    fn decode<'de, A: de::MapAccess<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        map.next_value_seed(NestedSeed(slot))
    }
}

struct NestedSeed<'a, T>(&'a mut Option<T>);

impl<'de, T: Record> de::DeserializeSeed<'de> for NestedSeed<'_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Record> de::Visitor<'de> for NestedSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        *self.0 = None;
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        // A repeated key replaces the whole record, as for every other field.
        self.0.insert(T::default()).fill(map)
    }
}

impl<X: super::text::FromText + Into<T>, T> Decode<T> for super::text::Opt<X> {
    fn decode<'de, A: de::MapAccess<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        *slot = map.next_value::<Self>()?.0.map(Into::into);
        Ok(())
    }
}

/// Declares a record. Each field is `name: Type [as Decoder] => "key"`; the struct
/// field is `Option<Type>`, decoded as `Option<Type>` or, when one is named,
/// through `Decoder` (a [`Decode<Type>`]: [`Opt`](super::text::Opt) for scalars,
/// [`Nested`] for a record, [`List`](super::list::List) for an array of records).
/// A `null` value reads as `None`, and so does a `null` in place of the whole
/// record (an empty record).
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
            /// personal data, so they are [`Pii`](txstatus_core::Pii).
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
                        map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        let mut out = $name::default();
                        $crate::model::record::Record::fill(&mut out, map)?;
                        Ok(out)
                    }
                }

                deserializer.deserialize_any(Visitor)
            }
        }

        impl $crate::model::record::Record for $name {
            const EXPECTING: &'static str = concat!("a ", stringify!($name), " object");

            fn fill<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                mut map: A,
            ) -> ::std::result::Result<(), A::Error> {
                while let Some(key) = map.next_key::<$crate::model::record::Key<'de>>()? {
                    match key.0.as_ref() {
                        $(
                            $key => {
                                $crate::model::record::record!(@decode map, self.$field, $ty $(, $decoder)?);
                            }
                        )*
                        _ => {
                            let value = map.next_value()?;
                            self.extra.push(&key.0, value);
                        }
                    }
                }
                self.extra.finish();
                Ok(())
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
    (@decode $map:ident, $slot:expr, $ty:ty) => {
        $slot = $map.next_value::<::std::option::Option<$ty>>()?
    };
    (@decode $map:ident, $slot:expr, $ty:ty, $decoder:ty) => {
        <$decoder as $crate::model::record::Decode<$ty>>::decode(&mut $map, &mut $slot)?
    };
}

pub(crate) use record;
