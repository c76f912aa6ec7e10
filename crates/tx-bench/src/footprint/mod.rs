//! Benchmark 3: what each provider crate costs a user — crates in its normal dependency
//! tree, the crates it adds over a hand-written-client baseline, and (full mode) the
//! cold release build time of a minimal program using only that crate.

mod build;
mod groups;
mod project;
pub mod timings;
pub mod tree;

use crate::error::{Context, Result};
use crate::footprint::build::ColdBuild;
use crate::footprint::groups::Group;
use crate::footprint::tree::{Tree, crate_name};
use crate::paths;
use crate::settings::Settings;
use crate::stats::Ratio;
use crate::target::{Goal, Verdict};

/// A provider may build in at most this multiple of the baseline's time.
pub const TARGET_BUILD_RATIO: f64 = 1.10;
/// [`TARGET_BUILD_RATIO`] as a goal judged on the interval of the per-round ratios.
pub const TARGET_BUILD: Goal = Goal::AtMost(TARGET_BUILD_RATIO);

/// Direct dependencies a provider may add over the baseline (besides what its auth
/// needs): the list.
pub const ALLOWED_DIRECT: [&str; 5] = [
    "txstatus-core",
    "serde_with",
    "time",
    "secrecy",
    "async-trait",
];

/// What TLS and the providers' auth need: a crypto provider (ring: TLS, and HS256 for
/// ID Scan's JWTs), the roots, and rustls with that provider enabled.
pub const AUTH_NEEDS: [&str; 3] = ["ring", "rustls", "webpki-roots"];

/// One provider crate.
#[derive(Clone, Debug)]
pub struct FootprintRow {
    /// Crate name.
    pub crate_name: String,
    /// Crates in its normal tree, itself included.
    pub crates: usize,
    /// Crates it adds over the baseline (itself and txstatus-core included), grouped.
    pub added: Vec<Group>,
    /// Cold release build of the minimal program, s: the median of the rounds (full mode).
    pub build_s: Option<f64>,
    /// Wall time ÷ the TLS baseline's in the same round, one value per round.
    pub build_ratio: Option<Ratio>,
    /// CPU time ÷ the TLS baseline's in the same round.
    pub cpu_ratio: Option<Ratio>,
    /// Its critical path in the first round (full mode).
    pub critical_path: Vec<timings::Step>,
}

impl FootprintRow {
    /// How many crates it adds over the baseline.
    pub fn added_count(&self) -> usize {
        self.added.iter().map(|g| g.members.len()).sum()
    }

    /// Whether a group's head is allowed by the target: the crate itself, one of
    /// [`ALLOWED_DIRECT`], or one of [`AUTH_NEEDS`].
    pub fn allowed(&self, group: &Group) -> bool {
        let head = crate_name(&group.head);
        head == self.crate_name || ALLOWED_DIRECT.contains(&head) || AUTH_NEEDS.contains(&head)
    }

    /// The build-time verdict (`None` without cold builds).
    pub fn build_verdict(&self) -> Option<Verdict> {
        self.build_ratio
            .as_ref()
            .map(|r| TARGET_BUILD.judge(&r.interval))
    }

    /// The groups the target does not allow.
    pub fn outside_list(&self) -> Vec<&Group> {
        self.added.iter().filter(|g| !self.allowed(g)).collect()
    }
}

/// The section's result.
#[derive(Clone, Debug, Default)]
pub struct Footprint {
    /// Crates in the baseline's tree (its own package included).
    pub baseline_crates: usize,
    /// Cold build of the baseline, s.
    pub baseline_build_s: Option<f64>,
    /// Cold build of the baseline with rustls on ring and the roots, s (median of the rounds).
    pub baseline_tls_build_s: Option<f64>,
    /// Rounds of cold builds behind each figure.
    pub build_rounds: usize,
    /// Crates in that baseline's tree.
    pub baseline_tls_crates: usize,
    /// The critical path of the baseline with TLS (full mode).
    pub baseline_tls_path: Vec<timings::Step>,
    /// One row per provider crate.
    pub rows: Vec<FootprintRow>,
    /// txstatus-core alone (a program that builds only its transport): the floor
    /// under every provider's build, reported, not judged.
    pub core_alone: Option<FootprintRow>,
}

/// Downloads what the offline trees and builds of [`run`] need; called before the
/// other sections, so a machine that cannot fetch fails at once, not half an hour in.
pub fn fetch_dependencies() -> Result<()> {
    tree::fetch(&paths::workspace_root().join("Cargo.toml"))
}

/// Counts the trees (both modes) and times cold builds (when `settings.cold_builds`).
pub fn run(settings: &Settings) -> Result<Footprint> {
    let root_manifest = paths::workspace_root().join("Cargo.toml");
    let baseline_manifest = project::write(&project::baseline())?;
    let baseline = tree::load(&baseline_manifest, None).context("baseline tree")?;
    let tls_manifest = project::write(&project::baseline_with_tls())?;
    let baseline_tls = tree::load(&tls_manifest, None).context("baseline+TLS tree")?;
    let mut footprint = Footprint {
        baseline_crates: baseline.crates.len(),
        baseline_tls_crates: baseline_tls.crates.len(),
        ..Footprint::default()
    };
    let mut trees = Vec::with_capacity(settings.footprint_crates.len());
    for name in &settings.footprint_crates {
        let tree: Tree = tree::load(&root_manifest, Some(name)).context(name)?;
        eprintln!("footprint {name}: {} crates", tree.crates.len());
        trees.push(tree);
    }
    let core_tree = tree::load(&root_manifest, Some(project::CORE_CRATE)).context("core tree")?;
    let mut tls_builds: Vec<ColdBuild> = Vec::new();
    let mut core_builds: Vec<ColdBuild> = Vec::new();
    let mut builds: Vec<Vec<ColdBuild>> = vec![Vec::new(); settings.footprint_crates.len()];
    if settings.cold_builds {
        footprint.baseline_build_s = Some(timed("baseline", &baseline_manifest)?.seconds);
        let core_manifest = project::write(&project::core_alone())?;
        let manifests = settings
            .footprint_crates
            .iter()
            .map(|name| project::write(&project::provider(name)))
            .collect::<Result<Vec<_>>>()?;
        footprint.build_rounds = settings.build_rounds.max(1);
        for round in 0..footprint.build_rounds {
            // The TLS baseline first, then the core alone and every provider; the
            // next round the other way round, so a slow phase of the machine does
            // not always hit one side.
            let mut order: Vec<Build> = [Build::TlsBaseline, Build::CoreAlone]
                .into_iter()
                .chain((0..manifests.len()).map(Build::Provider))
                .collect();
            if round % 2 == 1 {
                order.reverse();
            }
            for item in order {
                match item {
                    Build::TlsBaseline => tls_builds.push(timed("baseline-tls", &tls_manifest)?),
                    Build::CoreAlone => {
                        core_builds.push(timed(project::CORE_ALONE, &core_manifest)?);
                    }
                    Build::Provider(i) => {
                        let (Some(name), Some(manifest), Some(row)) = (
                            settings.footprint_crates.get(i),
                            manifests.get(i),
                            builds.get_mut(i),
                        ) else {
                            continue;
                        };
                        row.push(timed(name, manifest)?);
                    }
                }
            }
        }
        footprint.baseline_tls_build_s = Some(median(&tls_builds, |b| b.seconds));
        footprint.baseline_tls_path = tls_builds
            .first()
            .map(|b| b.critical_path.clone())
            .unwrap_or_default();
    }
    let row_of = |name: &str, tree: &Tree, rounds: &[ColdBuild]| {
        let per_round = |f: fn(&ColdBuild) -> f64| {
            let values: Vec<f64> = rounds
                .iter()
                .zip(&tls_builds)
                .map(|(own, tls)| f(own) / f(tls))
                .collect();
            (!values.is_empty()).then(|| Ratio::of(&values))
        };
        FootprintRow {
            crate_name: name.to_owned(),
            crates: tree.crates.len(),
            added: groups::added(tree, &baseline.crates),
            build_s: (!rounds.is_empty()).then(|| median(rounds, |b| b.seconds)),
            build_ratio: per_round(|b| b.seconds),
            cpu_ratio: per_round(|b| b.cpu_seconds),
            critical_path: rounds
                .first()
                .map(|b| b.critical_path.clone())
                .unwrap_or_default(),
        }
    };
    for ((name, tree), rounds) in settings.footprint_crates.iter().zip(&trees).zip(&builds) {
        footprint.rows.push(row_of(name, tree, rounds));
    }
    footprint.core_alone = Some(row_of(project::CORE_CRATE, &core_tree, &core_builds));
    Ok(footprint)
}

/// One cold build of a round.
#[derive(Clone, Copy)]
enum Build {
    /// The baseline with rustls on ring and the roots: what every ratio divides by.
    TlsBaseline,
    /// txstatus-core alone: the floor under every provider.
    CoreAlone,
    /// The provider crate at this index of the settings' list.
    Provider(usize),
}

fn median(builds: &[ColdBuild], f: fn(&ColdBuild) -> f64) -> f64 {
    let values: Vec<f64> = builds.iter().map(f).collect();
    crate::stats::Spread::of(&values).median
}

fn timed(name: &str, manifest: &std::path::Path) -> Result<build::ColdBuild> {
    eprintln!("footprint: cold release build of {name} ...");
    let build = build::cold_build(manifest).context(name)?;
    eprintln!(
        "footprint: {name} built in {:.1} s ({:.1} CPU s)",
        build.seconds, build.cpu_seconds
    );
    Ok(build)
}
