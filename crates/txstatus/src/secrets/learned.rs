//! Credentials the CLI sent without having been given them: CM Checkout's
//! access token, fetched with the client credentials and sent on every read,
//! and the signature of each JWT ID Scan's client signs per request. A provider
//! may echo one into a document field or a kept body, so every client the CLI
//! builds reports what it sends (the transport's `on_credential_sent`) and the
//! scrubber withholds those too.

use std::{
    collections::VecDeque,
    sync::{PoisonError, RwLock},
};

use super::{Needles, forms_of, known, signed_with_one_of};

/// Most credentials searched for in every spelling the forms cover (whole, a
/// stretch of half of one, JSON, percent, hex, base64): a token endpoint that
/// issues a new token for every read cannot grow the search without bound.
/// Past it the oldest quarter is dropped (a process sending this many
/// different credentials has run through hundreds of token lifetimes).
const MAX_LEARNED: usize = 4096;

/// The newest credentials also searched for in the spellings only a token-by-
/// token reading finds ([`txstatus_core::echoes_secret`]: reversed, split by
/// separators, nested encodings): that reading costs per credential.
const MAX_READ_CLOSELY: usize = 64;

/// Shortest credential learned: a fetched token is a long random string; a
/// shorter one (`schema`, `null`) would match the CLI's own words and keys.
const MIN_LEARNED_LEN: usize = 16;

/// The credentials learned, oldest first, and their forms.
pub(super) struct Learned {
    secrets: VecDeque<String>,
    needles: Needles,
}

static LEARNED: RwLock<Option<Learned>> = RwLock::new(None);

/// Remembers `credential` (a header's token, as the transport sends it): of a
/// JWT signed with a configured key (ID Scan's, one per request), the signature
/// (its header and claims are public); a configured secret, or a token that is
/// short or holds characters no bearer token has (RFC 6750: letters, digits and
/// `-._~+/=`), is not learned: matched as text it would rewrite the CLI's own
/// output (a token `":null,"` would break a JSON line).
pub fn learn(credential: &str) {
    let credential = credential.trim();
    let configured = known();
    if configured.cores.iter().any(|core| core == credential) {
        return;
    }
    let credential = if signed_with_one_of(credential, &configured.cores) {
        credential.rsplit('.').next().unwrap_or_default()
    } else {
        credential
    };
    if credential.len() < MIN_LEARNED_LEN
        || !credential
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-._~+/=".contains(&byte))
    {
        return;
    }
    if read().as_ref().is_some_and(|learned| {
        learned
            .secrets
            .iter()
            .rev()
            .any(|secret| secret == credential)
    }) {
        return;
    }
    let mut guard = LEARNED.write().unwrap_or_else(PoisonError::into_inner);
    let learned = guard.get_or_insert_with(|| Learned {
        secrets: VecDeque::new(),
        needles: Needles::new(Vec::new()),
    });
    if learned.secrets.iter().any(|secret| secret == credential) {
        return;
    }
    learned.secrets.push_back(credential.to_owned());
    if learned.secrets.len() > MAX_LEARNED {
        learned.secrets.drain(..MAX_LEARNED / 4);
        learned.needles = Needles::new(forms_of(
            Vec::new(),
            learned.secrets.iter().cloned().collect(),
        ));
    } else {
        learned
            .needles
            .add(forms_of(Vec::new(), vec![credential.to_owned()]));
    }
    let recent: Vec<String> = learned
        .secrets
        .iter()
        .rev()
        .take(MAX_READ_CLOSELY)
        .cloned()
        .collect();
    learned.needles.set_cores(recent);
}

/// The credentials learned so far (`None` before the first), for a scrub.
pub(super) fn read() -> std::sync::RwLockReadGuard<'static, Option<Learned>> {
    LEARNED.read().unwrap_or_else(PoisonError::into_inner)
}

impl Learned {
    /// Their forms.
    pub(super) fn needles(&self) -> &Needles {
        &self.needles
    }
}
