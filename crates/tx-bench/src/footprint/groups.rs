//! Which crates a provider adds over the baseline, grouped by the added crate that
//! brings them in (`ring` brings `getrandom` and `cfg-if`), with who depends on it.

use std::collections::{BTreeMap, BTreeSet};

use crate::footprint::tree::{CrateId, Tree, crate_name};

/// Added crates that come in together.
#[derive(Clone, Debug, Default)]
pub struct Group {
    /// The added crate that brings the others (`name vX.Y.Z`).
    pub head: CrateId,
    /// Names of the crates that depend on the head (`txstatus-core`, `rustls`, the provider).
    pub wanted_by: BTreeSet<String>,
    /// The head and everything it alone brings.
    pub members: BTreeSet<CrateId>,
}

/// Groups the crates of `tree` that `baseline` lacks. The provider crate itself and
/// `txstatus-core` head their own one-crate groups; a crate belongs to the group of the first
/// added crate (other than those two) on its path from the root.
pub fn added(tree: &Tree, baseline: &BTreeSet<CrateId>) -> Vec<Group> {
    let is_added = |id: &CrateId| !baseline.contains(id);
    let transparent = |id: &CrateId| *id == tree.root || crate_name(id) == "txstatus-core";
    let mut groups: BTreeMap<CrateId, Group> = BTreeMap::new();
    groups.insert(
        tree.root.clone(),
        Group {
            head: tree.root.clone(),
            members: BTreeSet::from([tree.root.clone()]),
            ..Group::default()
        },
    );
    for occurrence in &tree.occurrences {
        if !is_added(&occurrence.id) {
            continue;
        }
        let head_index = occurrence
            .ancestors
            .iter()
            .position(|a| is_added(a) && !transparent(a));
        let (head, parent) = match head_index {
            Some(index) => (
                occurrence.ancestors.get(index).cloned().unwrap_or_default(),
                index
                    .checked_sub(1)
                    .and_then(|i| occurrence.ancestors.get(i)),
            ),
            None => (occurrence.id.clone(), occurrence.ancestors.last()),
        };
        let group = groups.entry(head.clone()).or_insert_with(|| Group {
            head: head.clone(),
            ..Group::default()
        });
        group.members.insert(occurrence.id.clone());
        if head == occurrence.id
            && let Some(parent) = parent
        {
            group.wanted_by.insert(crate_name(parent).to_owned());
        }
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::added;
    use crate::footprint::tree::parse;

    #[test]
    fn added_crates_are_grouped_under_the_first_added_ancestor() {
        let text = "0cm-idin v0.1.0 (/x)\n1txstatus-core v0.1.0 (/y)\n2reqwest v0.13.0\n3rustls v0.23.1\n4ring v0.17.14\n5getrandom v0.2.0\n2ring v0.17.14 (*)\n2httpdate v1.0.3\n1serde v1.0.0\n";
        let baseline: BTreeSet<String> = ["reqwest v0.13.0", "rustls v0.23.1", "serde v1.0.0"]
            .map(String::from)
            .into();
        let groups = added(&parse(text), &baseline);
        let heads: Vec<&str> = groups.iter().map(|g| g.head.as_str()).collect();
        assert_eq!(
            heads,
            [
                "cm-idin v0.1.0",
                "httpdate v1.0.3",
                "ring v0.17.14",
                "txstatus-core v0.1.0"
            ]
        );
        let ring = &groups[2];
        assert_eq!(ring.members.len(), 2);
        assert_eq!(
            ring.wanted_by.iter().collect::<Vec<_>>(),
            ["rustls", "txstatus-core"]
        );
    }
}
