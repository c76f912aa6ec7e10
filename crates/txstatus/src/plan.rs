//! Everything checked before a request: options, id, credentials, base URL, and
//! the files the answer will be kept in.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use txstatus_core::{RateLimiter, StatusSource};

use crate::{
    cli::{ProviderName, Target},
    clients::{Built, Setup},
    failure::Failure,
    idin,
    keep::{self, Reserved},
    text::escape,
};

/// Where the answer goes.
#[derive(Debug)]
enum Sink {
    /// `--save-raw FILE`: the last body, whatever it holds.
    Raw(Reserved),
    /// cm-idin without `--save-raw`: the default file, kept only when the answer
    /// carries (or may carry) the identity.
    IdinDefault(Reserved),
}

/// A ready source plus the reserved files.
pub struct Plan {
    /// The provider client, behind the shared view (iDIN's behind [`idin::Guard`]).
    pub source: Box<dyn StatusSource>,
    /// The ID Scan client itself, for `get cm-idscan --result`.
    pub idscan: Option<cm_idscan::Client>,
    /// The OneSpan client itself, for `get onespan --outcome`.
    pub onespan: Option<onespan_tx::Client>,
    provider: ProviderName,
    id: String,
    sink: Mutex<Option<Sink>>,
    fallbacks: Vec<PathBuf>,
}

/// What became of the answer's bytes.
#[derive(Debug, Default)]
pub struct Kept {
    /// The file holding them.
    pub path: Option<PathBuf>,
    /// The file the user named could not be written (exit 1 after printing).
    pub primary_failed: bool,
}

impl Plan {
    /// Validates the target and builds the client; every failure here is a usage
    /// error and no request has been sent.
    pub fn prepare(target: &Target) -> Result<Self, Failure> {
        Self::prepare_limited(target, None)
    }

    /// [`prepare`](Self::prepare), the client limited by `limiter` (`watch
    /// --rate-limit`: the budget shared through Redis, or an in-process one).
    pub fn prepare_limited(
        target: &Target,
        limiter: Option<Arc<dyn RateLimiter>>,
    ) -> Result<Self, Failure> {
        check_options(target)?;
        if let Some(problem) = txstatus_core::provider::id_problem(&target.id) {
            return Err(Failure::usage(format!("invalid transaction id: {problem}")));
        }
        let Built {
            source,
            idscan,
            onespan,
        } = (target.provider.info().build)(target, &Setup::process(limiter.as_ref()))?;
        let save_dir = keep::save_dir(target.save_dir.as_deref());
        let sink = reserve(target, save_dir.as_deref())?;
        let fallbacks = match &sink {
            Some(Sink::Raw(_)) => save_dir.into_iter().chain([std::env::temp_dir()]).collect(),
            _ => vec![std::env::temp_dir()],
        };
        Ok(Self {
            source,
            idscan,
            onespan,
            provider: target.provider,
            id: target.id.clone(),
            sink: Mutex::new(sink),
            fallbacks,
        })
    }

    /// Keeps the body of the answer the command ends with, before anything is
    /// printed, and says on stderr where it went (or why it could not).
    pub fn keep(&self, bytes: Option<&[u8]>) -> Kept {
        self.keep_body(bytes, true)
    }

    /// Keeps the body of an error the command ends with: `--save-raw` takes any;
    /// iDIN's default file only one that came with a success status line (a body
    /// that failed to decode or was cut short can hold the identity; a 403 cannot).
    pub fn keep_error(&self, error: &txstatus_core::Error) -> Kept {
        let success_line = error.status().is_none_or(|s| (200..300).contains(&s));
        self.keep_body(error.body().map(|b| b.as_bytes()), success_line)
    }

    /// Keeps a body read earlier: `success_line` says whether it came with a 2xx
    /// status line (iDIN's default file keeps no other: see [`Plan::keep_error`]).
    pub fn keep_read(&self, bytes: Option<&[u8]>, success_line: bool) -> Kept {
        self.keep_body(bytes, success_line)
    }

    fn keep_body(&self, bytes: Option<&[u8]>, success_line: bool) -> Kept {
        let sink = self.sink.lock().ok().and_then(|mut s| s.take());
        let (reserved, bytes) = match (sink, bytes) {
            (Some(Sink::Raw(reserved)), Some(bytes)) => (reserved, bytes),
            (Some(Sink::IdinDefault(reserved)), Some(bytes))
                if success_line && idin::must_keep(bytes) =>
            {
                (reserved, bytes)
            }
            (Some(Sink::Raw(reserved) | Sink::IdinDefault(reserved)), _) => {
                reserved.discard();
                return Kept::default();
            }
            (None, _) => return Kept::default(),
        };
        let saved = keep::write_with_fallback(
            reserved,
            bytes,
            &self.fallbacks,
            self.provider.as_str(),
            &self.id,
        );
        let quiet = self.provider != ProviderName::CmIdin && !saved.primary_failed;
        if !quiet {
            for note in &saved.notes {
                note!("txstatus: {}", escape(note));
            }
        }
        Kept {
            path: saved.path,
            primary_failed: saved.primary_failed,
        }
    }
}

/// The file the answer goes to. `save_dir` is `None` when the one given is blank:
/// refused where iDIN's identity would go there, else only not a fallback.
fn reserve(target: &Target, save_dir: Option<&Path>) -> Result<Option<Sink>, Failure> {
    if let Some(path) = &target.save_raw {
        return Reserved::create(path)
            .map(Sink::Raw)
            .map(Some)
            .map_err(|e| {
                let shown = escape(&path.display().to_string());
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Failure::usage(format!("--save-raw: {shown} already exists"))
                } else {
                    Failure::usage(format!("--save-raw: cannot create {shown}: {e}"))
                }
            });
    }
    if target.provider != ProviderName::CmIdin {
        return Ok(None);
    }
    let Some(save_dir) = save_dir else {
        return Err(Failure::usage(format!(
            "{} is empty or only whitespace: set it to a directory, or unset it to keep \
             the identity in the current directory",
            keep::SAVE_DIR_VAR
        )));
    };
    let reserved =
        Reserved::create_in(save_dir, target.provider.as_str(), &target.id).map_err(|e| {
            Failure::usage(format!(
                "cannot create the identity file in {}: {e} (use --save-dir DIR, \
                 {} or --save-raw FILE)",
                escape(&save_dir.display().to_string()),
                keep::SAVE_DIR_VAR
            ))
        })?;
    if keep::in_git_work_tree(save_dir) {
        note!(
            "txstatus: warning: {} is inside a git work tree; an identity saved there could \
             be committed by accident (use --save-dir or {})",
            escape(&save_dir.display().to_string()),
            keep::SAVE_DIR_VAR
        );
    }
    Ok(Some(Sink::IdinDefault(reserved)))
}

fn check_options(target: &Target) -> Result<(), Failure> {
    let misplaced = |flag: &str, owner: ProviderName| {
        Err(Failure::usage(format!(
            "{flag} applies to {}, not {}",
            owner.as_str(),
            target.provider.as_str()
        )))
    };
    if target.merchant_reference.is_some() && target.provider != ProviderName::CmIdin {
        return misplaced("--merchant-reference", ProviderName::CmIdin);
    }
    if target.save_dir.is_some() && target.provider != ProviderName::CmIdin {
        return misplaced("--save-dir", ProviderName::CmIdin);
    }
    if target.save_dir.as_deref().is_some_and(keep::is_blank) {
        return Err(Failure::usage("--save-dir is empty or only whitespace"));
    }
    if target.with_verifications && target.provider != ProviderName::Onespan {
        return misplaced("--with-verifications", ProviderName::Onespan);
    }
    if target.include.is_some() && target.provider != ProviderName::Persona {
        return misplaced("--include", ProviderName::Persona);
    }
    if target.provider == ProviderName::CmIdin && target.merchant_reference.is_none() {
        return Err(Failure::usage("cm-idin needs --merchant-reference REF"));
    }
    Ok(())
}
