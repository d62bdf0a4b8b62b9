//! Gould–Fernandez brokerage against a live oracle: R's `sna::brokerage` (sna 2.7-1), run by
//! `tests/oracle/brokerage_oracle.R` through `Rscript` found on `PATH`.
//!
//! Sources: Padgett's Florentine marriage network as `data(flo)` of R's `network` package (Debian
//! `r-cran-network`, installed with `r-cran-sna`), groups `rep(1:3, length.out = 16)`, with the
//! published reference counts of `/work/shared/golden/README.md` (Medici 0 6 5 5 12, Guadagni 2 2 4 4
//! 0, Strozzi 0 2 0 0 6, Albizzi 0 2 0 0 4; totals 4 16 16 16 24); a hand-made directed example; and
//! random directed and undirected graphs.
//! Tolerance: raw counts exact (`$raw.nli`, integers). Expectations and standard deviations
//! (`$exp.nli`, `$sd.nli`) and z-scores (`$z.nli`) within 1e-9 relative (the same double-precision
//! formulas, evaluated in a different order); where sna's z is NaN or ±Inf (zero standard deviation)
//! chiiki's is `None`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use chiiki_graph::Graph;
use chiiki_graph::brokerage::{Roles, brokerage, null_moments, z_scores};
use chiiki_testkit::SplitMix;

fn script() -> PathBuf {
    chiiki_testkit::oracle_script("brokerage_oracle.R")
}

/// Runs the R oracle with `args` and returns its standard output.
fn rscript(args: &[&str]) -> String {
    let out = Command::new("Rscript").arg(script()).args(args).output().unwrap_or_else(|e| {
        panic!(
            "the brokerage oracle needs R with sna: run `scripts/test` (apt-get install r-base-core r-cran-sna) — {e}"
        )
    });
    assert!(
        out.status.success(),
        "the R oracle failed (needs R packages sna and network): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn roles(counts: &[u64]) -> Roles {
    Roles {
        coordinator: counts[0],
        itinerant: counts[1],
        representative: counts[2],
        gatekeeper: counts[3],
        liaison: counts[4],
    }
}

/// Parses a number as R prints it (`NaN`, `Inf`, `-Inf` included).
fn number(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number from R: {s:?}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn florentine_families_match_sna_and_the_published_counts() {
    let text = rscript(&["flo"]);
    let mut names = Vec::new();
    let mut pairs = Vec::new();
    let mut theirs = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split(',').collect();
        match f[0] {
            "name" => names.push(f[2].to_string()),
            "edge" => pairs.push((f[1].parse::<u32>().unwrap(), f[2].parse::<u32>().unwrap())),
            "raw" => {
                let c: Vec<u64> = f[2..].iter().map(|x| x.parse().unwrap()).collect();
                assert_eq!(roles(&c).total(), c[5]);
                theirs.push(roles(&c));
            }
            _ => panic!("unexpected oracle line {line:?}"),
        }
    }
    assert_eq!(names.len(), 16);
    assert_eq!(pairs.len(), 40, "20 marriages, each in both directions of the symmetric matrix");
    let g = Graph::from_pairs(16, pairs, false);
    assert_eq!(g.edge_count(), 20);
    let groups: Vec<u32> = (0..16).map(|i| i % 3 + 1).collect();
    let ours = brokerage(&g, &groups);
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "{}: chiiki vs sna", names[i]);
    }
    assert_eq!(ours.len(), theirs.len());

    // The published numbers (sna 2.7-1), independent of the live run.
    let at = |name: &str| ours[names.iter().position(|n| n == name).unwrap()];
    assert_eq!(at("Medici"), roles(&[0, 6, 5, 5, 12]));
    assert_eq!(at("Guadagni"), roles(&[2, 2, 4, 4, 0]));
    assert_eq!(at("Strozzi"), roles(&[0, 2, 0, 0, 6]));
    assert_eq!(at("Albizzi"), roles(&[0, 2, 0, 0, 4]));
    assert_eq!(at("Pucci").total(), 0, "Pucci is isolated");
    let totals = ours.iter().fold([0u64; 5], |mut t, r| {
        let a = r.to_array();
        (0..5).for_each(|k| t[k] += a[k]);
        t
    });
    assert_eq!(totals, [4, 16, 16, 16, 24]);
}

/// One test graph for the oracle.
struct Case {
    n: usize,
    directed: bool,
    pairs: Vec<(u32, u32)>,
    groups: Vec<u32>,
}

/// Compares raw counts, expectations, standard deviations and z-scores of every node of every case
/// with sna, in one R run.
fn compare_with_sna(cases: &[Case]) {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let run = RUN.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("chiiki-brokerage-oracle-{}-{run}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (mut c, mut e, mut gr) =
        ("case,n,directed\n".to_string(), "case,from,to\n".to_string(), "case,node,group\n".to_string());
    for (id, case) in cases.iter().enumerate() {
        writeln!(c, "{id},{},{}", case.n, u8::from(case.directed)).unwrap();
        for &(u, v) in &case.pairs {
            writeln!(e, "{id},{u},{v}").unwrap();
        }
        for (v, g) in case.groups.iter().enumerate() {
            writeln!(gr, "{id},{v},{g}").unwrap();
        }
    }
    let paths = [dir.join("cases.csv"), dir.join("edges.csv"), dir.join("groups.csv")];
    for (p, text) in paths.iter().zip([c, e, gr]) {
        std::fs::write(p, text).unwrap();
    }
    let args: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
    let text = rscript(&args);
    std::fs::remove_dir_all(&dir).ok();

    let mut lines = text.lines();
    let mut paths_seen = 0u64;
    for (id, case) in cases.iter().enumerate() {
        let g = Graph::from_pairs(case.n, case.pairs.iter().copied(), case.directed);
        let ours = brokerage(&g, &case.groups);
        let moments = null_moments(&g, &case.groups);
        for v in 0..case.n {
            let line = lines.next().unwrap_or_else(|| panic!("the oracle stopped before case {id} node {v}"));
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!((f[0].parse::<usize>().unwrap(), f[1].parse::<usize>().unwrap()), (id, v));
            let x: Vec<f64> = f[2..].iter().map(|s| number(s)).collect();
            assert_eq!(x.len(), 24);
            let raw: Vec<u64> = x[..6].iter().map(|&r| r as u64).collect();
            let what = format!("case {id} (n {}, directed {}) node {v}", case.n, case.directed);
            assert_eq!(ours[v], roles(&raw), "{what}: raw counts, chiiki vs sna");
            assert_eq!(ours[v].total(), raw[5], "{what}: total");
            paths_seen += raw[5];
            let (exp, sd) = (moments[v].expected.to_array(), moments[v].sd.to_array());
            let z = z_scores(&ours[v], &moments[v]);
            for k in 0..6 {
                assert!(close(exp[k], x[6 + k]), "{what} role {k}: expected {} vs sna {}", exp[k], x[6 + k]);
                assert!(close(sd[k], x[12 + k]), "{what} role {k}: sd {} vs sna {}", sd[k], x[12 + k]);
                match z[k] {
                    Some(z) => assert!(close(z, x[18 + k]), "{what} role {k}: z {z} vs sna {}", x[18 + k]),
                    None => assert!(!x[18 + k].is_finite(), "{what} role {k}: no z vs sna {}", x[18 + k]),
                }
            }
        }
    }
    assert!(lines.next().is_none(), "the oracle printed more lines than nodes");
    assert!(paths_seen > 0, "the cases should contain open two-paths");
}

#[test]
fn a_hand_made_directed_network_matches_sna() {
    // Ten organisations in three groups (universities 1, firms 2, agencies 3); arcs are who
    // passes information to whom. Mutual arcs, closed triads and a sink are included.
    let pairs = vec![
        (0, 1),
        (1, 0),
        (1, 2),
        (2, 3),
        (0, 3),
        (3, 4),
        (4, 5),
        (5, 3),
        (3, 6),
        (6, 7),
        (7, 6),
        (6, 8),
        (8, 9),
        (9, 6),
        (2, 9),
        (4, 8),
        (5, 0),
    ];
    let groups = vec![1, 1, 2, 2, 3, 3, 1, 2, 3, 1];
    let case = Case { n: 10, directed: true, pairs, groups };
    let g = Graph::from_pairs(case.n, case.pairs.iter().copied(), true);
    let r = brokerage(&g, &case.groups);
    // Hand check of node 3 (group 2): in {0, 2, 5}, out {4, 6}; 0 → 3 → 4 (1, 2, 3: liaison),
    // 0 → 3 → 6 (1, 2, 1: itinerant), 2 → 3 → 4 (2, 2, 3: representative), 2 → 3 → 6
    // (representative), 5 → 3 → 4 (3, 2, 3: itinerant; open, as only 4 → 5 exists, not 5 → 4),
    // 5 → 3 → 6 (3, 2, 1: liaison).
    assert_eq!(r[3], Roles { coordinator: 0, itinerant: 2, representative: 2, gatekeeper: 0, liaison: 2 });
    compare_with_sna(&[case]);
}

#[test]
fn random_graphs_match_sna() {
    let mut rng = SplitMix(19_890_126);
    let mut cases = Vec::new();
    for i in 0..40 {
        let directed = i % 2 == 0;
        let n = 3 + rng.below(45) as usize;
        // Densities from sparse to nearly complete.
        let per_mille = [30, 80, 150, 300, 600, 950][i % 6];
        let mut pairs = Vec::new();
        for u in 0..n as u32 {
            for v in 0..n as u32 {
                if u != v && (directed || u < v) && rng.below(1000) < per_mille {
                    pairs.push((u, v));
                }
            }
        }
        // 1–6 groups with scattered labels; sna only compares them.
        let k = 1 + rng.below(6);
        let groups: Vec<u32> = (0..n).map(|_| (rng.below(k) * 37 + 5) as u32).collect();
        cases.push(Case { n, directed, pairs, groups });
    }
    // A larger sparse network with a hub, both ways.
    for directed in [true, false] {
        let n = 300;
        let mut pairs: Vec<(u32, u32)> = (0..900).map(|_| (rng.below(n) as u32, rng.below(n) as u32)).collect();
        pairs.extend((1..120).map(|v| if v % 2 == 0 { (0, v) } else { (v, 0) }));
        pairs.retain(|&(u, v)| u != v);
        pairs.sort_unstable();
        pairs.dedup();
        if !directed {
            pairs = pairs.into_iter().map(|(u, v)| (u.min(v), u.max(v))).collect();
            pairs.sort_unstable();
            pairs.dedup();
        }
        let groups: Vec<u32> = (0..n).map(|_| rng.below(4) as u32).collect();
        cases.push(Case { n: n as usize, directed, pairs, groups });
    }
    compare_with_sna(&cases);
}
