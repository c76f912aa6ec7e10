//! `open_enum!`: enums that never fail a decode.

/// Declares an enum decoded from a provider string, with an
/// `Unknown(`[`UnknownValue`](crate::UnknownValue)`)` fallback (the text as sent,
/// kept without an allocation when short), `as_str()`, `Display`, and serde that reads the string once and writes
/// it back as sent. It is also [`FromText`](crate::provider::lenient::FromText),
/// so a `record_decoder!` reads an optional one as `text`. The enum is `#[non_exhaustive]`: a provider may add a value in
/// a minor release, and matches outside the defining crate need a `_ =>` arm.
///
/// ```
/// txstatus_core::open_enum! {
///     /// A payment state.
///     pub enum State {
///         /// Waiting.
///         Open => "OPEN",
///         /// Done.
///         Success => "SUCCESS",
///     }
/// }
/// let s: State = serde_json::from_str("\"REFUNDED\"").unwrap();
/// assert_eq!(s, State::Unknown("REFUNDED".into()));
/// assert_eq!(s.as_str(), "REFUNDED");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept exactly as sent.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// The value as the provider spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Unknown(other) => other.as_str(),
                }
            }

            /// Reads a provider string; unknown values become `Unknown`.
            pub fn from_provider(value: &str) -> Self {
                match value {
                    $( $text => Self::$variant, )+
                    other => Self::Unknown($crate::UnknownValue::new(other)),
                }
            }

            /// Whether the value is one this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::__private::open_enum_text(self.as_str(), self.is_unknown()))
            }
        }

        // `record_decoder!`'s `text` kind: an optional field in one step, with
        // the same rules as `Deserialize` (numbers and booleans read as text).
        impl $crate::lenient::FromText for $name {
            const EXPECTING: &'static str = "a string";

            fn from_text(text: &str) -> Self {
                Self::from_provider(text)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer
                    .deserialize_any($crate::__private::OpenEnumVisitor)
                    .map(|text| Self::from_provider(&text))
            }
        }
    };
}
