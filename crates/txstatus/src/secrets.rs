//! The last line of defence for credentials: every secret this process was given
//! (the environment's API keys, client secrets, tokens, webhook secrets and the
//! Redis URL's password) is replaced by `[redacted]` in everything the CLI writes:
//! stdout, stderr (errors, notes, the `-v` trace) and the files it keeps.
//!
//! The libraries already keep secrets out of what they say, but a provider can echo
//! a credential anywhere it likes (a request id header, an error code, a document
//! field), and `--show-personal-data` prints the provider's words; it never prints a
//! secret. Nor in another form: any letter case, JSON, percent-encoding, hex or
//! base64 (Checkout's `id:secret` included), or a piece of half the secret (a key
//! cut short or split over two fields); see [`forms_of`]. Then every token (a run
//! between spaces and JSON punctuation) that still holds a piece of a secret in
//! any spelling the core reads ([`txstatus_core::echoes_secret`]: a 10-character
//! piece, its hex, base64, base32, escapes) is withheld whole.

use std::{borrow::Cow, collections::HashMap, ops::Range, sync::OnceLock};

use crate::providers::{SHARED_REDIS_URL, var};

mod learned;

pub use learned::learn;

/// What a secret becomes.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for: a two-letter value would redact
/// ordinary words; credentials are longer (the core uses the same floor).
const MIN_LEN: usize = 6;

/// The variables that hold a secret, whole.
const SECRET_VARS: &[&str] = &[
    var::PERSONA_API_KEY,
    var::CM_IDSCAN_SECRET,
    var::CM_IDIN_MERCHANT_TOKEN,
    var::CM_CHECKOUT_CLIENT_SECRET,
    var::ONESPAN_TOKEN,
    var::PERSONA_WEBHOOK_SECRET,
    var::CM_IDSCAN_WEBHOOK_HEADER,
    var::CM_CHECKOUT_WEBHOOK_TOKEN,
    SHARED_REDIS_URL,
];

/// The proxy variables the HTTP client reads: their URLs' passwords are secrets
/// (the rest of a proxy URL is not).
const PROXY_VARS: &[&str] = &[
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Every form each secret may be written in (the search ignores ASCII case).
fn known() -> &'static Needles {
    static KNOWN: OnceLock<Needles> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let values: Vec<(&str, String)> = SECRET_VARS
            .iter()
            .chain(PROXY_VARS)
            .filter_map(|name| std::env::var(name).ok().map(|value| (*name, value)))
            .collect();
        let (plain, cores) = split(values);
        let mut all = forms_of(plain, cores.clone());
        // CM Checkout's client credentials as HTTP Basic sends them: `id:secret`
        // in base64 (the id alone is not a secret).
        if let (Ok(id), Ok(secret)) = (
            std::env::var(var::CM_CHECKOUT_CLIENT_ID),
            std::env::var(var::CM_CHECKOUT_CLIENT_SECRET),
        ) && secret.trim().chars().count() >= MIN_LEN
        {
            let pair = format!("{}:{}", id.trim(), secret.trim());
            all.extend(base64_forms(&pair));
        }
        Needles::new(all).with_cores(cores)
    })
}

/// The forms of the `(variable, value)` pairs searched for: each value, its parts
/// (a rotation's comma-separated secrets, a header line's value, a URL's password),
/// each of those as JSON, percent-encoding, hex and base64 write it, and every
/// run of at least half of a secret (and [`MIN_PIECE`] characters): a provider
/// that cuts a key short or splits it in two fields still shows no piece that
/// long. Case is not kept: the search ignores ASCII case, so an upper- or
/// lower-cased echo, or lower-case percent escapes, are found too.
#[cfg(test)]
fn forms<'a>(values: impl IntoIterator<Item = (&'a str, String)>) -> Vec<String> {
    let (plain, cores) = split(values);
    forms_of(plain, cores)
}

/// The values to search for whole (`plain`: a header line, a Redis URL) and
/// the secrets alone (`cores`), whose pieces are searched for as well.
fn split<'a>(values: impl IntoIterator<Item = (&'a str, String)>) -> (Vec<String>, Vec<String>) {
    let mut plain = Vec::new();
    // Secrets alone (not a header line's name, not a URL's host): their pieces
    // are searched for as well.
    let mut cores = Vec::new();
    for (name, value) in values {
        let value = value.trim().to_owned();
        if name == var::PERSONA_WEBHOOK_SECRET {
            cores.extend(value.split(',').map(|part| part.trim().to_owned()));
        }
        if name == var::CM_IDSCAN_WEBHOOK_HEADER
            && let Some((_, header_value)) = value.split_once(':')
        {
            cores.push(header_value.trim().to_owned());
        }
        if PROXY_VARS.contains(&name) {
            cores.extend(url_passwords(&value));
            continue;
        }
        if name == SHARED_REDIS_URL {
            cores.extend(url_passwords(&value));
            plain.push(value);
        } else if name == var::CM_IDSCAN_WEBHOOK_HEADER {
            plain.push(value);
        } else {
            cores.push(value);
        }
    }
    (plain, cores)
}

fn forms_of(mut plain: Vec<String>, cores: Vec<String>) -> Vec<String> {
    let mut all = Vec::new();
    for core in &cores {
        all.extend(pieces(core));
    }
    plain.extend(cores);
    for secret in plain {
        if secret.chars().count() < MIN_LEN {
            continue;
        }
        all.push(json_form(&secret));
        all.push(percent_form(&secret));
        all.push(hex_form(&secret));
        all.extend(base64_forms(&secret));
        all.push(secret);
    }
    let mut all: Vec<String> = all
        .into_iter()
        .filter(|form| form.chars().count() >= MIN_LEN)
        .map(|form| form.to_ascii_lowercase())
        .collect();
    all.sort();
    all.dedup();
    all
}

/// Shortest piece of a secret searched for on its own.
const MIN_PIECE: usize = 10;

/// Fewest different characters a piece needs: a run of a low-entropy value
/// (`00000000-0000-4000`) is as likely to be part of an id as of the secret.
const MIN_PIECE_VARIETY: usize = 7;

/// Every run of `max(MIN_PIECE, half)` characters of `secret` (half rounded
/// down: both halves of a secret split in two are found), when the secret is
/// longer than that, that has [`MIN_PIECE_VARIETY`] different characters.
fn pieces(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    let width = MIN_PIECE.max(chars.len() / 2);
    if chars.len() <= width {
        return Vec::new();
    }
    chars
        .windows(width)
        .filter(|window| {
            let mut seen: Vec<char> = window.iter().map(char::to_ascii_lowercase).collect();
            seen.sort_unstable();
            seen.dedup();
            seen.len() >= MIN_PIECE_VARIETY
        })
        .map(|window| window.iter().collect())
        .collect()
}

/// `secret`'s bytes in hexadecimal.
fn hex_form(secret: &str) -> String {
    secret.bytes().map(|byte| format!("{byte:02x}")).collect()
}

/// `secret` in base64 (standard and URL-safe alphabets) wherever it starts in
/// an encoded text: for each of the three byte offsets, the characters that
/// depend on the secret's bytes alone.
fn base64_forms(secret: &str) -> Vec<String> {
    const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut forms = Vec::new();
    for offset in 0..3usize {
        let mut bytes = vec![0u8; offset];
        bytes.extend_from_slice(secret.as_bytes());
        let mut sextets = Vec::with_capacity(bytes.len().saturating_mul(4) / 3 + 1);
        for chunk in bytes.chunks(3) {
            let word = chunk
                .iter()
                .chain(std::iter::repeat(&0u8))
                .take(3)
                .fold(0u32, |word, byte| (word << 8) | u32::from(*byte));
            for shift in [18u32, 12, 6, 0] {
                sextets.push(usize::try_from((word >> shift) & 63).unwrap_or(0));
            }
        }
        // Characters before `first` hold bits of the offset's zero bytes, those
        // from `end` on bits of whatever follows the secret.
        let first = (offset * 8).div_ceil(6);
        let end = (bytes.len() * 8) / 6;
        let standard: String = sextets
            .get(first..end)
            .unwrap_or_default()
            .iter()
            .filter_map(|&sextet| STANDARD.get(sextet).map(|&c| char::from(c)))
            .collect();
        forms.push(standard.replace('+', "-").replace('/', "_"));
        forms.push(standard);
    }
    forms
}

/// Every spelling of the password a Redis URL carries: the user info's
/// (`scheme://user:password@host`) and the query's (`?pass=` or `?password=`, as
/// `redis+unix://` takes it), each as written and percent-decoded (the form the
/// server is sent, and so the one a server could echo).
fn url_passwords(value: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Some((_, rest)) = value.split_once("://") else {
        return found;
    };
    let rest = rest.split('#').next().unwrap_or_default();
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    if let Some((userinfo, _)) = authority.rsplit_once('@')
        && let Some((_, password)) = userinfo.split_once(':')
    {
        found.push(password.to_owned());
        found.push(percent_decoded(password, false));
    }
    if let Some((_, query)) = rest.split_once('?') {
        for pair in query.split('&') {
            let Some((key, password)) = pair.split_once('=') else {
                continue;
            };
            if matches!(
                percent_decoded(key, true).to_ascii_lowercase().as_str(),
                "pass" | "password"
            ) {
                found.push(password.to_owned());
                found.push(percent_decoded(password, false));
                found.push(percent_decoded(password, true));
            }
        }
    }
    found.retain(|form| !form.is_empty());
    found.sort();
    found.dedup();
    found
}

/// `text` with its `%XX` escapes decoded (and `+` as a space when `plus`); bytes
/// that do not make UTF-8 are replaced, as the URL parser refuses them anyway.
fn percent_decoded(text: &str, plus: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0usize;
    while let Some(&byte) = bytes.get(at) {
        match percent_byte(bytes, at) {
            Some(decoded) => {
                out.push(decoded);
                at = at.saturating_add(3);
            }
            None => {
                out.push(if plus && byte == b'+' { b' ' } else { byte });
                at = at.saturating_add(1);
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `secret` as it appears inside a JSON string.
fn json_form(secret: &str) -> String {
    let quoted = serde_json::to_string(secret).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned()
}

/// `secret` percent-encoded (RFC 3986 unreserved characters kept).
fn percent_form(secret: &str) -> String {
    let mut out = String::with_capacity(secret.len());
    for byte in secret.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `text` with every known secret (given, or learned as sent: [`learn`])
/// replaced by `[redacted]`.
pub fn scrub(text: &str) -> Cow<'_, str> {
    as_text(text, scrub_bytes(text.as_bytes()))
}

#[cfg(test)]
fn scrub_with<'a>(text: &'a str, secrets: &Needles) -> Cow<'a, str> {
    as_text(text, scrub_bytes_with(text.as_bytes(), secrets))
}

/// `text` as scrubbed: each match is a whole UTF-8 sequence (a needle is valid
/// UTF-8, ASCII case folding keeps byte offsets, a withheld token ends at
/// ASCII), so what is left stays valid; lossy only as a guard.
fn as_text<'a>(text: &'a str, scrubbed: Cow<'_, [u8]>) -> Cow<'a, str> {
    match scrubbed {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        Cow::Owned(bytes) => Cow::Owned(
            String::from_utf8(bytes)
                .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        ),
    }
}

/// Bytes that end a token: whitespace, and the punctuation around values in
/// JSON and in the CLI's lines (quotes, brackets, commas, `=`, a backslash
/// starting an escape).
fn ends_token(byte: u8) -> bool {
    byte.is_ascii_whitespace()
        || matches!(
            byte,
            b'"' | b'\''
                | b'{'
                | b'}'
                | b'['
                | b']'
                | b'('
                | b')'
                | b'<'
                | b'>'
                | b','
                | b'='
                | b'\\'
        )
}

/// Whether `token` is an HS256 JWT signed with one of `keys`: one the client
/// made (ID Scan signs every request with its key secret), which a provider
/// may echo whole; its header and claims are public and base64, its signature
/// a digest, so no spelling of the key is in it to be found.
fn signed_with_one_of(token: &str, keys: &[String]) -> bool {
    let Some((signed, signature)) = token.rsplit_once('.') else {
        return false;
    };
    if signed.matches('.').count() != 1 {
        return false;
    }
    let Some(tag) = txstatus_core::crypto::base64url_decode(signature) else {
        return false;
    };
    keys.iter().any(|key| {
        txstatus_core::crypto::verify_hmac_sha256(key.as_bytes(), signed.as_bytes(), &tag)
    })
}

/// `bytes` with every token (a run between [`ends_token`] bytes) that holds a
/// piece of one of `cores` in any spelling ([`txstatus_core::echoes_secret`]:
/// cut short, hex, base64, escapes...) replaced by `[redacted]`; `None` when
/// none does. What the whole forms miss (a provider writing a key's first half,
/// or its hex, into a document field) is caught here; the token is withheld
/// whole, since which part of it is the secret cannot be told.
fn withhold_echoing_tokens(bytes: &[u8], cores: &[String]) -> Option<Vec<u8>> {
    if cores.is_empty() {
        return None;
    }
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0usize;
    let mut start = 0usize;
    for end in (0..=bytes.len()).filter(|at| bytes.get(*at).is_none_or(|b| ends_token(*b))) {
        let token = bytes.get(start..end).unwrap_or_default();
        let echoes = token.len() >= MIN_PIECE
            && std::str::from_utf8(token).is_ok_and(|token| {
                txstatus_core::echoes_secret(token, cores.iter().map(String::as_str))
                    || signed_with_one_of(token, cores)
            });
        if echoes {
            let kept = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
            kept.extend_from_slice(bytes.get(copied..start).unwrap_or_default());
            kept.extend_from_slice(REDACTED.as_bytes());
            copied = end;
        }
        start = end.saturating_add(1);
    }
    let mut kept = out?;
    kept.extend_from_slice(bytes.get(copied..).unwrap_or_default());
    Some(kept)
}

/// `bytes` (a body to be kept in a file) with every known secret (given, or
/// learned as sent) replaced.
pub fn scrub_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    let given = scrub_bytes_with(bytes, known());
    match learned::read().as_ref() {
        Some(learned) => match scrub_bytes_with(&given, learned.needles()) {
            Cow::Owned(scrubbed) => Cow::Owned(scrubbed),
            Cow::Borrowed(_) => given,
        },
        None => given,
    }
}

fn scrub_bytes_with<'a>(bytes: &'a [u8], secrets: &Needles) -> Cow<'a, [u8]> {
    let scrubbed = match secrets.redacted(bytes) {
        Some(replaced) => Cow::Owned(replaced),
        None => Cow::Borrowed(bytes),
    };
    match withhold_echoing_tokens(&scrubbed, &secrets.cores) {
        Some(replaced) => Cow::Owned(replaced),
        None => scrubbed,
    }
}

/// The forms of one length.
struct SameLength {
    len: usize,
    /// `BASE^(len-1)`: what the byte leaving the window weighs.
    top: u64,
    /// One bit per value of a hash's top 16 bits: most windows are turned away
    /// here, before a table lookup.
    filter: Vec<u64>,
    forms: HashMap<u64, Vec<Vec<u8>>>,
}

impl SameLength {
    fn bit(hash: u64) -> (usize, u64) {
        let top = usize::try_from(hash >> 48).unwrap_or(0);
        (top / 64, 1u64 << (top % 64))
    }

    fn may_hold(&self, hash: u64) -> bool {
        let (word, mask) = Self::bit(hash);
        self.filter.get(word).is_some_and(|bits| bits & mask != 0)
    }
}

/// Multiplier of the rolling hash (mod 2^64).
const BASE: u64 = 0x100_0000_01b3;

/// The forms searched for, grouped by length: one rolling-hash pass over a
/// text per length, however many forms (a kept body of megabytes is scanned a
/// few times, not once per piece of every secret).
pub struct Needles {
    by_len: Vec<SameLength>,
    /// The secrets alone, for the token pass ([`withhold_echoing_tokens`]).
    cores: Vec<String>,
}

impl Needles {
    /// Also withholds every token that echoes one of `cores` in a spelling no
    /// form covers ([`txstatus_core::echoes_secret`]).
    fn with_cores(mut self, cores: Vec<String>) -> Self {
        self.set_cores(cores);
        self
    }

    /// Replaces the secrets the token pass reads closely.
    fn set_cores(&mut self, cores: Vec<String>) {
        self.cores = cores
            .into_iter()
            .filter(|core| core.chars().count() >= MIN_LEN)
            .collect();
    }

    fn new(forms: Vec<String>) -> Self {
        let mut needles = Self {
            by_len: Vec::new(),
            cores: Vec::new(),
        };
        needles.add(forms);
        needles
    }

    /// Adds `forms` to the search.
    fn add(&mut self, forms: Vec<String>) {
        for form in forms {
            let bytes = form.into_bytes().to_ascii_lowercase();
            let len = bytes.len();
            if len == 0 {
                continue;
            }
            let slot = match self.by_len.iter().position(|group| group.len == len) {
                Some(slot) => slot,
                None => {
                    self.by_len.push(SameLength {
                        len,
                        top: (1..len).fold(1u64, |p, _| p.wrapping_mul(BASE)),
                        filter: vec![0; 1024],
                        forms: HashMap::new(),
                    });
                    self.by_len.len().saturating_sub(1)
                }
            };
            if let Some(group) = self.by_len.get_mut(slot) {
                let hashed = hash(&bytes);
                let (word, mask) = SameLength::bit(hashed);
                if let Some(bits) = group.filter.get_mut(word) {
                    *bits |= mask;
                }
                let forms = group.forms.entry(hashed).or_default();
                if !forms.contains(&bytes) {
                    forms.push(bytes);
                }
            }
        }
    }

    /// `bytes` with every run covered by a form, in any ASCII case, replaced by
    /// one `[redacted]`; `None` when nothing matched. A secret is also found
    /// escaped the way any encoder writes it, percent-encoding (each character
    /// escaped or not, `+` for a space or not) or a JSON string's escapes
    /// (`\u0070`, `\/`): the search runs again on the text decoded, and a match
    /// there hides the escapes it came from (a kept body is the provider's bytes,
    /// which JSON lets spell a key in `\uXXXX` escapes only).
    fn redacted(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        if self.by_len.is_empty() {
            return None;
        }
        let mut covered = self.covered(bytes);
        for escapes in [Escapes::Percent, Escapes::PercentPlus, Escapes::Json] {
            let Some((decoded, origin)) = decoded(bytes, escapes) else {
                continue;
            };
            let Some(marks) = self.covered(&decoded) else {
                continue;
            };
            let all = covered.get_or_insert_with(|| vec![false; bytes.len()]);
            for (hidden, range) in marks.into_iter().zip(origin) {
                if hidden && let Some(span) = all.get_mut(range) {
                    span.fill(true);
                }
            }
        }
        let covered = covered?;
        let mut out = Vec::with_capacity(bytes.len());
        let mut in_secret = false;
        for (byte, hidden) in bytes.iter().zip(covered) {
            if hidden {
                if !in_secret {
                    out.extend_from_slice(REDACTED.as_bytes());
                }
            } else {
                out.push(*byte);
            }
            in_secret = hidden;
        }
        Some(out)
    }

    /// Which bytes of `bytes` a form covers, in any ASCII case; `None` when none.
    fn covered(&self, bytes: &[u8]) -> Option<Vec<bool>> {
        let lower = bytes.to_ascii_lowercase();
        let mut covered: Option<Vec<bool>> = None;
        for group in &self.by_len {
            let Some(first) = lower.get(..group.len) else {
                continue;
            };
            let mut rolling = hash(first);
            let mut start = 0usize;
            loop {
                let end = start.saturating_add(group.len);
                if group.may_hold(rolling)
                    && let Some(forms) = group.forms.get(&rolling)
                    && let Some(window) = lower.get(start..end)
                    && forms.iter().any(|form| form.as_slice() == window)
                {
                    let marks = covered.get_or_insert_with(|| vec![false; bytes.len()]);
                    if let Some(range) = marks.get_mut(start..end) {
                        range.fill(true);
                    }
                }
                let (Some(out), Some(next)) = (lower.get(start), lower.get(end)) else {
                    break;
                };
                rolling = rolling
                    .wrapping_sub(u64::from(*out).wrapping_mul(group.top))
                    .wrapping_mul(BASE)
                    .wrapping_add(u64::from(*next));
                start = start.saturating_add(1);
            }
        }
        covered
    }
}

/// The escapes a text may spell a secret in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Escapes {
    /// `%XX`.
    Percent,
    /// `%XX`, and `+` for a space (HTML forms, Python's `quote_plus`).
    PercentPlus,
    /// A JSON string's: `\uXXXX` (surrogate pairs included) and `\"`, `\\`, `\/`,
    /// `\b`, `\f`, `\n`, `\r`, `\t`.
    Json,
}

/// `bytes` with every escape of `escapes` decoded, with the range of `bytes`
/// each decoded byte came from; `None` when there is nothing to decode.
fn decoded(bytes: &[u8], escapes: Escapes) -> Option<(Vec<u8>, Vec<Range<usize>>)> {
    let escaped = match escapes {
        Escapes::Percent => bytes.contains(&b'%'),
        Escapes::PercentPlus => bytes.contains(&b'%') || bytes.contains(&b'+'),
        Escapes::Json => bytes.contains(&b'\\'),
    };
    if !escaped {
        return None;
    }
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut origin = Vec::with_capacity(bytes.len());
    let mut at = 0usize;
    while let Some(&byte) = bytes.get(at) {
        let escape = match escapes {
            Escapes::Json => json_escape(bytes, at),
            Escapes::Percent | Escapes::PercentPlus => percent_escape(bytes, at),
        };
        let (value, width) = match escape {
            Some(found) => found,
            None if escapes == Escapes::PercentPlus && byte == b'+' => (' ', 1),
            None => {
                decoded.push(byte);
                origin.push(at..at.saturating_add(1));
                at = at.saturating_add(1);
                continue;
            }
        };
        let end = at.saturating_add(width);
        let mut units = [0u8; 4];
        for unit in value.encode_utf8(&mut units).bytes() {
            decoded.push(unit);
            origin.push(at..end);
        }
        at = end;
    }
    Some((decoded, origin))
}

/// The value of one hexadecimal digit.
fn hex_digit(byte: Option<&u8>) -> Option<u32> {
    byte.and_then(|&byte| char::from(byte).to_digit(16))
}

/// The byte a `%XX` escape at `at` stands for.
fn percent_byte(bytes: &[u8], at: usize) -> Option<u8> {
    if bytes.get(at) != Some(&b'%') {
        return None;
    }
    let high = hex_digit(bytes.get(at.saturating_add(1)))?;
    let low = hex_digit(bytes.get(at.saturating_add(2)))?;
    u8::try_from(high * 16 + low).ok()
}

/// A `%XX` escape of an ASCII character at `at`: the character and the width.
fn percent_escape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    // Only ASCII: a secret's other bytes are escaped in runs no single `char` holds.
    let value = percent_byte(bytes, at).filter(u8::is_ascii)?;
    Some((char::from(value), 3))
}

/// `\uXXXX` at `at`: its code unit.
fn json_unit(bytes: &[u8], at: usize) -> Option<u32> {
    if bytes.get(at) != Some(&b'\\') || bytes.get(at.saturating_add(1)) != Some(&b'u') {
        return None;
    }
    (2..6).try_fold(0u32, |unit, offset| {
        Some(unit * 16 + hex_digit(bytes.get(at.saturating_add(offset)))?)
    })
}

/// A JSON string escape at `at`: the character and the width.
fn json_escape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    if bytes.get(at) != Some(&b'\\') {
        return None;
    }
    let simple = match bytes.get(at.saturating_add(1)) {
        Some(b'"') => Some('"'),
        Some(b'\\') => Some('\\'),
        Some(b'/') => Some('/'),
        Some(b'b') => Some('\u{8}'),
        Some(b'f') => Some('\u{c}'),
        Some(b'n') => Some('\n'),
        Some(b'r') => Some('\r'),
        Some(b't') => Some('\t'),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((c, 2));
    }
    let unit = json_unit(bytes, at)?;
    if let Some(c) = char::from_u32(unit) {
        return Some((c, 6));
    }
    // A high surrogate followed by a low one.
    let low = json_unit(bytes, at.saturating_add(6))?;
    if !(0xD800..0xDC00).contains(&unit) || !(0xDC00..0xE000).contains(&low) {
        return None;
    }
    let c = char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?;
    Some((c, 12))
}

fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |h, b| {
        h.wrapping_mul(BASE).wrapping_add(u64::from(*b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_secret_is_replaced_and_short_values_are_left_alone() {
        let secrets = Needles::new(forms([
            (var::PERSONA_API_KEY, "persona_live_KEY\"123".to_owned()),
            (
                var::PERSONA_WEBHOOK_SECRET,
                "whsec_old, whsec_new_one".to_owned(),
            ),
            (
                var::CM_IDSCAN_WEBHOOK_HEADER,
                "X-Hook: header-value-9".to_owned(),
            ),
            (
                SHARED_REDIS_URL,
                "redis://user:hunter2pass@127.0.0.1:6379/0".to_owned(),
            ),
            (var::ONESPAN_TOKEN, "abc".to_owned()),
            (
                "https_proxy",
                "http://corp%5Cuser:pr0xy%2Bpassw0rd@proxy.corp.invalid:3128".to_owned(),
            ),
        ]));
        for (text, hidden) in [
            ("request id persona_live_KEY\"123", "persona_live_KEY"),
            (r#"{"id":"persona_live_KEY\"123"}"#, "persona_live_KEY"),
            ("k=persona_live_KEY%22123", "persona_live_KEY"),
            ("whsec_new_one refused", "whsec_new_one"),
            ("header-value-9 refused", "header-value-9"),
            ("auth hunter2pass failed", "hunter2pass"),
            ("proxy said pr0xy+passw0rd", "pr0xy+passw0rd"),
            ("proxy said pr0xy%2Bpassw0rd", "pr0xy%2Bpassw0rd"),
        ] {
            let scrubbed = scrub_with(text, &secrets);
            assert!(!scrubbed.contains(hidden), "{scrubbed}");
            assert!(scrubbed.contains(REDACTED), "{scrubbed}");
            let bytes = scrub_bytes_with(text.as_bytes(), &secrets);
            assert_eq!(bytes.as_ref(), scrubbed.as_bytes());
        }
        assert_eq!(scrub_with("abc abc", &secrets), "abc abc");
        // A proxy's host and user are not secrets: only its password is searched for.
        assert_eq!(
            scrub_with("via proxy.corp.invalid:3128", &secrets),
            "via proxy.corp.invalid:3128"
        );
        assert!(matches!(scrub_with("nothing", &secrets), Cow::Borrowed(_)));
    }

    #[test]
    fn a_redis_password_in_any_url_spelling_is_replaced_as_sent_and_as_decoded() {
        for (url, sent) in [
            // User info, percent-encoded: the server is sent (and may echo) it decoded.
            (
                "redis://user:Sup3r%2FS3cr3t%402026%21@127.0.0.1:6379/0",
                "Sup3r/S3cr3t@2026!",
            ),
            (
                "rediss://:p%40ss%3Aw0rd%2F%3F@cache.internal:6380",
                "p@ss:w0rd/?",
            ),
            // The query's spellings (redis+unix:// sends `pass`).
            (
                "redis+unix:///run/redis.sock?db=1&pass=Unix%2BSock+Pw-42",
                "Unix+Sock Pw-42",
            ),
            ("unix:///run/redis.sock?pass=UnixSockPw-42", "UnixSockPw-42"),
            (
                "redis://127.0.0.1:6379/0?password=Query%20Pw%2F9876",
                "Query Pw/9876",
            ),
        ] {
            let secrets = Needles::new(forms([(SHARED_REDIS_URL, url.to_owned())]));
            for text in [
                format!("redis command failed: ({sent})"),
                format!("{{\"detail\":\"{sent} refused\"}}"),
            ] {
                let scrubbed = scrub_with(&text, &secrets);
                assert!(!scrubbed.contains(sent), "{url}: {scrubbed}");
                assert!(scrubbed.contains(REDACTED), "{url}: {scrubbed}");
            }
        }
        // A URL without a password adds nothing but itself.
        let secrets = Needles::new(forms([(
            SHARED_REDIS_URL,
            "redis://127.0.0.1:6379/0?protocol=resp3".to_owned(),
        )]));
        assert_eq!(scrub_with("127.0.0.1 resp3", &secrets), "127.0.0.1 resp3");
    }

    #[test]
    fn a_secret_echoed_in_another_case_encoding_or_in_pieces_is_replaced() {
        const KEY: &str = "persona_live_EchoKey+Zq/90abCDef";
        let secrets = Needles::new(forms([(var::PERSONA_API_KEY, KEY.to_owned())]));
        let b64 = |text: &str| base64_forms(text).swap_remove(1);
        for (text, hidden) in [
            (KEY.to_ascii_uppercase(), "ECHOKEY"),
            (KEY.to_ascii_lowercase(), "echokey"),
            (
                "token=persona_live_EchoKey%2bZq%2f90abCDef".to_owned(),
                "EchoKey",
            ),
            (format!("request id {}", b64(KEY)), &b64(KEY)[4..20]),
            (
                format!("Basic {}", b64(&format!("xx{KEY}"))),
                &b64(&format!("xx{KEY}"))[8..24],
            ),
            (format!("id {}", hex_form(KEY)), &hex_form(KEY)[10..40]),
            // Cut short, or split in halves over two fields.
            (
                "key persona_live_EchoKey... is invalid".to_owned(),
                "EchoKey",
            ),
            (
                r#"{"a":"persona_live_Ech","b":"oKey+Zq/90abCDef"}"#.to_owned(),
                "90abCDef",
            ),
        ] {
            let scrubbed = scrub_with(&text, &secrets);
            assert!(
                !scrubbed
                    .to_ascii_lowercase()
                    .contains(&hidden.to_ascii_lowercase()),
                "{text} -> {scrubbed}"
            );
            assert!(scrubbed.contains(REDACTED), "{scrubbed}");
            let bytes = scrub_bytes_with(text.as_bytes(), &secrets);
            assert_eq!(bytes.as_ref(), scrubbed.as_bytes());
        }
        // A run of a low-entropy secret is not searched for on its own: ids
        // that share it stay.
        let uuid = Needles::new(forms([(
            var::CM_IDIN_MERCHANT_TOKEN,
            "00000000-0000-4000-8000-0000000001d1".to_owned(),
        )]));
        let id = "00000000-0000-4000-9000-000000000007";
        assert_eq!(scrub_with(id, &uuid), id);
        // The provider's name and ordinary words stay.
        let text = "persona: HTTP 401 (unauthorized) for live keys";
        assert_eq!(scrub_with(text, &secrets), text);
        // Non-ASCII around a match stays valid text.
        let text = format!("é{}ü", KEY.to_ascii_uppercase());
        assert_eq!(scrub_with(&text, &secrets), "é[redacted]ü");
    }

    #[test]
    fn a_secret_percent_encoded_by_any_encoder_is_replaced_with_its_escapes() {
        const KEY: &str = "Ab3$%/+ key=9";
        let secrets = Needles::new(forms([(var::CM_CHECKOUT_CLIENT_SECRET, KEY.to_owned())]));
        for text in [
            // Python's quote (keeps `/`), quote_plus (space as `+`), lower-case
            // escapes, JavaScript's encodeURI (keeps `$/+=`).
            "s=Ab3%24%25/%2B%20key%3D9&x=1",
            "s=Ab3%24%25%2F%2B+key%3D9&x=1",
            "s=ab3%24%25%2f%2b%20KEY%3d9&x=1",
            "s=Ab3$%25/+%20key=9&x=1",
        ] {
            let scrubbed = scrub_with(text, &secrets);
            assert_eq!(scrubbed, "s=[redacted]&x=1", "{text}");
            let bytes = scrub_bytes_with(text.as_bytes(), &secrets);
            assert_eq!(bytes.as_ref(), scrubbed.as_bytes());
        }
        // Escapes that hold no secret stay as sent.
        let text = "a%20b+c %zz %";
        assert_eq!(scrub_with(text, &secrets), text);
    }

    #[test]
    fn a_secret_spelled_in_json_escapes_is_replaced_with_its_escapes() {
        const KEY: &str = "persona-key-SECRET-0123456789abcdef";
        let secrets = Needles::new(forms([(var::PERSONA_API_KEY, KEY.to_owned())]));
        let every: String = KEY
            .chars()
            .map(|c| format!("\\u{:04X}", u32::from(c)))
            .collect();
        let dashes = KEY.replace('-', "\\u002d");
        for text in [
            format!(r#"{{"a":"{every}","b":1}}"#),
            format!(r#"{{"a":"{dashes}","b":1}}"#),
            format!(
                r#"{{"a":"{}","b":1}}"#,
                KEY.replace("SECRET", "\\u0053\\u0045CRET")
            ),
        ] {
            let scrubbed = scrub_with(&text, &secrets);
            assert_eq!(scrubbed, r#"{"a":"[redacted]","b":1}"#, "{text}");
            let bytes = scrub_bytes_with(text.as_bytes(), &secrets);
            assert_eq!(bytes.as_ref(), scrubbed.as_bytes());
        }
        // Escapes that hold no secret stay as sent, broken ones included.
        let text = r#"{"a":"\u00e9\ud83d\ude00\n\u12","b":"\\"}"#;
        assert_eq!(scrub_with(text, &secrets), text);
    }
}
