//! Text of up to `N` bytes kept in place, longer text on the heap: a time or an
//! unknown enum value decoded from a response is copied without an allocation.

use std::hash::{Hash, Hasher};

/// Short text in place, anything longer boxed; compares and hashes as its text.
/// `N` is at most 255 (the length is one byte); `ShortText<22>` is as large as a
/// `String`.
#[derive(Clone)]
pub(crate) enum ShortText<const N: usize> {
    /// `len` bytes of `bytes`, always valid UTF-8 (copied from a `str`).
    Inline { len: u8, bytes: [u8; N] },
    /// Text longer than `N` bytes.
    Heap(Box<str>),
}

impl<const N: usize> ShortText<N> {
    /// Copies `text`, in place when it fits.
    pub(crate) fn new(text: &str) -> Self {
        match Self::inline(text) {
            Some(short) => short,
            None => Self::Heap(text.into()),
        }
    }

    /// Takes `text`, moved to its place when it fits.
    pub(crate) fn from_string(text: String) -> Self {
        match Self::inline(&text) {
            Some(short) => short,
            None => Self::Heap(text.into_boxed_str()),
        }
    }

    /// Empty text, in place.
    pub(crate) const fn empty() -> Self {
        Self::Inline {
            len: 0,
            bytes: [0u8; N],
        }
    }

    /// Replaces the text with `text`, writing it where it is kept when it fits.
    pub(crate) fn set(&mut self, text: &str) {
        if let Ok(new_len) = u8::try_from(text.len())
            && text.len() <= N
        {
            if let Self::Heap(_) = self {
                *self = Self::empty();
            }
            if let Self::Inline { len, bytes } = self
                && let Some(place) = bytes.get_mut(..text.len())
            {
                place.copy_from_slice(text.as_bytes());
                // Nothing of a longer text set before (a name, say) stays behind.
                if *len > new_len
                    && let Some(rest) = bytes.get_mut(text.len()..)
                {
                    rest.fill(0);
                }
                *len = new_len;
                return;
            }
        }
        *self = Self::Heap(text.into());
    }

    fn inline(text: &str) -> Option<Self> {
        let len = u8::try_from(text.len()).ok().filter(|_| text.len() <= N)?;
        let mut bytes = [0u8; N];
        bytes
            .get_mut(..text.len())?
            .copy_from_slice(text.as_bytes());
        Some(Self::Inline { len, bytes })
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Inline { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|text| std::str::from_utf8(text).ok())
                .unwrap_or_default(),
            Self::Heap(text) => text,
        }
    }
}

impl<const N: usize> PartialEq for ShortText<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<const N: usize> Eq for ShortText<N> {}

impl<const N: usize> Hash for ShortText<N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// The public text types over [`ShortText`] ([`crate::UnknownValue`],
/// [`crate::Text`]): kept as sent, read as a `&str` (they deref to one),
/// `Display`ed as the text, compared with text, and converted from and to
/// `String`. Without `Debug` (`own_debug`): each type writes its own, showing
/// only a plain token (other text where an id goes may be a name).
macro_rules! short_text_type {
    ($(#[$meta:meta])* $name:ident, $inline:literal, own_debug) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name($crate::short_text::ShortText<$inline>);

        impl $name {
            /// Keeps `text`.
            pub fn new(text: &str) -> Self {
                Self($crate::short_text::ShortText::new(text))
            }

            /// The text as sent.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// Empty text (for decoding in place; not every text type decodes so).
            #[allow(dead_code)]
            pub(crate) const fn empty() -> Self {
                Self($crate::short_text::ShortText::empty())
            }

            /// Replaces the text, in place when it fits (for decoding in place).
            #[allow(dead_code)]
            pub(crate) fn set(&mut self, text: &str) {
                self.0.set(text)
            }
        }

        impl ::std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::new(text)
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self($crate::short_text::ShortText::from_string(text))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

pub(crate) use short_text_type;

#[cfg(test)]
mod tests {
    type ShortText = super::ShortText<38>;

    #[test]
    fn short_and_long_text_read_back_as_given() {
        for text in [
            "",
            "2024-10-28T14:32:32.123456+02:00",
            "é∂ unicode",
            &"x".repeat(38),
            &"y".repeat(39),
            &"z".repeat(300),
        ] {
            assert_eq!(ShortText::new(text).as_str(), text);
            assert_eq!(ShortText::from_string(text.to_owned()).as_str(), text);
        }
    }

    #[test]
    fn setting_shorter_text_in_place_leaves_nothing_of_the_longer_one() {
        let mut text = ShortText::empty();
        text.set("Bartholomew Inkwellson");
        text.set("Ann");
        assert_eq!(text.as_str(), "Ann");
        let ShortText::Inline { len, bytes } = &text else {
            panic!("three bytes are kept in place");
        };
        assert_eq!(*len, 3);
        assert!(bytes.iter().skip(3).all(|&b| b == 0), "{bytes:?}");
        text.set("a text longer than thirty-eight bytes, kept on the heap");
        assert!(matches!(text, ShortText::Heap(_)));
        text.set("Ann");
        assert_eq!(text.as_str(), "Ann");
    }

    #[test]
    fn text_up_to_38_bytes_is_kept_in_place_and_longer_text_boxed() {
        assert!(matches!(
            ShortText::new(&"x".repeat(38)),
            ShortText::Inline { .. }
        ));
        assert!(matches!(
            ShortText::new(&"x".repeat(39)),
            ShortText::Heap(_)
        ));
        // A multi-byte character that would straddle the limit goes to the heap whole.
        let text = format!("{}é", "x".repeat(37));
        assert!(matches!(ShortText::new(&text), ShortText::Heap(_)));
        assert_eq!(ShortText::new(&text).as_str(), text);
    }

    #[test]
    fn equal_text_is_equal_and_hashes_alike_wherever_it_is_kept() {
        use std::hash::BuildHasher;
        let text = "2022-07-07T18:05:11.204Z";
        let inline = ShortText::new(text);
        let boxed = ShortText::Heap(text.into());
        assert!(inline == boxed);
        let hasher = std::collections::hash_map::RandomState::new();
        assert_eq!(hasher.hash_one(&inline), hasher.hash_one(&boxed));
        assert!(ShortText::new("a") != ShortText::new("b"));
    }

    #[test]
    fn the_string_sized_text_keeps_22_bytes_in_place() {
        type Small = super::ShortText<22>;
        assert_eq!(size_of::<Small>(), size_of::<String>());
        assert!(matches!(Small::new(&"x".repeat(22)), Small::Inline { .. }));
        assert!(matches!(Small::new(&"x".repeat(23)), Small::Heap(_)));
        assert_eq!(Small::new(&"x".repeat(23)).as_str(), "x".repeat(23));
    }
}
