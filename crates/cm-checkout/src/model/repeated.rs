//! A member a body may repeat: the same value again is the same member, another
//! value makes it say nothing (which one would be meant?), and neither fails the
//! rest of the body (a repeated `event` never loses the `transaction`).

/// One member's value across its repeats.
pub(crate) struct Repeated<T> {
    value: Option<T>,
    seen: bool,
    conflict: bool,
}

impl<T> Default for Repeated<T> {
    fn default() -> Self {
        Self {
            value: None,
            seen: false,
            conflict: false,
        }
    }
}

impl<T: PartialEq> Repeated<T> {
    /// Takes one occurrence of the member.
    pub(crate) fn take(&mut self, value: Option<T>) {
        if !self.seen {
            self.seen = true;
            self.value = value;
        } else if self.value != value {
            self.conflict = true;
        }
    }

    /// The value, when every occurrence agreed.
    pub(crate) fn into_value(self) -> Option<T> {
        if self.conflict { None } else { self.value }
    }
}

/// Reads a key against `names`.
pub(crate) struct KeySeed<const N: usize>(pub(crate) [&'static str; N]);

impl<'de, const N: usize> serde::de::DeserializeSeed<'de> for KeySeed<N> {
    type Value = Option<usize>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        struct V<const N: usize>([&'static str; N]);
        impl<const N: usize> serde::de::Visitor<'_> for V<N> {
            type Value = Option<usize>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(self.0.iter().position(|name| *name == key))
            }
            fn visit_bytes<E: serde::de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
                Ok(self.0.iter().position(|name| name.as_bytes() == key))
            }
        }
        // As bytes: a member name that is a lone surrogate (`"\ud800"`, valid
        // JSON, no Rust string) is then a name no member has, not a failed
        // document.
        deserializer.deserialize_bytes(V(self.0))
    }
}
