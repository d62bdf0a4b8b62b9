//! Golden tests: the study's four Comparative Analysis Charts come out of `chiiki chart` exactly as
//! printed, in every format, and `chiiki diagnose` finds the printed formation bases.
//!
//! Source: NISTEP Policy Study No. 9 (2004), Figure 2 — Sapporo IT Cluster (base 3, core start-ups),
//! Kagawa Rare Sugar Cluster (1, intellectual agglomeration), Fukui Nano-Cluster (2, corporate
//! agglomeration), Kobe Bio Cluster (4, sense of economic crisis). The marks and keywords are read
//! from the project's transcription, `data/study/comparative-charts.csv`; tolerance: exact.

mod common;

use common::*;

use std::collections::BTreeMap;

use serde_json::Value;

/// The printed chart: region → condition → (strength, proposal, keywords); unlisted rows are empty.
type Printed = BTreeMap<String, BTreeMap<u16, (u8, u8, String)>>;

const REGIONS: [(&str, u8); 4] = [("sapporo", 3), ("kagawa", 1), ("fukui", 2), ("kobe", 4)];

fn printed() -> Printed {
    let mut out = Printed::new();
    let mut reader = csv::Reader::from_path(root().join("data/study/comparative-charts.csv")).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let entry = out.entry(row[0].to_string()).or_default();
        entry.insert(row[3].parse().unwrap(), (row[4].parse().unwrap(), row[5].parse().unwrap(), row[6].to_string()));
    }
    for (region, _) in REGIONS {
        let chart = out.get_mut(region).unwrap();
        for c in 1..=15 {
            chart.entry(c).or_insert((0, 0, String::new()));
        }
    }
    out
}

fn stars(n: u8) -> String {
    "*".repeat(n.into())
}

#[test]
fn the_transcription_is_the_shared_verified_copy() {
    // When the verified transcription is beside the project (as in CI), the project's copy must be
    // identical to it.
    let shared = root().join("../shared/study/comparative-charts.csv");
    if shared.exists() {
        let ours = std::fs::read_to_string(root().join("data/study/comparative-charts.csv")).unwrap();
        assert_eq!(ours, std::fs::read_to_string(shared).unwrap());
    }
    let p = printed();
    // The study lists three strengths and three proposals per region (Fukui: condition 9 has keywords only).
    let count = |r: &str, f: fn(&(u8, u8, String)) -> bool| p[r].values().filter(|v| f(v)).count();
    for (region, _) in REGIONS {
        assert_eq!(count(region, |v| v.0 > 0), 3, "{region} strengths");
        assert_eq!(count(region, |v| v.1 > 0), 3, "{region} proposals");
    }
}

#[test]
fn json_charts_match_the_study_and_keep_the_contract() {
    let p = printed();
    for (region, base) in REGIONS {
        let v: Value = serde_json::from_str(&chiiki(&["chart", region, "--format", "json"])).unwrap();
        assert_eq!(v["region"]["id"], region);
        assert!(v["region"]["name"].as_str().unwrap().contains("Cluster"));
        assert_eq!(v["formation_base"]["id"], base, "{region}");
        assert!(v["formation_base"]["name"].is_string());
        let conditions = v["conditions"].as_array().unwrap();
        assert_eq!(conditions.len(), 15);
        for (i, c) in conditions.iter().enumerate() {
            let id = i as u16 + 1;
            assert_eq!(c["id"], id);
            let step = match id {
                1..=6 => "formation",
                7..=12 => "promotion",
                _ => "output",
            };
            assert_eq!(c["step"], step);
            assert!(!c["name"].as_str().unwrap().is_empty());
            let (s, pr, kw) = &p[region][&id];
            assert_eq!(
                (c["strength"].as_u64().unwrap(), c["proposal"].as_u64().unwrap()),
                (*s as u64, *pr as u64),
                "{region} {id}"
            );
            let keywords: Vec<&str> = c["keywords"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
            let expected: Vec<&str> = if kw.is_empty() { vec![] } else { vec![kw.as_str()] };
            assert_eq!(keywords, expected, "{region} {id}");
        }
        assert!(v["agreement"].is_null(), "a single assessor has no agreement statistic");
    }
}

#[test]
fn csv_charts_match_the_study() {
    let p = printed();
    let out = chiiki(&["chart", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "region",
            "cluster",
            "formation_base",
            "condition",
            "step",
            "base",
            "name",
            "strength",
            "proposal",
            "keywords"
        ]
    );
    let mut seen = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let base = REGIONS.iter().find(|r| r.0 == &row[0]).unwrap().1;
        assert_eq!(row[2].parse::<u8>().unwrap(), base);
        let (s, pr, kw) = &p[&row[0]][&row[3].parse::<u16>().unwrap()];
        assert_eq!((&row[7], &row[8], &row[9]), (s.to_string().as_str(), pr.to_string().as_str(), kw.as_str()));
        seen += 1;
    }
    assert_eq!(seen, 60);
}

#[test]
fn markdown_charts_match_the_study() {
    let p = printed();
    for (region, base) in REGIONS {
        let md = chiiki(&["chart", region, "--format", "markdown"]);
        assert!(md.contains(&format!("({base})")), "{md}");
        let rows: Vec<Vec<String>> = md
            .lines()
            .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
            .skip(1)
            .map(|l| {
                // Split on unescaped pipes, then unescape.
                let mut cells = vec![String::new()];
                let mut chars = l.chars();
                while let Some(ch) = chars.next() {
                    match ch {
                        '\\' => cells.last_mut().unwrap().push(chars.next().unwrap()),
                        '|' => cells.push(String::new()),
                        _ => cells.last_mut().unwrap().push(ch),
                    }
                }
                cells.into_iter().map(|c| c.trim().to_string()).collect()
            })
            .collect();
        assert_eq!(rows.len(), 15, "{md}");
        for row in rows {
            let id: u16 = row[3].parse().unwrap();
            let (s, pr, kw) = &p[region][&id];
            assert_eq!((&row[5], &row[6], &row[7]), (&stars(*s), &stars(*pr), kw), "{region} {id}");
        }
    }
}

#[test]
fn text_charts_match_the_study() {
    let p = printed();
    for (region, base) in REGIONS {
        let text = chiiki(&["chart", region]);
        assert!(text.lines().nth(1).unwrap().contains(&format!("({base})")));
        let header = text.lines().find(|l| l.starts_with("Step")).unwrap();
        let s_col = header.find("Strength").unwrap();
        let p_col = header.find("Proposal").unwrap();
        let k_col = header.find("Keywords").unwrap();
        let mut keywords: BTreeMap<u16, String> = BTreeMap::new();
        let mut current = 0;
        for line in text.lines().skip_while(|l| !l.starts_with('─')).skip(1).take_while(|l| !l.starts_with('─')) {
            if line.starts_with('╌') {
                continue;
            }
            let number = line.get(17..20).map(str::trim).unwrap_or("");
            if let Ok(id) = number.parse::<u16>() {
                current = id;
                let cell = |from: usize, to: usize| line.get(from..to.min(line.len())).unwrap_or("").trim().to_string();
                let (s, pr, _) = &p[region][&id];
                assert_eq!(cell(s_col, p_col), stars(*s), "{region} {id} strength in {line:?}");
                assert_eq!(cell(p_col, k_col), stars(*pr), "{region} {id} proposal in {line:?}");
            }
            let kw = line.get(k_col..).unwrap_or("").trim();
            if !kw.is_empty() {
                let entry = keywords.entry(current).or_default();
                if !entry.is_empty() {
                    entry.push(' ');
                }
                entry.push_str(kw);
            }
        }
        assert_eq!(current, 15);
        for (id, (_, _, kw)) in &p[region] {
            assert_eq!(keywords.get(id).map_or("", String::as_str), kw.as_str(), "{region} {id}");
        }
    }
}

#[test]
fn diagnose_finds_the_printed_formation_bases() {
    let v: Value = serde_json::from_str(&chiiki(&["diagnose", "--format", "json"])).unwrap();
    let regions = v["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 4);
    let p = printed();
    for ((region, base), r) in REGIONS.iter().zip(regions) {
        assert_eq!(r["id"], *region);
        assert_eq!(r["formation_base"]["id"], *base);
        assert_eq!(r["formation_base"]["tied_with"].as_array().unwrap().len(), 0);
        assert!(r["agreement"].is_null());
        // Strengths and proposals: every marked condition, highest mark first, then by number.
        for (key, pick) in [("strengths", 0usize), ("proposals", 1)] {
            let got: Vec<(u64, u64)> = r[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| (m["condition"].as_u64().unwrap(), m["mark"].as_u64().unwrap()))
                .collect();
            let mut want: Vec<(u64, u64)> = p[*region]
                .iter()
                .map(|(c, v)| (u64::from(*c), u64::from(if pick == 0 { v.0 } else { v.1 })))
                .filter(|x| x.1 > 0)
                .collect();
            want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            assert_eq!(got, want, "{region} {key}");
        }
    }
    // Kobe: world-class technology (**) is a formation strength too, but the crisis (***) is stronger.
    assert_eq!(regions[3]["strengths"][0], serde_json::json!({"condition": 6, "mark": 3}));
    assert!(v["agreement"].is_null());
}

#[test]
fn japanese_labels_are_used_with_lang_ja() {
    let v: Value = serde_json::from_str(&chiiki(&["chart", "kagawa", "--format", "json", "--lang", "ja"])).unwrap();
    assert_eq!(v["region"]["name"], "香川希少糖クラスター");
    assert_eq!(v["formation_base"]["name"], "知的集積");
    assert_eq!(v["conditions"][1]["name"], "世界水準の技術");
    assert_eq!(v["conditions"][1]["strength"], 3);
    let text = chiiki(&["chart", "kagawa", "--lang", "ja"]);
    assert!(text.contains("形成基盤: (1) 知的集積"), "{text}");
}

/// The text of an element and its descendants.
fn all_text(node: roxmltree::Node) -> String {
    node.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap()).collect::<Vec<_>>().join(" ")
}

#[test]
fn svg_charts_match_the_study() {
    let p = printed();
    for (region, base) in REGIONS {
        let svg = chiiki(&["chart", region, "--format", "svg"]);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("data-region"), Some(region));
        assert!(all_text(root).contains(&format!("({base})")));
        let rows: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("row")).collect();
        assert_eq!(rows.len(), 15);
        for row in rows {
            let id: u16 = row.attribute("data-condition").unwrap().parse().unwrap();
            let (s, pr, kw) = &p[region][&id];
            let cell = |class: &str| row.descendants().find(|n| n.attribute("class") == Some(class)).unwrap();
            for (class, mark) in [("strength", s), ("proposal", pr)] {
                let node = cell(class);
                assert_eq!(node.attribute("data-mark"), Some(mark.to_string().as_str()), "{region} {id} {class}");
                assert_eq!(all_text(node).trim(), stars(*mark), "{region} {id} {class}");
            }
            // Wrapped keyword lines joined by spaces give back the keywords.
            let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(words(&all_text(cell("keywords"))), words(kw), "{region} {id}");
        }
    }
}

#[test]
fn html_charts_match_the_study() {
    let p = printed();
    let html = chiiki(&["chart", "--format", "html"]);
    assert!(html.starts_with("<!doctype html>") || html.starts_with("<!DOCTYPE html>"));
    for external in ["<script", "<link", "src=", "url(http", "@import"] {
        assert!(!html.contains(external), "the page loads nothing from elsewhere ({external})");
    }
    let body = &html[html.find("<html").unwrap()..];
    let doc = roxmltree::Document::parse(body).unwrap();
    let sections: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("chart")).collect();
    assert_eq!(sections.len(), 4);
    for (section, (region, base)) in sections.iter().zip(REGIONS) {
        assert_eq!(section.attribute("data-region"), Some(region));
        assert!(all_text(*section).contains(&format!("({base})")));
        let rows: Vec<_> = section.descendants().filter(|n| n.has_attribute("data-condition")).collect();
        assert_eq!(rows.len(), 15);
        for row in rows {
            let id: u16 = row.attribute("data-condition").unwrap().parse().unwrap();
            let (s, pr, kw) = &p[region][&id];
            let cell = |class: &str| {
                row.children().find(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|x| x == class))).unwrap()
            };
            assert_eq!(cell("strength").attribute("data-mark"), Some(s.to_string().as_str()), "{region} {id}");
            assert_eq!(cell("proposal").attribute("data-mark"), Some(pr.to_string().as_str()), "{region} {id}");
            assert_eq!(all_text(cell("strength")).trim(), stars(*s));
            assert_eq!(all_text(cell("proposal")).trim(), stars(*pr));
            assert_eq!(all_text(cell("keywords")).trim(), kw.as_str(), "{region} {id}");
        }
    }
}
