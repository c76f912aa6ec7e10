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
    /// credentials, and the long-lived secrets its authenticator holds) replaced
    /// by `[redacted]` in every form a provider may echo ([`secret_forms`]: as
    /// sent, percent-encoded, base64 at any alignment; ASCII case aside), and a
    /// quote cut by the length cap (a secret's first bytes at the end) removed; a
    /// message still holding a piece of one in any spelling
    /// ([`crate::secret_echo`]) is withheld whole, and a code holding one or a
    /// piece of one is dropped. Providers echo what they were sent: a token
    /// endpoint quotes its form body.
    pub(crate) fn without_secrets(mut self, secrets: &[String]) -> Self {
        let all = secrets;
        let secrets: Vec<&str> = secrets
            .iter()
            .map(String::as_str)
            .filter(|secret| secret.len() >= MIN_SCRUBBED_LEN)
            .collect();
        if let Some(message) = self.message.as_mut() {
            for secret in &secrets {
                for form in secret_forms(secret) {
                    if let Some(replaced) =
                        replace_ignore_ascii_case(message, &form, crate::pii::REDACTED)
                    {
                        *message = replaced;
                    }
                }
                // The cap may have cut a quote: no secret's first bytes end it.
                let cut = (MIN_SCRUBBED_LEN..secret.len())
                    .rev()
                    .filter_map(|len| secret.get(..len))
                    .find(|prefix| ends_with_ignore_ascii_case(message, prefix));
                if let Some(prefix) = cut {
                    let keep = message.len().saturating_sub(prefix.len());
                    message.truncate(keep);
                    message.push_str(crate::pii::REDACTED);
                }
            }
            // What is left still holds a piece of one (cut short, split over
            // lines, hex or base64): which part cannot be told, so none is kept.
            if crate::secret_echo::echoes_secret(message, secrets.iter().copied()) {
                crate::pii::REDACTED.clone_into(message);
            }
        }
        if self.code.as_deref().is_some_and(|code| {
            all.iter().any(|secret| {
                quotes_secret(code, secret)
                    || (secret.len() >= MIN_SCRUBBED_LEN
                        && secret_forms(secret)
                            .iter()
                            .any(|form| contains_ignore_ascii_case(code, form)))
            }) || crate::secret_echo::echoes_secret(code, all.iter().map(String::as_str))
        }) {
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
/// is it (ASCII case aside in both). A short personal value sent in a body (a
/// name) is one of the secrets, and a code equal to it would print it. Checked
/// on every answer's request id, so it allocates nothing; codes and messages
/// are also searched for the secret's other forms.
pub(crate) fn quotes_secret(shown: &str, secret: &str) -> bool {
    !secret.is_empty()
        && (shown.eq_ignore_ascii_case(secret)
            || (secret.len() >= MIN_SCRUBBED_LEN && contains_ignore_ascii_case(shown, secret)))
}

/// The spellings of `secret` a provider may echo: as sent, form-encoded (its
/// hex digits in either case are matched by the case-blind search), and base64
/// (standard and URL-safe) at each of the three alignments it can have inside
/// a longer encoded value (`id:secret` in a Basic header), cut to the characters
/// that depend on the secret alone. Forms shorter than the shortest secret
/// searched for are left out.
pub(crate) fn secret_forms(secret: &str) -> Vec<String> {
    use base64::{
        Engine as _,
        engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD},
    };
    let mut forms = vec![secret.to_owned()];
    let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    forms.push(encoded);
    // Characters of the encoding that also hold bits of the bytes before the
    // secret, for 0, 1 and 2 bytes before it.
    for (before, skip) in [(0usize, 0usize), (1, 2), (2, 3)] {
        let mut bytes = vec![0u8; before];
        bytes.extend_from_slice(secret.as_bytes());
        let ends_mid_group = bytes.len() % 3 != 0;
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            let text = engine.encode(&bytes);
            let end = if ends_mid_group {
                text.len().saturating_sub(1)
            } else {
                text.len()
            };
            if let Some(inner) = text.get(skip..end) {
                forms.push(inner.to_owned());
            }
        }
    }
    forms.retain(|form| form.len() >= MIN_SCRUBBED_LEN);
    forms.sort();
    forms.dedup();
    // Longest first: a whole form is replaced before a shorter one inside it.
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms
}

/// `haystack` contains `needle`, ASCII case aside.
pub(crate) fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    find_ignore_ascii_case(haystack.as_bytes(), needle.as_bytes(), 0).is_some()
}

fn find_ignore_ascii_case(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
        .map(|at| at.saturating_add(from))
}

fn ends_with_ignore_ascii_case(text: &str, suffix: &str) -> bool {
    text.len()
        .checked_sub(suffix.len())
        .and_then(|start| text.as_bytes().get(start..))
        .is_some_and(|end| end.eq_ignore_ascii_case(suffix.as_bytes()))
}

/// `text` with every occurrence of `needle` (ASCII case aside) replaced by
/// `with`; `None` when there is none. ASCII case folding keeps every byte's
/// position, so the matches are on character boundaries of `text` too.
fn replace_ignore_ascii_case(text: &str, needle: &str, with: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut at = find_ignore_ascii_case(bytes, needle.as_bytes(), 0)?;
    let mut out = String::with_capacity(text.len());
    let mut copied = 0usize;
    loop {
        out.push_str(text.get(copied..at)?);
        out.push_str(with);
        copied = at.saturating_add(needle.len());
        match find_ignore_ascii_case(bytes, needle.as_bytes(), copied) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.push_str(text.get(copied..)?);
    Some(out)
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

/// Provider text in `Debug` that is shown only when it is a machine token of at
/// most `.1` characters ([`is_machine_token`]) or empty, else withheld: error codes (a
/// public field may hold any text) and raw statuses (an unknown status can be
/// any text, a name included).
pub(crate) struct ShownToken<'a>(pub(crate) &'a str, pub(crate) usize);

impl fmt::Debug for ShownToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() || is_machine_token(self.0, self.1) {
            fmt::Debug::fmt(self.0, f)
        } else {
            Withheld(self.0).fmt(f)
        }
    }
}

/// Whether `text` is 1 to `max` characters of `[A-Za-z0-9_.:-]`: an identifier a
/// machine made, safe to print; not when it holds a card number, an IBAN or a
/// BSN (their check digits tell them from an id).
pub(crate) fn is_machine_token(text: &str, max: usize) -> bool {
    !text.is_empty()
        && text.len() <= max
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
        && !crate::personal_number::holds_personal_number(text)
}

/// The message cut to [`MAX_MESSAGE_CHARS`], with what may not be shown raw
/// escaped ([`crate::escape_unsafe`]: the same rule as everywhere).
fn clean_message(text: &str) -> Option<String> {
    let cut: String = text.trim().chars().take(MAX_MESSAGE_CHARS).collect();
    let out = crate::escape_unsafe(&cut).into_owned();
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
    fn a_credential_echoed_in_another_case_or_encoding_is_redacted() {
        use base64::{Engine as _, engine::general_purpose::STANDARD};
        let secret = "Live_Key+9f8e7d6c/5b4a";
        let secrets = vec![secret.to_owned()];
        let basic = STANDARD.encode(format!("client-1:{secret}"));
        let shifted = STANDARD.encode(format!("x{secret}!"));
        let percent: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        for echoed in [
            secret.to_uppercase(),
            secret.to_lowercase(),
            percent.clone(),
            percent.to_lowercase(),
            STANDARD.encode(secret),
            basic,
            shifted,
        ] {
            let said =
                ProviderMessage::new(Some(&format!("you sent {echoed} here")), Some(&echoed))
                    .without_secrets(&secrets);
            let message = said.message().unwrap();
            assert!(
                message.starts_with("you sent ") && message.ends_with(" here"),
                "{message}"
            );
            assert!(
                message.contains(crate::pii::REDACTED),
                "{echoed}: {message}"
            );
            for form in secret_forms(secret) {
                assert!(
                    !contains_ignore_ascii_case(message, &form),
                    "{echoed}: {message}"
                );
            }
            assert_eq!(said.code(), None, "{echoed}");
        }
    }

    #[test]
    fn case_blind_replacement_keeps_other_text_and_multibyte_characters() {
        assert_eq!(
            replace_ignore_ascii_case("ä SeCrEt1 ü secret1!", "secret1", "[r]").as_deref(),
            Some("ä [r] ü [r]!")
        );
        assert_eq!(replace_ignore_ascii_case("nothing", "secret1", "[r]"), None);
        assert!(quotes_secret("req-ABCDEF123-x", "abcdef123"));
        assert!(!quotes_secret("req-1", "abcdef123"));
    }

    #[test]
    fn a_message_is_trimmed_capped_and_escaped() {
        let long = "x".repeat(1000);
        let message = ProviderMessage::new(Some(&long), None);
        assert_eq!(message.message().map(str::len), Some(MAX_MESSAGE_CHARS));
        let message = ProviderMessage::new(Some("  bad\u{1b}[2J \u{202e}name  "), None);
        assert_eq!(message.message(), Some("bad\\u{1b}[2J \\u{202e}name"));
        // An escape and the same characters typed read apart; what shows as
        // nothing or splits lines is escaped too.
        let typed = ProviderMessage::new(Some("A\\u{1b}B"), None);
        assert_eq!(typed.message(), Some("A\\u{1b}B"));
        let mixed = ProviderMessage::new(Some("A\u{1b}B\\u{1b}\u{2028}\u{200b}"), None);
        assert_eq!(
            mixed.message(),
            Some("A\\u{1b}B\\\\u{1b}\\u{2028}\\u{200b}")
        );
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
