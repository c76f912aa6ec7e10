//! The critical path of a cold build, read from cargo's `--timings` report.
//!
//! Cargo writes the units of a build into the HTML report as a JSON array
//! (`UNIT_DATA = [...]`); each unit lists the units it unblocked, that is, the ones
//! it was the last dependency of. Walking back from the unit that finished last, the
//! unit that unblocked each one is the step before it on the critical path.

use std::collections::HashMap;

use serde::Deserialize;

/// One unit of the build as cargo reports it.
#[derive(Clone, Debug, Deserialize)]
pub struct Unit {
    /// Cargo's index of the unit.
    pub i: u64,
    /// Package name.
    pub name: String,
    /// `""` for a library, ` build-script`, ` build-script (run)`, ` proc-macro`, ...
    #[serde(default)]
    pub target: String,
    /// Seconds from the build's start.
    pub start: f64,
    /// Seconds the unit took.
    pub duration: f64,
    /// Units that could start once this one finished.
    #[serde(default)]
    pub unblocked_units: Vec<u64>,
    /// Units that could start once this one's metadata was written.
    #[serde(default)]
    pub unblocked_rmeta_units: Vec<u64>,
}

/// One step of the critical path.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// `package` or `package (build-script)` and so on.
    pub label: String,
    /// Seconds the unit took.
    pub duration: f64,
    /// Seconds from the build's start to the unit's start.
    pub start: f64,
}

/// The units of the report at `html`, or `None` when the array is not found.
pub fn units(html: &str) -> Option<Vec<Unit>> {
    let start = html
        .find("UNIT_DATA = ")?
        .checked_add("UNIT_DATA = ".len())?;
    let rest = html.get(start..)?;
    let end = rest.find("];")?.checked_add(1)?;
    serde_json::from_str(rest.get(..end)?).ok()
}

/// The chain of units that ended the build, first to last.
pub fn critical_path(units: &[Unit]) -> Vec<Step> {
    let by_index: HashMap<u64, &Unit> = units.iter().map(|u| (u.i, u)).collect();
    let mut unblocked_by: HashMap<u64, u64> = HashMap::new();
    for unit in units {
        for next in unit
            .unblocked_units
            .iter()
            .chain(&unit.unblocked_rmeta_units)
        {
            unblocked_by.insert(*next, unit.i);
        }
    }
    let Some(mut current) = units
        .iter()
        .max_by(|a, b| (a.start + a.duration).total_cmp(&(b.start + b.duration)))
    else {
        return Vec::new();
    };
    let mut path = vec![step(current)];
    // Bounded by the number of units, so a malformed report cannot loop.
    for _ in 0..units.len() {
        let Some(previous) = unblocked_by.get(&current.i).and_then(|i| by_index.get(i)) else {
            break;
        };
        current = previous;
        path.push(step(current));
    }
    path.reverse();
    path
}

fn step(unit: &Unit) -> Step {
    let kind = unit.target.trim();
    Step {
        label: if kind.is_empty() {
            unit.name.clone()
        } else {
            format!("{} ({kind})", unit.name)
        },
        duration: unit.duration,
        start: unit.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = r#"<script>
const UNIT_DATA = [
  {"i": 1, "name": "proc-macro2", "target": " build-script", "start": 0.2, "duration": 0.9,
   "unblocked_units": [2], "unblocked_rmeta_units": []},
  {"i": 2, "name": "syn", "target": "", "start": 1.1, "duration": 7.0,
   "unblocked_units": [3], "unblocked_rmeta_units": []},
  {"i": 4, "name": "ring", "target": " build-script (run)", "start": 0.3, "duration": 9.0,
   "unblocked_units": [], "unblocked_rmeta_units": []},
  {"i": 3, "name": "serde_derive", "target": " proc-macro", "start": 8.1, "duration": 3.0,
   "unblocked_units": [5], "unblocked_rmeta_units": []},
  {"i": 5, "name": "footprint-x", "target": " bin", "start": 11.1, "duration": 2.0,
   "unblocked_units": [], "unblocked_rmeta_units": []}
];
const CONCURRENCY_DATA = [];
</script>"#;

    #[test]
    fn the_path_follows_the_last_unblocking_unit_back_from_the_last_to_finish() {
        let units = units(REPORT).unwrap();
        let path: Vec<String> = critical_path(&units).into_iter().map(|s| s.label).collect();
        // ring ran long, but nothing waited for it last: it is not on the path.
        assert_eq!(
            path,
            [
                "proc-macro2 (build-script)",
                "syn",
                "serde_derive (proc-macro)",
                "footprint-x (bin)"
            ]
        );
    }

    #[test]
    fn a_report_without_units_gives_nothing() {
        assert!(units("<html></html>").is_none());
        assert!(critical_path(&[]).is_empty());
    }
}
