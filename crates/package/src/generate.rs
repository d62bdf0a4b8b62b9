//! Synthetic data packages with the shapes of real ones, for benchmarks, demonstrations and tests.
//!
//! The descriptor marks the package `"synthetic": true` and says how it was made. Shapes:
//!
//! - **Regions** differ in size: each region's weight is drawn from a Pareto distribution (shape 1.2),
//!   and organisations are placed in proportion to it, so a few regions hold most of them.
//! - **Organisations** are founded from 1950 to the last year, in order. A firm (start-up, small or
//!   mid-sized) spins off from an earlier organisation of its region with probability 0.35, chosen
//!   by preferential attachment (an organisation that has spun off others is likelier to do so
//!   again), which gives heavy-tailed spin-off trees with anchors of tens to thousands of
//!   descendants. Employees follow a Pareto distribution scaled by kind; large corporations are
//!   mostly listed.
//! - **People**: one for every five organisations, with roles leader 5 %, researcher 50 %,
//!   entrepreneur 25 %, official 20 %.
//! - **Projects** have 2 or more partners (2 + a geometric count, mean 3.2); partners come from the
//!   lead partner's region four times in five, otherwise from anywhere; a third of the
//!   participations name a person of the region.
//!
//! - **Employment** (with `industries` > 0): every region employs in each industry in proportion to
//!   the region's and the industry's weights (both Pareto), times a specialisation factor (lognormal,
//!   so each region has a few industries with high location quotients); each region × industry
//!   follows its own trend (about +1 % a year, spread 4 %), and one region in six suffers a sharp
//!   shock (a fall of 15–40 % over one to two years) in a random year. Zero cells are left out.
//! - **Patents**: as many as organisations, in technology classes (up to 60) that follow the
//!   region's industries, in the project years, with Pareto citations.
//! - **Funding**: three programmes per region and year, with `amount`, `staff` (inputs) and
//!   `startups`, `projects`, `patents`, `jobs` (outputs) that grow with the money at decreasing
//!   returns, each region with its own efficiency.
//! - **Migrations**: per year, each region sends firms and people to a few other regions (2 plus
//!   twice the logarithm of its weight, at most 10 for each kind, so at most 20 rows per region and
//!   year), destinations drawn in proportion to their weights; each flow is gravity-shaped, the
//!   product of the two regions' weights times lognormal noise (spread 0.5), scaled 0.6 for firms
//!   and 12 for people. Flows that round to zero are left out.
//! - **Mentions** (`source` `news`): one row per region and year, 10 × the region's weight, growing
//!   by its own rate (3 % a year, spread ±2.5 %), times lognormal noise (spread 0.3).
//!
//! Everything follows from the seed: the same configuration and seed give the same files.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, LogNormal, Pareto};

use crate::network::OrgKind;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateConfig {
    /// Regions.
    pub regions: usize,
    /// Organisations.
    pub orgs: usize,
    /// Projects (joint research).
    pub projects: usize,
    /// Years of project activity, ending with `last_year`.
    pub years: u32,
    /// The last year.
    pub last_year: i32,
    /// The seed.
    pub seed: u64,
    /// Industries in the `employment` table (0: no employment, industries, patents, funding,
    /// migrations or mentions tables).
    pub industries: usize,
}

/// Row counts written, per table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Generated {
    /// Regions written.
    pub regions: usize,
    /// Organisations written.
    pub organizations: usize,
    /// People written.
    pub people: usize,
    /// Participations written.
    pub collaborations: usize,
    /// Employment rows written.
    pub employment: usize,
    /// Patents written.
    pub patents: usize,
    /// Funding rows written.
    pub funding: usize,
    /// Migration rows (flows between two regions in a year) written.
    pub migrations: usize,
    /// Mention rows written.
    pub mentions: usize,
}

const KINDS: [(OrgKind, f64); 9] = [
    (OrgKind::Startup, 0.30),
    (OrgKind::Small, 0.35),
    (OrgKind::MidSized, 0.15),
    (OrgKind::Large, 0.04),
    (OrgKind::University, 0.03),
    (OrgKind::PublicResearch, 0.03),
    (OrgKind::Government, 0.03),
    (OrgKind::Support, 0.04),
    (OrgKind::Finance, 0.03),
];

fn pick_kind(rng: &mut StdRng) -> OrgKind {
    let mut x: f64 = rng.random();
    for (k, p) in KINDS {
        if x < p {
            return k;
        }
        x -= p;
    }
    OrgKind::Small
}

/// Picks an index with probability proportional to `cumulative` weights (ascending prefix sums).
fn pick_weighted(rng: &mut StdRng, cumulative: &[f64]) -> usize {
    let total = *cumulative.last().expect("weights");
    let x = rng.random::<f64>() * total;
    cumulative.partition_point(|&c| c <= x).min(cumulative.len() - 1)
}

fn csv_writer(dir: &Path, name: &str) -> std::io::Result<csv::Writer<BufWriter<File>>> {
    Ok(csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, File::create(dir.join(name))?)))
}

/// Writes a synthetic package into `dir` (which must exist and be empty), calling `progress` with
/// the number of rows written so far now and then.
pub fn generate(dir: &Path, config: &GenerateConfig, progress: &dyn Fn(u64)) -> std::io::Result<Generated> {
    let mut rng = StdRng::seed_from_u64(config.seed);
    let nr = config.regions.max(1);
    let mut written = Generated::default();
    let mut rows: u64 = 0;
    let tick = |rows: &mut u64| {
        *rows += 1;
        if (*rows).is_multiple_of(65_536) {
            progress(*rows);
        }
    };

    // Regions, weighted by a heavy-tailed size.
    let pareto = Pareto::new(1.0, 1.2).expect("valid Pareto");
    let weights: Vec<f64> = (0..nr).map(|_| pareto.sample(&mut rng)).collect();
    let mut cumulative = Vec::with_capacity(nr);
    let mut acc = 0.0;
    for w in &weights {
        acc += w;
        cumulative.push(acc);
    }
    let mut w = csv_writer(dir, "regions.csv")?;
    w.write_record(["id", "name", "name_ja", "kind", "code", "population", "lat", "lon"])?;
    for (r, weight) in weights.iter().enumerate() {
        let lat = 31.0 + rng.random::<f64>() * 12.0;
        let lon = 130.0 + rng.random::<f64>() * 12.0;
        w.write_record([
            format!("r{:04}", r + 1),
            format!("Synthetic region {}", r + 1),
            format!("合成地域{}", r + 1),
            "municipality".to_string(),
            format!("{:05}", 90_000 + r + 1),
            format!("{}", (20_000.0 * weight) as u64),
            format!("{lat:.4}"),
            format!("{lon:.4}"),
        ])?;
        written.regions += 1;
        tick(&mut rows);
    }
    w.flush()?;

    // Organisations, in founding order, with preferential spin-offs within each region.
    let n = config.orgs;
    let first_year = 1950;
    let span = (config.last_year - first_year + 1).max(1);
    let mut years: Vec<i32> = (0..n).map(|_| first_year + rng.random_range(0..span)).collect();
    years.sort_unstable();
    let mut region_of: Vec<u32> = Vec::with_capacity(n);
    let mut urns: Vec<Vec<u32>> = vec![Vec::new(); nr];
    let size = LogNormal::new(3.0, 1.4).expect("valid lognormal");
    let mut w = csv_writer(dir, "organizations.csv")?;
    w.write_record(["id", "name", "kind", "region_id", "founded", "closed", "parent_id", "listed", "employees"])?;
    for (i, &year) in years.iter().enumerate() {
        let r = pick_weighted(&mut rng, &cumulative);
        let kind = pick_kind(&mut rng);
        let firm = matches!(kind, OrgKind::Startup | OrgKind::Small | OrgKind::MidSized);
        let parent = if firm && !urns[r].is_empty() && rng.random_bool(0.35) {
            let p = urns[r][rng.random_range(0..urns[r].len())];
            urns[r].push(p);
            Some(p)
        } else {
            None
        };
        urns[r].push(i as u32);
        let scale: f64 = match kind {
            OrgKind::Large => 40.0,
            OrgKind::MidSized => 6.0,
            OrgKind::University | OrgKind::PublicResearch => 10.0,
            _ => 1.0,
        };
        let employees = (size.sample(&mut rng) * scale).round().max(1.0) as u64;
        let listed = match kind {
            OrgKind::Large => rng.random_bool(0.6),
            OrgKind::MidSized => rng.random_bool(0.1),
            OrgKind::Startup | OrgKind::Small => rng.random_bool(0.01),
            _ => false,
        };
        let closed =
            (firm && rng.random_bool(0.1)).then(|| year + rng.random_range(1..30)).filter(|&c| c <= config.last_year);
        w.write_record([
            format!("o{}", i + 1),
            format!("Synthetic organisation {}", i + 1),
            kind.as_str().to_string(),
            format!("r{:04}", r + 1),
            year.to_string(),
            closed.map(|c| c.to_string()).unwrap_or_default(),
            parent.map(|p| format!("o{}", p + 1)).unwrap_or_default(),
            listed.to_string(),
            employees.to_string(),
        ])?;
        region_of.push(r as u32);
        written.organizations += 1;
        tick(&mut rows);
    }
    w.flush()?;
    drop(urns);

    // People, attached to organisations.
    let np = (n / 5).max(1);
    let mut people_by_region: Vec<Vec<u32>> = vec![Vec::new(); nr];
    let mut w = csv_writer(dir, "people.csv")?;
    w.write_record(["id", "name", "region_id", "org_id", "role"])?;
    for p in 0..np {
        let o = rng.random_range(0..n.max(1));
        let r = region_of.get(o).copied().unwrap_or(0);
        let x: f64 = rng.random();
        let role = if x < 0.05 {
            "leader"
        } else if x < 0.55 {
            "researcher"
        } else if x < 0.80 {
            "entrepreneur"
        } else {
            "official"
        };
        w.write_record([
            format!("p{}", p + 1),
            format!("Person {}", p + 1),
            format!("r{:04}", r + 1),
            if n > 0 { format!("o{}", o + 1) } else { String::new() },
            role.to_string(),
        ])?;
        people_by_region[r as usize].push(p as u32);
        written.people += 1;
        tick(&mut rows);
    }
    w.flush()?;

    // Projects: a lead partner, then partners mostly from its region.
    let mut orgs_by_region: Vec<Vec<u32>> = vec![Vec::new(); nr];
    for (i, &r) in region_of.iter().enumerate() {
        orgs_by_region[r as usize].push(i as u32);
    }
    let budget = LogNormal::new(3.5, 1.0).expect("valid lognormal");
    let mut w = csv_writer(dir, "collaborations.csv")?;
    w.write_record(["project_id", "org_id", "year", "person_id", "budget"])?;
    if n >= 2 {
        for j in 0..config.projects {
            let year = config.last_year - rng.random_range(0..config.years.max(1) as i32);
            let lead = rng.random_range(0..n) as u32;
            let home = region_of[lead as usize] as usize;
            let mut partners = vec![lead];
            let mut extra = 1;
            while rng.random_bool(0.45) && extra < 12 {
                extra += 1;
            }
            for _ in 0..extra {
                let o = if rng.random_bool(0.8) && orgs_by_region[home].len() > 1 {
                    orgs_by_region[home][rng.random_range(0..orgs_by_region[home].len())]
                } else {
                    rng.random_range(0..n) as u32
                };
                if !partners.contains(&o) {
                    partners.push(o);
                }
            }
            for &o in &partners {
                let r = region_of[o as usize] as usize;
                let person = (!people_by_region[r].is_empty() && rng.random_bool(0.33))
                    .then(|| people_by_region[r][rng.random_range(0..people_by_region[r].len())]);
                w.write_record([
                    format!("j{}", j + 1),
                    format!("o{}", o + 1),
                    year.to_string(),
                    person.map(|p| format!("p{}", p + 1)).unwrap_or_default(),
                    format!("{:.1}", budget.sample(&mut rng)),
                ])?;
                written.collaborations += 1;
                tick(&mut rows);
            }
        }
    }
    w.flush()?;

    // Employment, patents and funding.
    let with_panels = config.industries > 0;
    if with_panels {
        let k = config.industries;
        let years: Vec<i32> = ((config.last_year - config.years.max(1) as i32 + 1)..=config.last_year).collect();
        let industry_weight: Vec<f64> = (0..k).map(|_| pareto.sample(&mut rng)).collect();
        let special = LogNormal::new(0.0, 1.0).expect("valid lognormal");
        let trend = rand_distr::Normal::new(0.01, 0.04).expect("valid normal");
        let mut w = csv_writer(dir, "employment.csv")?;
        w.write_record(["region_id", "industry", "year", "employees", "establishments"])?;
        for (r, weight) in weights.iter().enumerate() {
            let shock = rng.random_bool(1.0 / 6.0).then(|| {
                (years[rng.random_range(0..years.len())], 0.15 + rng.random::<f64>() * 0.25, rng.random_range(1..=2))
            });
            for (i, iw) in industry_weight.iter().enumerate() {
                let base = 50.0 * weight * iw * special.sample(&mut rng);
                if base < 1.0 {
                    continue;
                }
                let g: f64 = trend.sample(&mut rng);
                let mut level = base;
                for &y in &years {
                    if let Some((at, depth, span)) = shock
                        && y >= at
                        && y < at + span
                    {
                        level *= 1.0 - depth / f64::from(span);
                    }
                    let employees = (level * (1.0 + 0.02 * (rng.random::<f64>() - 0.5))).round();
                    if employees >= 1.0 {
                        w.write_record([
                            format!("r{:04}", r + 1),
                            format!("I{:04}", i + 1),
                            y.to_string(),
                            format!("{employees}"),
                            format!("{}", (employees / 12.0).ceil()),
                        ])?;
                        written.employment += 1;
                        tick(&mut rows);
                    }
                    level *= 1.0 + g;
                }
            }
        }
        w.flush()?;

        // Industries in ten groups (sectors) of consecutive ids, for related and unrelated variety.
        let mut w = csv_writer(dir, "industries.csv")?;
        w.write_record(["id", "name", "group"])?;
        for i in 0..k {
            w.write_record([
                format!("I{:04}", i + 1),
                format!("Synthetic industry {}", i + 1),
                format!("G{:02}", i * 10 / k + 1),
            ])?;
        }
        w.flush()?;

        let classes = k.min(60);
        let citations = Pareto::new(1.0, 1.5).expect("valid Pareto");
        let mut w = csv_writer(dir, "patents.csv")?;
        w.write_record(["id", "region_id", "tech_class", "year", "citations"])?;
        for p in 0..config.orgs {
            let r = pick_weighted(&mut rng, &cumulative);
            // Each region favours the classes of a few industries: a region-specific offset.
            let class = (r * 7 + rng.random_range(0..classes.max(1)) / 3) % classes.max(1);
            let year = years[rng.random_range(0..years.len())];
            w.write_record([
                format!("P{}", p + 1),
                format!("r{:04}", r + 1),
                format!("T{:03}", class + 1),
                year.to_string(),
                format!("{}", (Distribution::<f64>::sample(&citations, &mut rng) - 1.0).floor() as u64),
            ])?;
            written.patents += 1;
            tick(&mut rows);
        }
        w.flush()?;

        let efficiency = LogNormal::new(0.0, 0.35).expect("valid lognormal");
        let mut w = csv_writer(dir, "funding.csv")?;
        w.write_record(["region_id", "program", "year", "amount", "staff", "startups", "projects", "patents", "jobs"])?;
        for (r, weight) in weights.iter().enumerate() {
            let e: f64 = Distribution::<f64>::sample(&efficiency, &mut rng).min(3.0);
            for program in ["cluster", "knowledge", "venture"] {
                for &y in &years {
                    let amount = 100.0 * weight * (0.5 + rng.random::<f64>());
                    let staff = (amount / 20.0 * (0.5 + rng.random::<f64>())).ceil();
                    let scale = e * amount.powf(0.8);
                    w.write_record([
                        format!("r{:04}", r + 1),
                        program.to_string(),
                        y.to_string(),
                        format!("{amount:.1}"),
                        format!("{staff}"),
                        format!("{}", (scale * 0.05 * rng.random::<f64>()).round()),
                        format!("{}", (scale * 0.2 * (0.5 + rng.random::<f64>())).round()),
                        format!("{}", (scale * 0.1 * rng.random::<f64>()).round()),
                        format!("{}", (scale * 1.5 * (0.5 + rng.random::<f64>())).round()),
                    ])?;
                    written.funding += 1;
                    tick(&mut rows);
                }
            }
        }
        w.flush()?;

        // Migrations: a few gravity-shaped flows out of each region, per year and kind.
        let mut w = csv_writer(dir, "migrations.csv")?;
        w.write_record(["origin_id", "destination_id", "year", "kind", "count"])?;
        let noise = LogNormal::new(0.0, 0.5).expect("valid lognormal");
        let mut chosen: Vec<usize> = Vec::with_capacity(10);
        for &y in &years {
            for (o, wo) in weights.iter().enumerate() {
                for (kind, scale) in [("firm", 0.6), ("person", 12.0)] {
                    let k = ((2.0 + 2.0 * wo.ln()) as usize).clamp(1, 10).min(nr - 1);
                    chosen.clear();
                    let mut attempts = 0;
                    while chosen.len() < k && attempts < 8 * k {
                        attempts += 1;
                        let d = pick_weighted(&mut rng, &cumulative);
                        if d != o && !chosen.contains(&d) {
                            chosen.push(d);
                        }
                    }
                    chosen.sort_unstable();
                    for &d in &chosen {
                        let count = (scale * wo * weights[d] * noise.sample(&mut rng)).round();
                        if count >= 1.0 {
                            w.write_record([
                                format!("r{:04}", o + 1),
                                format!("r{:04}", d + 1),
                                y.to_string(),
                                kind.to_string(),
                                format!("{count}"),
                            ])?;
                            written.migrations += 1;
                            tick(&mut rows);
                        }
                    }
                }
            }
        }
        w.flush()?;

        // Mentions in the news: growing with the region's weight and over the years.
        let noise = LogNormal::new(0.0, 0.3).expect("valid lognormal");
        let mut w = csv_writer(dir, "mentions.csv")?;
        w.write_record(["region_id", "year", "count", "source"])?;
        for (r, weight) in weights.iter().enumerate() {
            let growth = 1.03 + 0.05 * (rng.random::<f64>() - 0.5);
            let mut level = 10.0 * weight;
            for &y in &years {
                let count = (level * noise.sample(&mut rng)).round();
                w.write_record([format!("r{:04}", r + 1), y.to_string(), format!("{count}"), "news".to_string()])?;
                written.mentions += 1;
                tick(&mut rows);
                level *= growth;
            }
        }
        w.flush()?;
    }

    let mut resources = vec![
        serde_json::json!({"name": "regions", "path": "regions.csv", "format": "csv"}),
        serde_json::json!({"name": "organizations", "path": "organizations.csv", "format": "csv"}),
        serde_json::json!({"name": "people", "path": "people.csv", "format": "csv"}),
        serde_json::json!({"name": "collaborations", "path": "collaborations.csv", "format": "csv"}),
    ];
    if with_panels {
        for t in ["employment", "industries", "patents", "funding", "migrations", "mentions"] {
            resources.push(serde_json::json!({"name": t, "path": format!("{t}.csv"), "format": "csv"}));
        }
    }
    let descriptor = serde_json::json!({
        "name": format!("synthetic-r{}-o{}-s{}", config.regions, config.orgs, config.seed),
        "title": format!("Synthetic package: {} regions, {} organisations, {} projects (seed {})",
            config.regions, config.orgs, config.projects, config.seed),
        "synthetic": true,
        "description": "Generated by chiiki generate; not real data.",
        "generator": {"regions": config.regions, "orgs": config.orgs, "projects": config.projects,
                      "years": config.years, "last_year": config.last_year, "seed": config.seed,
                      "industries": config.industries},
        "resources": resources,
    });
    std::fs::write(dir.join("datapackage.json"), serde_json::to_string_pretty(&descriptor).expect("JSON"))?;
    progress(rows);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Package;

    fn config(seed: u64) -> GenerateConfig {
        GenerateConfig { regions: 12, orgs: 3000, projects: 800, years: 10, last_year: 2024, seed, industries: 20 }
    }

    #[test]
    fn a_generated_package_reads_back_and_has_heavy_tails() {
        let dir = tempfile::tempdir().unwrap();
        let made = generate(dir.path(), &config(7), &|_| {}).unwrap();
        assert_eq!(made.organizations, 3000);
        let p = Package::open(dir.path()).unwrap();
        assert!(p.synthetic);
        let net = p.network().expect("a generated package passes every check");
        assert_eq!(net.organizations.len(), 3000);
        assert_eq!(net.regions.len(), 12);
        // Spin-offs exist and chain over generations.
        let with_parent = net.organizations.iter().filter(|o| o.parent_id.is_some()).count();
        assert!(with_parent > 400, "{with_parent} spin-offs");
        // Regions are unequal: the largest holds far more than an even share.
        let mut per_region = std::collections::HashMap::new();
        for o in &net.organizations {
            *per_region.entry(o.region_id.as_str()).or_insert(0usize) += 1;
        }
        let largest = per_region.values().max().unwrap();
        assert!(*largest > 3 * 3000 / 12, "largest region {largest}");
        // Projects have two or more partners.
        assert!(net.collaborations.len() >= 1600);
        // The yearly tables read back and have their shapes.
        let emp = p.employment(&|_| {}).unwrap();
        assert_eq!(emp.years.len(), 10);
        assert!(emp.categories.len() <= 20 && emp.categories.len() > 10);
        assert_eq!(p.patents(&|_| {}).unwrap().cells.iter().map(|c| c.value).sum::<f64>(), 3000.0);
        let funding = p.funding().unwrap();
        assert_eq!(funding.columns, ["amount", "staff", "startups", "projects", "patents", "jobs"]);
        assert_eq!(funding.rows.len(), 12 * 3 * 10);
        // Migrations: a few flows per region, year and kind, never to the region itself, gravity-shaped
        // (the heaviest region sends and receives more than an even share).
        let migrations = p.migrations(&|_| {}).unwrap();
        assert_eq!(migrations.rows.len(), made.migrations);
        assert!(made.migrations > 12 * 10 && made.migrations <= 12 * 10 * 20, "{} migrations", made.migrations);
        assert!(migrations.rows.iter().all(|m| m.origin != m.destination));
        let heaviest = (0..12).max_by_key(|&r| per_region.get(format!("r{:04}", r + 1).as_str()).copied()).unwrap();
        let moved = |r: u32| -> u64 {
            migrations.rows.iter().filter(|m| m.origin == r || m.destination == r).map(|m| m.count).sum()
        };
        let total: u64 = migrations.rows.iter().map(|m| m.count).sum();
        assert!(moved(heaviest as u32) * 12 > 2 * total, "{} of {total}", moved(heaviest as u32));
        let mentions = p.mentions(&|_| {}).unwrap();
        assert_eq!(mentions.rows.len(), 12 * 10);
        assert_eq!(made.mentions, 12 * 10);
        assert!(mentions.rows.iter().all(|m| m.source.as_deref() == Some("news")));
        // Every table passes the package check.
        let v = p.validate(&|_| {}).expect("a generated package is valid");
        assert_eq!(v.table("migrations").unwrap().rows, Some(made.migrations as u64));
        assert!(v.tables.iter().all(|t| t.check == crate::Check::Rows), "{v:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_files() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        generate(a.path(), &config(3), &|_| {}).unwrap();
        generate(b.path(), &config(3), &|_| {}).unwrap();
        for f in [
            "regions.csv",
            "organizations.csv",
            "people.csv",
            "collaborations.csv",
            "employment.csv",
            "patents.csv",
            "funding.csv",
            "migrations.csv",
            "mentions.csv",
            "datapackage.json",
        ] {
            assert_eq!(std::fs::read(a.path().join(f)).unwrap(), std::fs::read(b.path().join(f)).unwrap(), "{f}");
        }
    }
}
