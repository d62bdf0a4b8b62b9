//! Every indicator of every region and year, checked against an independent pandas implementation of
//! `docs/indicators.md` (`tests/oracle/indicators_pandas.py`) on generated packages and on a
//! hand-made one with edge cases. Tolerance: 1e-9 relative (both sides sum the same numbers in
//! different orders); null must match null.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chiiki_engine::{Engine, EngineOptions, INDICATORS};
use chiiki_package::Package;
use chiiki_package::generate::{GenerateConfig, generate};
use chiiki_testkit::{oracle_script, python};

fn pandas(dir: &Path) -> BTreeMap<(String, String, i32), Option<f64>> {
    let out = Command::new(python()).arg(oracle_script("indicators_pandas.py")).arg(dir).output().unwrap();
    assert!(out.status.success(), "pandas oracle failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let mut values = BTreeMap::new();
    for row in r.records() {
        let row = row.unwrap();
        let v = if row[3].is_empty() { None } else { Some(row[3].parse::<f64>().unwrap()) };
        values.insert((row[0].to_string(), row[1].to_string(), row[2].parse().unwrap()), v);
    }
    values
}

fn compare(dir: &Path) -> usize {
    let package = Package::open(dir).unwrap();
    package.validate(&|_| {}).unwrap();
    let engine = Engine::open(&package, &EngineOptions::default()).unwrap();
    let ours = engine.indicators(engine.years().unwrap(), &|_, _| {}).unwrap();
    let theirs = pandas(dir);
    let mut compared = 0;
    let mut problems = Vec::new();
    for ind in INDICATORS {
        let has = theirs.keys().any(|k| k.0 == ind.id);
        assert_eq!(ours.has_evidence(ind.id), has, "{}: evidence present in one implementation only", ind.id);
        if !has {
            continue;
        }
        for (r, region) in ours.regions.iter().enumerate() {
            for (y, &year) in ours.years.iter().enumerate() {
                let a = ours.get(ind.id, r, y);
                let b = *theirs
                    .get(&(ind.id.to_string(), region.clone(), year))
                    .unwrap_or_else(|| panic!("pandas has no row for {} {region} {year}", ind.id));
                let same = match (a, b) {
                    (None, None) => true,
                    (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
                    _ => false,
                };
                if !same && problems.len() < 20 {
                    problems.push(format!("{} {region} {year}: chiiki {a:?}, pandas {b:?}", ind.id));
                }
                compared += 1;
            }
        }
    }
    assert!(problems.is_empty(), "{} differences, first ones:\n{}", problems.len(), problems.join("\n"));
    compared
}

#[test]
fn generated_packages_match_pandas() {
    for (seed, regions, orgs, industries, years) in [(3, 12, 2_000, 8, 12), (11, 30, 6_000, 25, 16)] {
        let dir = tempfile::tempdir().unwrap();
        let config = GenerateConfig { regions, orgs, projects: orgs / 2, years, last_year: 2024, seed, industries };
        generate(dir.path(), &config, &|_| {}).unwrap();
        let n = compare(dir.path());
        assert!(n >= INDICATORS.len() * regions * years as usize / 2, "compared {n}");
    }
}

/// Edge cases by hand: a region without population, a region absent from every table, an empty
/// citations column, ties at quantile thresholds, a project across regions with a large corporation,
/// a leader without a region of their own, a year with no employment rows.
#[test]
fn hand_made_edge_cases_match_pandas() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files: &[(&str, &str)] = &[
        ("regions", "id,name,population\na,A,1000\nb,B,\nc,C,500\nd,D,2000\n"),
        (
            "organizations",
            "id,name,kind,region_id,founded,closed,parent_id,employees\n\
             u1,U1,university,a,1950,,,\nf1,F1,mid_sized,a,1990,,,120\nf2,F2,startup,a,2015,,f1,5\n\
             f3,F3,large,b,1970,,,5000\nf4,F4,startup,c,2018,,f2,3\nf5,F5,small,c,2000,2019,,10\n\
             f6,F6,startup,a,2019,,,\nf7,F7,mid_sized,c,2001,,,80\ns1,S1,support,a,2010,,,\nk1,K1,finance,c,,,,\n",
        ),
        (
            "people",
            "id,name,region_id,org_id,role\np1,P1,a,u1,leader\np2,P2,,f3,leader\np3,P3,c,f4,researcher\np4,P4,,f1,researcher\n",
        ),
        (
            "collaborations",
            "project_id,org_id,year,person_id,budget\n\
             j1,u1,2019,p1,10\nj1,f1,2019,,\nj1,f3,2019,p2,\nj1,f4,2019,,\n\
             j2,f2,2020,p1,\nj2,f7,2020,,\nj2,f1,2020,,\nj2,f6,2020,,\n\
             j3,f4,2020,,\nj3,f7,2020,,\nj4,u1,2021,p1,\nj4,f6,2021,,\n",
        ),
        (
            "employment",
            "region_id,industry,year,employees,establishments\n\
             a,x,2015,100,10\na,y,2015,50,5\nb,x,2015,200,20\nc,y,2015,80,8\n\
             a,x,2020,90,10\na,y,2020,70,5\nb,x,2020,150,20\nb,y,2020,10,1\nc,y,2020,80,8\nc,x,2020,0,0\n\
             a,x,2021,60,9\na,y,2021,70,5\nb,x,2021,150,20\nc,y,2021,80,8\n",
        ),
        ("patents", "id,region_id,tech_class,year,citations\nq1,a,T1,2019,\nq2,a,T2,2020,\nq3,c,T1,2020,\n"),
        ("mentions", "region_id,year,count,source\na,2012,3,news\na,2018,9,news\nc,2019,2,news\n"),
        (
            "migrations",
            "origin_id,destination_id,year,kind,count\na,c,2020,firm,2\nc,a,2021,person,30\nb,a,2019,firm,1\n",
        ),
        ("funding", "region_id,program,year,amount\na,p,2020,1000\nc,p,2020,250\n"),
    ];
    let resources: Vec<String> = files
        .iter()
        .map(|(n, text)| {
            std::fs::write(d.join(format!("{n}.csv")), text).unwrap();
            format!("{{\"name\": \"{n}\", \"path\": \"{n}.csv\"}}")
        })
        .collect();
    std::fs::write(d.join("datapackage.json"), format!("{{\"resources\": [{}]}}", resources.join(","))).unwrap();
    let n = compare(d);
    assert!(n > 300, "compared {n}");
}

/// The same package with its tables written as Parquet by the engine (`chiiki convert`): the engine
/// reads Parquet, pandas reads it with pyarrow, and they still agree value by value.
#[test]
fn parquet_packages_match_pandas() {
    let csv = tempfile::tempdir().unwrap();
    let config = GenerateConfig {
        regions: 15,
        orgs: 3_000,
        projects: 1_500,
        years: 12,
        last_year: 2024,
        seed: 5,
        industries: 10,
    };
    generate(csv.path(), &config, &|_| {}).unwrap();
    let package = Package::open(csv.path()).unwrap();
    let engine = Engine::open(&package, &EngineOptions::default()).unwrap();
    let parquet = tempfile::tempdir().unwrap();
    let mut resources = Vec::new();
    for r in &package.resources {
        let path = if r.name == "regions" || !engine.has(&r.name) {
            std::fs::copy(&r.location, parquet.path().join(&r.path)).unwrap();
            r.path.clone()
        } else {
            let path = format!("{}.parquet", r.name);
            let rows = engine.write_parquet(&r.name, &parquet.path().join(&path)).unwrap();
            assert!(rows > 0, "{}: no rows written", r.name);
            path
        };
        resources.push(format!(r#"{{"name": "{}", "path": "{path}"}}"#, r.name));
    }
    let descriptor = format!(r#"{{"name": "parquet", "resources": [{}]}}"#, resources.join(", "));
    std::fs::write(parquet.path().join("datapackage.json"), descriptor).unwrap();
    let n = compare(parquet.path());
    assert!(n >= INDICATORS.len() * 15 * 12 / 2, "compared {n}");
}

/// Rewrites each line of `file` but the header with `edit(line number, cells)` and ends lines with
/// `end`.
fn rewrite(file: &Path, end: &str, edit: impl Fn(usize, &mut Vec<String>)) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{}{end}", lines.next().unwrap());
    for (i, line) in lines.enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        edit(i, &mut cells);
        out.push_str(&cells.join(","));
        out.push_str(end);
    }
    std::fs::write(file, out).unwrap();
}

/// CSV files as spreadsheets and other tools write them: quoted cells (ids among them, names holding
/// commas and doubled quotes), CRLF line ends, and in `organizations` one name holding a line break,
/// which the parallel reader hands to DataFusion. The engine still agrees with pandas value by value.
#[test]
fn quoted_csv_files_match_pandas() {
    let dir = tempfile::tempdir().unwrap();
    let config = GenerateConfig {
        regions: 14,
        orgs: 3_000,
        projects: 1_500,
        years: 12,
        last_year: 2024,
        seed: 7,
        industries: 9,
    };
    generate(dir.path(), &config, &|_| {}).unwrap();
    let d = dir.path();
    rewrite(&d.join("employment.csv"), "\r\n", |i, cells| {
        if i % 7 == 0 {
            cells[0] = format!("\"{}\"", cells[0]);
        }
    });
    rewrite(&d.join("collaborations.csv"), "\n", |i, cells| {
        if i % 5 == 0 {
            cells[0] = format!("\"{}\"", cells[0]);
            cells[1] = format!("\"{}\"", cells[1]);
        }
    });
    rewrite(&d.join("organizations.csv"), "\r\n", |i, cells| {
        cells[1] = match i % 4 {
            0 => format!("\"{}, Ltd\"", cells[1]),
            1 => format!("\"The \"\"{}\"\"\"", cells[1]),
            _ if i == 10 => "\"Two\nlines\"".to_string(),
            _ => cells[1].clone(),
        };
    });
    let n = compare(d);
    assert!(n >= INDICATORS.len() * 14 * 12 / 2, "compared {n}");
}
