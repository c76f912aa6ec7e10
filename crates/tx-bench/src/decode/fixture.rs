//! Finds the fixture a decode case runs on.

use std::path::Path;

use serde_json::Value;

use crate::decode::cases::{Case, DecodeFn, Pick, decode_into};
use crate::error::{BenchError, Context, Result};
use crate::paths;

/// The bytes a case decodes, and where they came from.
#[derive(Clone, Debug)]
pub struct Fixture {
    /// File name under `fixtures/<dir>/`, or a note that it was synthesized.
    pub name: String,
    /// The body.
    pub bytes: Vec<u8>,
}

/// The fixture for `case`.
pub fn pick(case: &Case) -> Result<Fixture> {
    let dir = paths::fixtures_dir(case.dir);
    match case.pick {
        Pick::Largest { include, exclude } => largest(&dir, include, exclude, case.typed),
        Pick::PersonaLarge(name) => match std::fs::read(dir.join(name)) {
            Ok(bytes) => Ok(Fixture {
                name: name.to_owned(),
                bytes,
            }),
            Err(_) => synthesize_large(&dir, case.typed),
        },
        Pick::File(name) => Ok(Fixture {
            name: name.to_owned(),
            bytes: std::fs::read(dir.join(name)).context(name)?,
        }),
    }
}

fn decodes_both_ways(bytes: &[u8], typed: DecodeFn) -> bool {
    typed(bytes).is_ok() && decode_into::<Value>(bytes).is_ok()
}

fn largest(dir: &Path, include: &[&str], exclude: &[&str], typed: DecodeFn) -> Result<Fixture> {
    let mut candidates = Vec::new();
    for entry in std::fs::read_dir(dir).context(&dir.display().to_string())? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let wanted = name.ends_with(".json")
            && (include.is_empty() || include.iter().any(|p| name.starts_with(p)))
            && !exclude.iter().any(|p| name.starts_with(p));
        if wanted {
            candidates.push((entry.metadata()?.len(), name, entry.path()));
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    for (_, name, path) in candidates {
        let bytes = std::fs::read(&path)?;
        if decodes_both_ways(&bytes, typed) {
            return Ok(Fixture { name, bytes });
        }
    }
    Err(BenchError::new(format!(
        "no fixture in {} decodes into the main model",
        dir.display()
    )))
}

/// A ~20 KB Persona transaction: the largest fixture with its `included` verifications
/// repeated (with new ids) until the body passes 20 KB.
fn synthesize_large(dir: &Path, typed: DecodeFn) -> Result<Fixture> {
    let base = largest(dir, &["transaction-"], &["transaction-list"], typed)?;
    let mut document: Value = serde_json::from_slice(&base.bytes)?;
    let included: Vec<Value> = document
        .get("included")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let verifications: Vec<Value> = included
        .iter()
        .filter(|item| {
            item.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.starts_with("verification/"))
        })
        .cloned()
        .collect();
    let mut copy = 0usize;
    while serde_json::to_vec(&document)?.len() < 20_000 && !verifications.is_empty() {
        for item in &verifications {
            let mut item = item.clone();
            if let Some(id) = item.get_mut("id") {
                *id = Value::String(format!("ver_SynthBench{copy:04}"));
            }
            copy += 1;
            if let Some(list) = document.get_mut("included").and_then(Value::as_array_mut) {
                list.push(item);
            }
        }
    }
    let bytes = serde_json::to_vec(&document)?;
    if !decodes_both_ways(&bytes, typed) {
        return Err(BenchError::new(
            "the synthesized Persona transaction does not decode",
        ));
    }
    Ok(Fixture {
        name: format!(
            "synthesized from {} ({copy} extra verifications)",
            base.name
        ),
        bytes,
    })
}
