//! Golden tests of the engine's queries on small packages built from published examples.

use std::path::Path;

use chiiki_engine::lq::LqBase;
use chiiki_engine::{Engine, EngineOptions};
use chiiki_package::Package;

fn package(dir: &Path, tables: &[(&str, &str)], settings: &str) -> Package {
    let resources: Vec<String> = tables
        .iter()
        .map(|(name, text)| {
            std::fs::write(dir.join(format!("{name}.csv")), text).unwrap();
            format!("{{\"name\": \"{name}\", \"path\": \"{name}.csv\"}}")
        })
        .collect();
    std::fs::write(dir.join("datapackage.json"), format!("{{\"resources\": [{}]{settings}}}", resources.join(", ")))
        .unwrap();
    Package::open(dir).unwrap()
}

fn engine(p: &Package) -> Engine {
    Engine::open(p, &EngineOptions::default()).unwrap()
}

/// The package in `dir` with `table` as a Parquet file: the raw table `csv` read written by DataFusion
/// itself to `{table}.parquet`, and `descriptor` (which names it) in place of the package's.
fn parquet_twin(dir: &Path, csv: &Engine, table: &str, descriptor: &str) -> Engine {
    let parquet = dir.join(format!("{table}.parquet"));
    csv.run_sql(&format!("COPY (SELECT * FROM raw_{table}) TO '{}' STORED AS PARQUET", parquet.display())).unwrap();
    std::fs::write(dir.join("datapackage.json"), descriptor).unwrap();
    engine(&Package::open(dir).unwrap())
}

/// EconGeo's `location_quotient` example (5 regions × 5 industries, golden reference notes):
/// LQ R1 5 0 0 0 0 / R2 0 .75 .25 3.5 .5 / R3 0 1 .5 1 2.5 / R4 0 1.25 1.5 .25 2 / R5 0 2 2.75 .25 0,
/// the two cells of R3 at exactly 1.0 included. Tolerance: exact for the 1.0 cells, 1e-12 elsewhere.
#[test]
fn econgeo_location_quotients() {
    let x = [[100, 0, 0, 0, 0], [0, 15, 5, 70, 10], [0, 20, 10, 20, 50], [0, 25, 30, 5, 40], [0, 40, 55, 5, 0]];
    let want = [
        [5.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.75, 0.25, 3.5, 0.5],
        [0.0, 1.0, 0.5, 1.0, 2.5],
        [0.0, 1.25, 1.5, 0.25, 2.0],
        [0.0, 2.0, 2.75, 0.25, 0.0],
    ];
    let mut emp = String::from("region_id,industry,year,employees\n");
    for (r, row) in x.iter().enumerate() {
        for (i, v) in row.iter().enumerate() {
            emp.push_str(&format!("R{},I{},2020,{v}\n", r + 1, i + 1));
        }
    }
    let regions = "id,name,population\nR1,R1,1000\nR2,R2,1000\nR3,R3,1000\nR4,R4,1000\nR5,R5,1000\n";
    let dir = tempfile::tempdir().unwrap();
    let p = package(dir.path(), &[("regions", regions), ("employment", &emp)], "");
    let e = engine(&p);
    let mut cells = Vec::new();
    e.location_quotients(2020, &LqBase::default(), &mut |c| cells.push(c)).unwrap();
    assert_eq!(cells.len(), 25);
    for c in &cells {
        let r: usize = c.region_id[1..].parse().unwrap();
        let i: usize = c.industry[1..].parse().unwrap();
        let w = want[r - 1][i - 1];
        let got = c.lq.unwrap();
        if w == 1.0 {
            assert_eq!(got, 1.0, "{c:?}");
        } else {
            assert!((got - w).abs() < 1e-12, "{c:?} want {w}");
        }
    }
    // The indicator: each region's highest quotient.
    let v = e.indicators(&[2020], &|_, _| {}).unwrap();
    for (r, want) in [5.0, 3.5, 2.5, 2.0, 2.75].into_iter().enumerate() {
        assert!((v.get("top_lq", r, 0).unwrap() - want).abs() < 1e-12);
    }
}

/// REAT's Farhauer & Kröll (2013) example: Dunn's regional shift A −3, B 32, C −29 on bases 180, 160,
/// 760 (the nation is A + B + C). `regional_shift_pct` = 100 × shift / base, tolerance 1e-9.
#[test]
fn reat_shift_share_through_the_engine() {
    let t0 = [("A", [90, 20, 10, 60]), ("B", [60, 30, 30, 40]), ("C", [250, 100, 110, 300])];
    let t1 = [("A", [100, 40, 10, 55]), ("B", [85, 55, 40, 35]), ("C", [255, 115, 85, 390])];
    let mut emp = String::from("region_id,industry,year,employees\n");
    for (year, table) in [(2000, &t0), (2005, &t1)] {
        for (r, row) in table.iter() {
            for (i, v) in row.iter().enumerate() {
                emp.push_str(&format!("{r},S{i},{year},{v}\n"));
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let p = package(dir.path(), &[("regions", "id,name\nA,A\nB,B\nC,C\n"), ("employment", &emp)], "");
    let e = engine(&p);
    assert_eq!(e.years().unwrap(), &[2000, 2005]);
    let v = e.indicators(&[2000, 2005], &|_, _| {}).unwrap();
    for (r, want) in [(0, -3.0 / 180.0), (1, 32.0 / 160.0), (2, -29.0 / 760.0)] {
        let got = v.get("regional_shift_pct", r, 1).unwrap();
        assert!((got - 100.0 * want).abs() < 1e-9, "region {r}: {got}");
        assert_eq!(v.get("regional_shift_pct", r, 0), None, "no base five years before 2000");
    }
    // Absent tables are no evidence, not zero.
    assert!(!v.has_evidence("patents_per_100k"));
    assert_eq!(v.get("patents_per_100k", 0, 1), None);
}

/// A reference region and a total row (as statistical offices publish them): the area's share comes
/// from its total row, the reference share from the nation's rows.
#[test]
fn explicit_reference_base() {
    let emp = "region_id,industry,year,employees\n\
               US,TOTAL,2025,1000\nUS,a,2025,100\nUS,b,2025,50\n\
               X,TOTAL,2025,200\nX,a,2025,40\nX,b,2025,5\n";
    let dir = tempfile::tempdir().unwrap();
    let settings = r#", "chiiki": {"reference_region": "US", "total_industry": "TOTAL"}"#;
    let p = package(dir.path(), &[("regions", "id,name\nUS,Nation\nX,Area\n"), ("employment", emp)], settings);
    assert_eq!(p.settings.reference_region.as_deref(), Some("US"));
    let e = engine(&p);
    let base = LqBase {
        reference_region: p.settings.reference_region.clone(),
        total_industry: p.settings.total_industry.clone(),
    };
    let mut cells = Vec::new();
    e.location_quotients(2025, &base, &mut |c| cells.push(c)).unwrap();
    let lq = |r: &str, i: &str| cells.iter().find(|c| c.region_id == r && c.industry == i).unwrap().lq.unwrap();
    assert_eq!(cells.len(), 4, "total rows are not cells");
    assert!((lq("X", "a") - (40.0 / 200.0) / (100.0 / 1000.0)).abs() < 1e-12);
    assert!((lq("X", "b") - (5.0 / 200.0) / (50.0 / 1000.0)).abs() < 1e-12);
    assert!((lq("US", "a") - 1.0).abs() < 1e-12);
    let bad = LqBase { reference_region: Some("nowhere".into()), total_industry: None };
    let err = e.location_quotients(2025, &bad, &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("unknown region `nowhere`"), "{err}");
}

/// The same tables as Parquet give the same values: the EconGeo employment written to a Parquet file
/// by DataFusion itself, then read through a descriptor that names it.
#[test]
fn parquet_tables_read_like_csv() {
    let mut emp = String::from("region_id,industry,year,employees,establishments\n");
    for (r, row) in [[100, 0, 0], [0, 15, 5], [10, 20, 50]].iter().enumerate() {
        for (i, v) in row.iter().enumerate() {
            emp.push_str(&format!("0{r},I{i},2020,{v},1\n"));
        }
    }
    let regions = "id,name,population\n00,A,1000\n01,B,2000\n02,C,3000\n";
    let dir = tempfile::tempdir().unwrap();
    let p = package(dir.path(), &[("regions", regions), ("employment", &emp)], "");
    let csv_engine = engine(&p);
    let pq_engine = parquet_twin(
        dir.path(),
        &csv_engine,
        "employment",
        r#"{"resources": [{"name": "regions", "path": "regions.csv"}, {"name": "employment", "path": "employment.parquet"}]}"#,
    );
    let a = csv_engine.indicators(&[2020], &|_, _| {}).unwrap();
    let b = pq_engine.indicators(&[2020], &|_, _| {}).unwrap();
    assert_eq!(a, b);
    assert_eq!(b.regions, vec!["00", "01", "02"], "ids stay text");
    assert!((b.get("top_lq", 1, 0).unwrap() - (15.0 / 20.0) / (35.0 / 200.0)).abs() < 1e-12);
}

/// Organisations as Parquet read like the CSV they came from: text cells padded with spaces (kept as
/// they are in the Parquet file, trimmed when read), optional columns absent. The CSV reader trims
/// its cells; the counts of each kind must come out the same.
#[test]
fn parquet_organisations_read_like_csv() {
    let emp = "region_id,industry,year,employees\n00,I0,2020,100\n01,I0,2020,50\n02,I0,2020,20\n";
    let regions = "id,name,population\n00,A,1000\n01,B,2000\n02,C,3000\n";
    let orgs = "id,name,kind,region_id,founded,employees\nu1,Uni,university,00,1950,900\n\
                \" s1 \",Start one, startup ,01,2019,12\ns2,Start two,startup,01 ,2020,8\nm1,Mid,mid_sized,02,1990,300\n";
    let dir = tempfile::tempdir().unwrap();
    let p = package(dir.path(), &[("regions", regions), ("employment", emp), ("organizations", orgs)], "");
    let csv_engine = engine(&p);
    let pq_engine = parquet_twin(
        dir.path(),
        &csv_engine,
        "organizations",
        r#"{"resources": [{"name": "regions", "path": "regions.csv"}, {"name": "employment", "path": "employment.csv"},
            {"name": "organizations", "path": "organizations.parquet"}]}"#,
    );
    let a = csv_engine.indicators(&[2020], &|_, _| {}).unwrap();
    let b = pq_engine.indicators(&[2020], &|_, _| {}).unwrap();
    assert_eq!(a, b);
    // Region 02's one firm is mid-sized: all of its firms' jobs, in per cent.
    assert_eq!(b.get("mid_sized_job_share", 2, 0), Some(100.0));
    assert!(b.get("mid_sized_job_share", 1, 0).is_some_and(|v| v == 0.0), "region 01's firms are start-ups");
}

/// Parents and people's organisations that are not organisations are counted and named, from a CSV
/// file and from its Parquet twin (hand-counted: one parent, `o9`; two people, `o7` and `o8`; an empty
/// parent or organisation is none).
#[test]
fn unknown_parents_and_people_organisations_are_counted() {
    let regions = "id,name,population\nR1,R1,1000\nR2,R2,2000\n";
    let orgs = "id,kind,region_id,founded,parent_id\no1,university,R1,1990,\no2,startup,R1,2010,o9\n\
                o3,large,R2,1970,o1\no4,startup,R2,2015,o3\n";
    let people = "id,region_id,org_id,role\np1,R1,o1,researcher\np2,,o7,researcher\np3,R2,,researcher\n\
                  p4,,o8,leader\np5,,o4,researcher\n";
    let mentions = "region_id,year,count\nR1,2020,3\n";
    let dir = tempfile::tempdir().unwrap();
    let tables = [("regions", regions), ("organizations", orgs), ("people", people), ("mentions", mentions)];
    let csv = engine(&package(dir.path(), &tables, ""));
    let want = [
        "organizations: 1 rows with a parent_id that is not an organisation".to_string(),
        "people: 2 rows with an org_id that is not an organisation".to_string(),
    ];
    let failed = |e: &Engine| match e.indicators(&[2020], &|_, _| {}) {
        Err(chiiki_engine::EngineError::Invalid(list)) => list,
        other => panic!("expected the broken rows, got {:?}", other.map(|v| v.regions)),
    };
    assert_eq!(failed(&csv), want);
    let descriptor = r#"{"resources": [{"name": "regions", "path": "regions.csv"},
        {"name": "organizations", "path": "organizations.parquet", "format": "parquet"},
        {"name": "people", "path": "people.csv"}, {"name": "mentions", "path": "mentions.csv"}]}"#;
    let parquet = parquet_twin(dir.path(), &csv, "organizations", descriptor);
    assert_eq!(failed(&parquet), want);
}

/// Each way a patent or a person breaks the contract fails its check on its own (hand-made packages of
/// one bad row beside good ones): an unknown or empty region, an empty id, an empty technology class,
/// negative citations; a person's empty region is allowed.
#[test]
fn patents_and_people_checks_fail_on_each_bad_row() {
    let regions = "id,name,population\nR1,R1,1000\nR2,R2,2000\n";
    let good_patents = "id,region_id,tech_class,year,citations\nq1,R1,A,2020,1\nq2,R2,B,2020,0\n";
    let good_people = "id,region_id,org_id,role\np1,R1,,researcher\np2,,,researcher\n";
    let patents_fail =
        "patents: an empty or repeated id, an unknown region, an empty technology class or negative citations";
    let people_fail = "people: an empty id or an unknown region";
    let cases = [
        (format!("{good_patents}q3,R9,A,2020,1\n"), good_people.to_string(), Some(patents_fail)),
        (format!("{good_patents}q3,,A,2020,1\n"), good_people.to_string(), Some(patents_fail)),
        (format!("{good_patents},R1,A,2020,1\n"), good_people.to_string(), Some(patents_fail)),
        (format!("{good_patents}q3,R1,,2020,1\n"), good_people.to_string(), Some(patents_fail)),
        (format!("{good_patents}q3,R1,A,2020,-2\n"), good_people.to_string(), Some(patents_fail)),
        (good_patents.to_string(), format!("{good_people}p3,R9,,researcher\n"), Some(people_fail)),
        (good_patents.to_string(), format!("{good_people},R1,,researcher\n"), Some(people_fail)),
        (good_patents.to_string(), good_people.to_string(), None),
    ];
    for (patents, people, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        let tables = [("regions", regions), ("patents", patents.as_str()), ("people", people.as_str())];
        let csv = engine(&package(dir.path(), &tables, ""));
        // The same package with patents as Parquet as the CSV file reads (plain text), and with patents and
        // people as `convert` writes them (regions, classes and roles as dictionaries).
        let descriptor = r#"{"resources": [{"name": "regions", "path": "regions.csv"},
            {"name": "patents", "path": "patents.parquet", "format": "parquet"}, {"name": "people", "path": "people.csv"}]}"#;
        let converted = dir.path().join("converted");
        std::fs::create_dir(&converted).unwrap();
        std::fs::copy(dir.path().join("regions.csv"), converted.join("regions.csv")).unwrap();
        for t in ["patents", "people"] {
            csv.write_parquet(t, &converted.join(format!("{t}.parquet"))).unwrap();
        }
        let both = descriptor.replace(r#""people.csv"}"#, r#""people.parquet", "format": "parquet"}"#);
        std::fs::write(converted.join("datapackage.json"), both).unwrap();
        let engines = [
            ("csv", engine(&package(dir.path(), &tables, ""))),
            ("converted", engine(&Package::open(&converted).unwrap())),
            ("parquet", parquet_twin(dir.path(), &csv, "patents", descriptor)),
        ];
        for (format, e) in &engines {
            match (e.indicators(&[2020], &|_, _| {}), want) {
                (Err(chiiki_engine::EngineError::Invalid(list)), Some(w)) => {
                    assert_eq!(list, [w], "{format}: {patents}{people}")
                }
                (Ok(_), None) => {}
                (other, _) => {
                    panic!("{format}: {patents}{people}: expected {want:?}, got {:?}", other.map(|v| v.regions))
                }
            }
        }
    }
}

/// The patent indicators of a hand-made package, computed by hand for 2020 (window 2016–2020): R1 has
/// A, A, B (populations 1000), R2 has B, B (2000), R3 none (500); rows of 2015 and 2021 are outside the
/// window. n = 5, n_A = 2, n_B = 3. patents_per_100k: 300, 100, 0. top_patent_rca: R1 max((2/3)/(2/5),
/// (1/3)/(3/5)) = 5/3, R2 (2/2)/(3/5) = 5/3, R3 null. citation_share (an empty cell counts as none):
/// R1 4 of 10 = 40, R2 6 of 10 = 60, R3 0. The same from CSV, Parquet as read and Parquet as converted.
/// An id repeated outside the window is not a kept row and breaks nothing; inside, it fails the check.
/// Tolerance 1e-12.
#[test]
fn patent_indicators_by_hand() {
    let regions = "id,name,population\nR1,R1,1000\nR2,R2,2000\nR3,R3,500\n";
    let patents = "id,region_id,tech_class,year,citations\nq1,R1,A,2020,3\nq2,R1,A,2019,1\nq3,R1,B,2016,\n\
                   q4,R2,B,2020,4\nq5,R2,B,2018,2\nq1,R1,A,2015,100\nq7,R2,A,2021,50\n";
    let dir = tempfile::tempdir().unwrap();
    let tables = [("regions", regions), ("patents", patents)];
    let csv = engine(&package(dir.path(), &tables, ""));
    let converted = dir.path().join("converted");
    std::fs::create_dir(&converted).unwrap();
    std::fs::copy(dir.path().join("regions.csv"), converted.join("regions.csv")).unwrap();
    csv.write_parquet("patents", &converted.join("patents.parquet")).unwrap();
    let descriptor = r#"{"resources": [{"name": "regions", "path": "regions.csv"},
        {"name": "patents", "path": "patents.parquet", "format": "parquet"}]}"#;
    std::fs::write(converted.join("datapackage.json"), descriptor).unwrap();
    let engines = [
        ("converted", engine(&Package::open(&converted).unwrap())),
        ("parquet", parquet_twin(dir.path(), &csv, "patents", descriptor)),
        ("csv", csv),
    ];
    let want: [(&str, [Option<f64>; 3]); 3] = [
        ("patents_per_100k", [Some(300.0), Some(100.0), Some(0.0)]),
        ("top_patent_rca", [Some(5.0 / 3.0), Some(5.0 / 3.0), None]),
        ("citation_share", [Some(40.0), Some(60.0), Some(0.0)]),
    ];
    for (format, e) in &engines {
        let v = e.indicators(&[2020], &|_, _| {}).unwrap();
        for (id, values) in want {
            for (r, w) in values.into_iter().enumerate() {
                let got = v.get(id, r, 0);
                match (got, w) {
                    (Some(g), Some(w)) => assert!((g - w).abs() < 1e-12, "{format} {id} R{}: {g} against {w}", r + 1),
                    _ => assert_eq!(got, w, "{format} {id} R{}", r + 1),
                }
            }
        }
    }
    let repeated = patents.replace("q5,R2,B,2018", "q4,R2,B,2018");
    let dir = tempfile::tempdir().unwrap();
    match engine(&package(dir.path(), &[("regions", regions), ("patents", &repeated)], ""))
        .indicators(&[2020], &|_, _| {})
    {
        Err(chiiki_engine::EngineError::Invalid(list)) => assert_eq!(list.len(), 1, "{list:?}"),
        other => panic!("a repeated id: expected the check to fail, got {:?}", other.map(|v| v.regions)),
    }
}

/// `researchers_per_100k` by hand: a researcher counts in their own region, else their organisation's,
/// else nowhere. R1 (population 1000) has p1 (own) and p6 (organisation o1), R2 (2000) has p2
/// (organisation o2) and p3 (own R2 before organisation o1): 200 and 100 per 100k. Without the
/// organisations table only own regions count: 100 and 50. Cells are trimmed. The same from CSV and
/// converted Parquet. Tolerance 1e-12.
#[test]
fn researchers_by_own_or_organisation_region() {
    let regions = "id,name,population\nR1,R1,1000\nR2,R2,2000\n";
    let orgs = "id,kind,region_id\no1,university,R1\no2,large,R2\n";
    let people = "id,region_id,org_id,role\np1,R1,,researcher\np2,,o2,researcher\np3,R2,o1,researcher\n\
                  p4,,,researcher\np5,R1,,leader\np6, ,o1 ,researcher\n";
    for (with_orgs, want) in [(true, [200.0, 100.0]), (false, [100.0, 50.0])] {
        let dir = tempfile::tempdir().unwrap();
        // Mentions give the run its year axis.
        let mentions = "region_id,year,count\nR1,2020,3\n";
        let mut tables = vec![("regions", regions), ("mentions", mentions), ("people", people)];
        if with_orgs {
            tables.push(("organizations", orgs));
        }
        let csv = engine(&package(dir.path(), &tables, ""));
        let converted = dir.path().join("converted");
        std::fs::create_dir(&converted).unwrap();
        let mut resources = vec![r#"{"name": "regions", "path": "regions.csv"}"#.to_string()];
        std::fs::copy(dir.path().join("regions.csv"), converted.join("regions.csv")).unwrap();
        for &(t, _) in &tables[1..] {
            csv.write_parquet(t, &converted.join(format!("{t}.parquet"))).unwrap();
            resources.push(format!(r#"{{"name": "{t}", "path": "{t}.parquet", "format": "parquet"}}"#));
        }
        let descriptor = format!(r#"{{"resources": [{}]}}"#, resources.join(", "));
        std::fs::write(converted.join("datapackage.json"), descriptor).unwrap();
        for (format, e) in [("csv", &csv), ("converted", &engine(&Package::open(&converted).unwrap()))] {
            let v = e.indicators(&[2020], &|_, _| {}).unwrap();
            for (r, w) in want.iter().enumerate() {
                let got = v.get("researchers_per_100k", r, 0).unwrap();
                assert!((got - w).abs() < 1e-12, "{format}, organisations {with_orgs}, R{}: {got} against {w}", r + 1);
            }
        }
    }
}
