//! The provider's own words about a failure. Each provider crate knows its error
//! body and hands the core an extractor ([`MessageExtractor`](crate::provider::MessageExtractor)); the core only
//! caps and escapes what the extractor found, here, once.

use std::fmt;

/// Longest message kept, in characters.
pub const MAX_MESSAGE_CHARS: usize = 300;

/// Longest provider error code kept, in characters.
pub const MAX_CODE_CHARS: usize = 64;

/// Finds the provider's message (and code) in an error body; `None` when the
/// body is not one of the provider's error shapes (an HTML gateway page).
///
/// Each provider crate passes its own to
/// [`ServiceBuilder::error_messages`](crate::provider::ServiceBuilder::error_messages): the
/// core knows no provider's wire shapes.
pub type MessageExtractor = fn(&[u8]) -> Option<ProviderMessage>;

/// What a provider said about a failure: free text and a machine code.
///
/// The text is the provider's and can quote what was sent (a name, an email, a
/// document number): it is personal data, reached only through
/// [`Error::provider_message`](crate::Error::provider_message) and never shown by
/// `Display` or `Debug`. The code is kept only when it is a short machine token
/// (ASCII letters, digits, `_ . : -`, at most [`MAX_CODE_CHARS`]), which cannot
/// carry a sentence; anything else is dropped.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProviderMessage {
    message: Option<String>,
    code: Option<String>,
}

impl ProviderMessage {
    /// A message and an optional code. The message is trimmed, cut at
    /// [`MAX_MESSAGE_CHARS`], and its control characters and bidirectional
    /// overrides written as `\u{..}` escapes; an empty message is none. A code that
    /// is not a short machine token is dropped.
    pub fn new(message: Option<&str>, code: Option<&str>) -> Self {
        Self {
            message: message.and_then(clean_message),
            code: code
                .filter(|code| is_machine_token(code, MAX_CODE_CHARS))
                .map(str::to_owned),
        }
    }

    /// `None` when neither a message nor a code survived cleaning.
    pub fn non_empty(self) -> Option<Self> {
        (self.message.is_some() || self.code.is_some()).then_some(self)
    }

    /// The provider's text (may hold personal data).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The provider's machine error code.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The message with every quote of `secrets` (what the request sent as its
    /// credentials) replaced by `[redacted]`, and a quote cut by the length cap
    /// (a secret's first bytes at the end) removed; a code holding one is dropped.
    /// Providers echo what they were sent: a token endpoint quotes its form body.
    pub(crate) fn without_secrets(mut self, secrets: &[String]) -> Self {
        let all = secrets;
        let secrets: Vec<&str> = secrets
            .iter()
            .map(String::as_str)
            .filter(|secret| secret.len() >= MIN_SCRUBBED_LEN)
            .collect();
        if let Some(message) = self.message.as_mut() {
            for secret in &secrets {
                if message.contains(secret) {
                    *message = message.replace(secret, crate::pii::REDACTED);
                }
                // The cap may have cut a quote: no secret's first bytes end it.
                let cut = (MIN_SCRUBBED_LEN..secret.len())
                    .rev()
                    .filter_map(|len| secret.get(..len))
                    .find(|prefix| message.ends_with(prefix));
                if let Some(prefix) = cut {
                    let keep = message.len().saturating_sub(prefix.len());
                    message.truncate(keep);
                    message.push_str(crate::pii::REDACTED);
                }
            }
        }
        if self
            .code
            .as_deref()
            .is_some_and(|code| all.iter().any(|secret| quotes_secret(code, secret)))
        {
            self.code = None;
        }
        self
    }

    /// Splits into the text and the code.
    pub(crate) fn into_parts(self) -> (Option<String>, Option<String>) {
        (self.message, self.code)
    }
}

/// Whether a short value shown as an identifier (a provider's code, a request
/// id) quotes `secret`: holds it, or, for a secret too short to be searched for,
/// is it (ASCII case aside). A short personal value sent in a body (a name) is
/// one of the secrets, and a code equal to it would print it.
pub(crate) fn quotes_secret(shown: &str, secret: &str) -> bool {
    !secret.is_empty()
        && (shown.eq_ignore_ascii_case(secret)
            || (secret.len() >= MIN_SCRUBBED_LEN && shown.contains(secret)))
}

/// Secrets shorter than this are not searched for in a message (a two-letter
/// value would redact ordinary words; credentials are longer).
const MIN_SCRUBBED_LEN: usize = 6;

/// Length only: the text may be personal data.
impl fmt::Debug for ProviderMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderMessage")
            .field("message", &self.message.as_deref().map(Withheld))
            .field("code", &self.code)
            .finish()
    }
}

/// Prints `[withheld: N chars]` in place of provider text.
pub(crate) struct Withheld<'a>(pub(crate) &'a str);

impl fmt::Debug for Withheld<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[withheld: {} chars]", self.0.chars().count())
    }
}

/// Whether `text` is 1 to `max` characters of `[A-Za-z0-9_.:-]`: an identifier a
/// machine made, safe to print.
pub(crate) fn is_machine_token(text: &str, max: usize) -> bool {
    !text.is_empty()
        && text.len() <= max
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
}

/// Whether `c` must not be kept raw: controls and the bidirectional overrides and
/// isolates that reorder what a terminal shows.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn clean_message(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.trim().chars().take(MAX_MESSAGE_CHARS) {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_credential_is_redacted_whole_cut_or_in_the_code() {
        let secrets = vec![
            "CSSEKRIT-123".to_owned(),
            "Bearer tok-abc-999".to_owned(),
            "ab".to_owned(),
        ];
        let said = ProviderMessage::new(
            Some("got client_id=cid&client_secret=CSSEKRIT-123, header Bearer tok-abc-999 (ab)"),
            Some("CSSEKRIT-123"),
        )
        .without_secrets(&secrets);
        let message = said.message().unwrap();
        assert!(
            !message.contains("SEKRIT") && !message.contains("tok-abc"),
            "{message}"
        );
        assert!(
            message.contains("client_id=cid") && message.contains("(ab)"),
            "{message}"
        );
        assert_eq!(said.code(), None);
        let long = format!("{}CSSEKRIT-123", "x".repeat(MAX_MESSAGE_CHARS - 8));
        let cut = ProviderMessage::new(Some(&long), None).without_secrets(&secrets);
        assert!(
            !cut.message().unwrap().contains("CSSEK"),
            "{:?}",
            cut.message()
        );
    }

    #[test]
    fn a_message_is_trimmed_capped_and_escaped() {
        let long = "x".repeat(1000);
        let message = ProviderMessage::new(Some(&long), None);
        assert_eq!(message.message().map(str::len), Some(MAX_MESSAGE_CHARS));
        let message = ProviderMessage::new(Some("  bad\u{1b}[2J \u{202e}name  "), None);
        assert_eq!(message.message(), Some("bad\\u{1b}[2J \\u{202e}name"));
        assert_eq!(ProviderMessage::new(Some("   "), None).non_empty(), None);
    }

    #[test]
    fn only_a_short_machine_token_is_kept_as_code() {
        let code = |c: &str| {
            ProviderMessage::new(None, Some(c))
                .code()
                .map(str::to_owned)
        };
        assert_eq!(code("invalid_status").as_deref(), Some("invalid_status"));
        assert_eq!(code("urn:err:x.y-1").as_deref(), Some("urn:err:x.y-1"));
        assert_eq!(code("Jan de Vries"), None);
        assert_eq!(code("jan@example.com"), None);
        assert_eq!(code(&"a".repeat(65)), None);
        assert_eq!(code(""), None);
    }

    #[test]
    fn debug_shows_the_length_of_a_message_not_its_text() {
        let message = ProviderMessage::new(Some("Jan de Vries is not valid"), Some("E1"));
        let shown = format!("{message:?}");
        assert!(!shown.contains("Vries"), "{shown}");
        assert!(
            shown.contains("25 chars") && shown.contains("E1"),
            "{shown}"
        );
    }
}
