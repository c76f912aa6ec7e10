//! The JSON writer behind [`to_json`](crate::to_json) and
//! [`to_redacted_json`](crate::to_redacted_json): compact, bounded in depth, and,
//! when redacting, writing `"[redacted]"` for a number whose digits make a card
//! number, an IBAN or a BSN and for a member name that is not a plain token (an
//! email address a provider or a customer used as a key).

use std::io::{self, Write};

use serde_json::ser::{CompactFormatter, Formatter};

use crate::pii::{MAX_JSON_DEPTH, REDACTED};

/// A compact `serde_json` formatter that counts open containers and redacts as
/// the module says.
pub(crate) struct JsonWriter {
    depth: usize,
    redacting: bool,
    /// The member name being written, when redacting: judged whole at its end.
    key: Option<Vec<u8>>,
}

impl JsonWriter {
    pub(crate) fn new(redacting: bool) -> Self {
        Self {
            depth: 0,
            redacting,
            key: None,
        }
    }

    fn enter(&mut self) -> io::Result<()> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(io::Error::other(
                "the model nests deeper than txstatus writes",
            ));
        }
        self.depth = self.depth.saturating_add(1);
        Ok(())
    }

    /// Writes `bytes` to the member name being gathered, or else to `writer`.
    fn put<W: ?Sized + Write>(&mut self, writer: &mut W, bytes: &[u8]) -> io::Result<()> {
        match self.key.as_mut() {
            Some(key) => key.write_all(bytes),
            None => writer.write_all(bytes),
        }
    }

    /// Writes `digits` (a whole number's) as they are, or `"[redacted]"` when
    /// redacting and they make a personal number.
    fn write_whole<W: ?Sized + Write>(&mut self, writer: &mut W, digits: &str) -> io::Result<()> {
        if self.redacting && crate::shown_number::digits_hold_personal_number(digits) {
            self.put(writer, quoted_redacted().as_bytes())
        } else {
            self.put(writer, digits.as_bytes())
        }
    }
}

fn quoted_redacted() -> String {
    format!("\"{REDACTED}\"")
}

/// Whether a member name is shown under redaction: a plain token, or plain tokens
/// split by `/`, after at most one leading `@` or `$` (`@timestamp`).
pub(crate) fn shown_key(key: &str) -> bool {
    let bare = key
        .strip_prefix('@')
        .or_else(|| key.strip_prefix('$'))
        .unwrap_or(key);
    bare.split('/')
        .all(|part| crate::message::is_machine_token(part, crate::message::MAX_CODE_CHARS))
}

impl Formatter for JsonWriter {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.enter()?;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        writer.write_all(b"]")
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.enter()?;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        if self.redacting {
            self.key = Some(Vec::new());
        }
        Ok(())
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        let Some(key) = self.key.take() else {
            return Ok(());
        };
        // The name as written: quoted, escapes left as they are (a name that
        // needed one is no plain token).
        let inner = key
            .strip_prefix(b"\"")
            .and_then(|rest| rest.strip_suffix(b"\""))
            .and_then(|inner| std::str::from_utf8(inner).ok());
        match inner {
            Some(name) if !name.contains('\\') && shown_key(name) => writer.write_all(&key),
            _ => writer.write_all(quoted_redacted().as_bytes()),
        }
    }

    fn begin_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.put(writer, b"\"")
    }

    fn end_string<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.put(writer, b"\"")
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        self.put(writer, fragment.as_bytes())
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        char_escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        let mut escaped = Vec::new();
        CompactFormatter.write_char_escape(&mut escaped, char_escape)?;
        self.put(writer, &escaped)
    }

    fn write_bool<W: ?Sized + Write>(&mut self, writer: &mut W, value: bool) -> io::Result<()> {
        self.put(writer, if value { b"true" } else { b"false" })
    }

    // Numbers of up to five digits hold no personal number; wider ones are checked.
    fn write_i8<W: ?Sized + Write>(&mut self, writer: &mut W, value: i8) -> io::Result<()> {
        self.put(writer, value.to_string().as_bytes())
    }

    fn write_i16<W: ?Sized + Write>(&mut self, writer: &mut W, value: i16) -> io::Result<()> {
        self.put(writer, value.to_string().as_bytes())
    }

    fn write_u8<W: ?Sized + Write>(&mut self, writer: &mut W, value: u8) -> io::Result<()> {
        self.put(writer, value.to_string().as_bytes())
    }

    fn write_u16<W: ?Sized + Write>(&mut self, writer: &mut W, value: u16) -> io::Result<()> {
        self.put(writer, value.to_string().as_bytes())
    }

    fn write_u32<W: ?Sized + Write>(&mut self, writer: &mut W, value: u32) -> io::Result<()> {
        self.write_whole(writer, &value.to_string())
    }

    fn write_i32<W: ?Sized + Write>(&mut self, writer: &mut W, value: i32) -> io::Result<()> {
        self.write_whole(writer, &value.to_string())
    }

    fn write_u64<W: ?Sized + Write>(&mut self, writer: &mut W, value: u64) -> io::Result<()> {
        self.write_whole(writer, &value.to_string())
    }

    fn write_i64<W: ?Sized + Write>(&mut self, writer: &mut W, value: i64) -> io::Result<()> {
        self.write_whole(writer, &value.to_string())
    }

    fn write_u128<W: ?Sized + Write>(&mut self, writer: &mut W, value: u128) -> io::Result<()> {
        self.write_whole(writer, &value.to_string())
    }

    fn write_i128<W: ?Sized + Write>(&mut self, writer: &mut W, value: i128) -> io::Result<()> {
        self.write_whole(writer, &value.to_string())
    }

    fn write_f32<W: ?Sized + Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(writer, f64::from(value))
    }

    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        if self.redacting && crate::shown_number::float_holds_personal_number(value) {
            return self.put(writer, quoted_redacted().as_bytes());
        }
        let mut written = Vec::new();
        CompactFormatter.write_f64(&mut written, value)?;
        self.put(writer, &written)
    }

    fn write_number_str<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        value: &str,
    ) -> io::Result<()> {
        self.put(writer, value.as_bytes())
    }

    fn write_null<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.put(writer, b"null")
    }

    fn write_byte_array<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        value: &[u8],
    ) -> io::Result<()> {
        let mut written = Vec::new();
        CompactFormatter.write_byte_array(&mut written, value)?;
        self.put(writer, &written)
    }

    fn write_raw_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        self.put(writer, fragment.as_bytes())
    }
}
