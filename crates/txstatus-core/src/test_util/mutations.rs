//! The mutation sweep: one leaf of a fixture (a value, or a member's name)
//! replaced by personal data (an email address, a card number as text, as a
//! number and as a float, a BSN; a member renamed to the email address); the decoded model must
//! show none of it in `Debug`, the redacted JSON or the masked document, and a
//! body that no longer decodes must show none of it in its error. Each provider
//! crate's `tests/mutation_sweep.rs` runs it over its fixtures.

use std::fmt::Debug;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Map, Value, json};

use crate::{RawBody, mask_document, provider::decode_json_bytes, to_redacted_json};

/// What one decode shows: each place (`Debug`, redacted JSON, ...) and its text.
pub type Shown = Vec<(&'static str, String)>;

/// Decodes a body and renders what it shows, or the error's text.
pub type Render<'a> = &'a dyn Fn(&[u8]) -> Result<Shown, Shown>;

/// An owned [`Render`].
pub type Renderer = Box<dyn Fn(&[u8]) -> Result<Shown, Shown>>;

/// One planted value and the texts that must not appear because of it.
struct Plant {
    value: Value,
    needles: &'static [&'static str],
}

fn plants() -> Vec<Plant> {
    vec![
        Plant {
            value: json!("jane.doe@example.com"),
            needles: &["jane.doe@example.com"],
        },
        Plant {
            value: json!("4111111111111111"),
            needles: &["411111111111111"],
        },
        Plant {
            value: json!(4_111_111_111_111_111_u64),
            needles: &["411111111111111"],
        },
        Plant {
            value: json!(4_111_111_111_111_111.0_f64),
            needles: &["411111111111111", "4.11111111111111"],
        },
        Plant {
            value: json!("123456782"),
            needles: &["123456782"],
        },
    ]
}

/// What a model shows: `Debug` both ways, its redacted JSON and the raw body
/// masked by it.
pub fn render_model<T: Debug + Serialize>(raw: &[u8], model: &T) -> Shown {
    let mut shown = vec![
        ("Debug", format!("{model:?}")),
        ("Debug#", format!("{model:#?}")),
    ];
    match to_redacted_json(model) {
        Ok(redacted) => {
            shown.push(("redacted JSON", redacted.to_string()));
            if let Ok(raw) = serde_json::from_slice::<Value>(raw) {
                shown.push((
                    "masked document",
                    mask_document(&raw, &redacted).to_string(),
                ));
            }
        }
        Err(error) => shown.push(("redacted JSON error", error.to_string())),
    }
    shown
}

/// What an error shows: `Display` and `Debug` both ways.
pub fn render_error<E: std::fmt::Display + Debug>(error: &E) -> Shown {
    vec![
        ("error Display", error.to_string()),
        ("error Debug", format!("{error:?}")),
        ("error Debug#", format!("{error:#?}")),
    ]
}

/// The [`Renderer`] of a model the clients decode with `decode_json_bytes`.
pub fn decoded<T: DeserializeOwned + Debug + Serialize>(provider: &'static str) -> Renderer {
    Box::new(move |bytes| {
        match decode_json_bytes::<T>(provider, 200, &RawBody::from(bytes.to_vec())) {
            Ok(model) => Ok(render_model(bytes, &model)),
            Err(error) => Err(render_error(&error)),
        }
    })
}

/// The [`Renderer`] of a model read by its own parser (a webhook body).
pub fn parsed<T, E>(parse: impl Fn(&[u8]) -> Result<T, E> + 'static) -> Renderer
where
    T: Debug + Serialize,
    E: std::fmt::Display + Debug,
{
    Box::new(move |bytes| match parse(bytes) {
        Ok(model) => Ok(render_model(bytes, &model)),
        Err(error) => Err(render_error(&error)),
    })
}

/// Runs the sweep over one fixture; panics listing every leak found.
pub fn assert_mutations_hidden(fixture: &str, bytes: &[u8], render: Render<'_>) {
    let Ok(document) = serde_json::from_slice::<Value>(bytes) else {
        return;
    };
    let Ok(baseline) = render(bytes) else {
        panic!("{fixture} does not decode: the sweep would test its error only");
    };
    let (mut values, mut keys) = (Vec::new(), Vec::new());
    leaves(&document, String::new(), &mut values, &mut keys);
    let mut leaks = Vec::new();
    for plant in plants() {
        for pointer in &values {
            let mut mutated = document.clone();
            if let Some(leaf) = mutated.pointer_mut(pointer) {
                *leaf = plant.value.clone();
            }
            check(
                &mut leaks, fixture, pointer, &plant, &baseline, &mutated, render,
            );
        }
        // Member names: the email address only (a name is judged by one rule).
        let Some(name) = plant.value.as_str().filter(|name| name.contains('@')) else {
            continue;
        };
        for pointer in &keys {
            if let Some(mutated) = renamed(&document, pointer, name) {
                check(
                    &mut leaks, fixture, pointer, &plant, &baseline, &mutated, render,
                );
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

fn check(
    leaks: &mut Vec<String>,
    fixture: &str,
    pointer: &str,
    plant: &Plant,
    baseline: &Shown,
    mutated: &Value,
    render: Render<'_>,
) {
    let bytes = mutated.to_string().into_bytes();
    let shown = match render(&bytes) {
        Ok(shown) | Err(shown) => shown,
    };
    for (place, text) in &shown {
        let before = baseline
            .iter()
            .find(|(p, _)| p == place)
            .map_or("", |(_, t)| t.as_str());
        if let Some(needle) = plant
            .needles
            .iter()
            .find(|needle| text.matches(**needle).count() > before.matches(**needle).count())
        {
            leaks.push(format!(
                "{fixture} {pointer} = {}: {place} shows {needle}",
                plant.value
            ));
        }
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The JSON pointers of every scalar (`values`) and every member (`keys`).
fn leaves(value: &Value, at: String, values: &mut Vec<String>, keys: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let pointer = format!("{at}/{}", escape(key));
                keys.push(pointer.clone());
                leaves(member, pointer, values, keys);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                leaves(item, format!("{at}/{index}"), values, keys);
            }
        }
        _ => values.push(at),
    }
}

/// The document with the member at `pointer` renamed `name`, in its place.
fn renamed(document: &Value, pointer: &str, name: &str) -> Option<Value> {
    let mut document = document.clone();
    let (parent, last) = pointer.rsplit_once('/')?;
    let last = last.replace("~1", "/").replace("~0", "~");
    let Value::Object(members) = document.pointer_mut(parent)? else {
        return None;
    };
    if members.contains_key(name) {
        return None;
    }
    let renamed: Map<String, Value> = std::mem::take(members)
        .into_iter()
        .map(|(key, value)| {
            if key == last {
                (name.to_owned(), value)
            } else {
                (key, value)
            }
        })
        .collect();
    *members = renamed;
    Some(document)
}

/// Runs the sweep over each fixture named in `swept` (file names without
/// `.json`, under `dir`), with the renderers `renderers` gives for its name.
pub fn assert_fixtures_hidden(
    dir: &str,
    swept: &[&str],
    renderers: impl Fn(&str) -> Vec<Renderer>,
) {
    for name in swept {
        let path = format!("{dir}/{name}.json");
        let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
        let renderers = renderers(name);
        assert!(!renderers.is_empty(), "{name}: no model to sweep");
        for render in renderers {
            assert_mutations_hidden(name, &bytes, &*render);
        }
    }
}
