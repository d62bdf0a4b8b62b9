//! Bad input, as a user would produce it: each is refused with a message naming the file, line and
//! field, a non-zero exit status, nothing on standard output and no file written or replaced.

mod common;

use common::*;

use assert_cmd::Command;

const HEADER: &str = "region_id,assessor,condition,strength,proposal,keywords,evidence,date\n";

/// Each bad assessments file is refused by `chart --out`, which must leave an earlier output alone.
fn assert_refused_everywhere(content: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "assessments.csv", content);
    let earlier = write(dir.path(), "kobe.svg", "<svg>earlier</svg>");
    for args in [
        vec!["chart", "kobe", "--format", "svg", "--assessments", &file, "--out", &earlier],
        vec!["diagnose", "--assessments", &file],
        vec!["regions", "--assessments", &file],
    ] {
        let r = refused(&args);
        for e in expected {
            assert!(r.contains(&e.replace("FILE", &file)), "{args:?}: expected {e:?} in\n{}", r);
        }
    }
    assert_eq!(std::fs::read_to_string(&earlier).unwrap(), "<svg>earlier</svg>", "the earlier output is untouched");
    let entries = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(entries, 2, "no temporary file is left behind");
}

#[test]
fn unknown_region() {
    assert_refused_everywhere(
        &format!("{HEADER}kobe,ito,6,3,0,,,\nosaka,ito,6,3,0,,,\n"),
        &["FILE:3: field `region_id`: unknown region `osaka`"],
    );
}

#[test]
fn unknown_condition() {
    assert_refused_everywhere(
        &format!("{HEADER}kobe,ito,0,3,0,,,\nkobe,ito,16,1,0,,,\n"),
        &["FILE:2: field `condition`: unknown condition `0`", "FILE:3: field `condition`: unknown condition `16`"],
    );
}

#[test]
fn marks_out_of_range() {
    assert_refused_everywhere(
        &format!("{HEADER}kobe,ito,6,4,0,,,\nkobe,ito,7,1,-1,,,\nkobe,ito,8,***,0,,,\n"),
        &[
            "3 problems",
            "FILE:2: field `strength`: mark `4` is not a whole number from 0 to 3",
            "FILE:3: field `proposal`: mark `-1`",
            "FILE:4: field `strength`: mark `***`",
        ],
    );
}

#[test]
fn duplicate_region_assessor_condition() {
    assert_refused_everywhere(
        &format!("{HEADER}kobe,ito,6,3,0,,,\nkobe,ito,6,2,0,,,\n"),
        &["FILE:3: field `condition`: assessor `ito` already marked condition 6 of region `kobe` on line 2"],
    );
}

#[test]
fn malformed_and_truncated_csv() {
    // A row cut off in the middle, as a failed copy leaves it.
    assert_refused_everywhere(
        &format!("{HEADER}kobe,ito,6,3,0,,,\nkobe,ito,7,"),
        &["FILE:3: malformed row: it has 4 fields"],
    );
    // An unclosed quote.
    assert_refused_everywhere(
        &format!("{HEADER}kobe,ito,6,3,0,\"quake,,\nkobe,ito,7,1,0,,,\n"),
        &["FILE:2: malformed row"],
    );
}

#[test]
fn wrong_header() {
    assert_refused_everywhere(
        "region,assessor,condition,strength,proposal\nkobe,ito,6,3,0\n",
        &["FILE:1: field `region_id`: required column is missing from the header"],
    );
    assert_refused_everywhere("", &["FILE:1: the file is empty or has no header line"]);
    assert_refused_everywhere(
        "region_id,assessor,condition,strength,proposal,strength\nkobe,ito,6,3,0,1\n",
        &["FILE:1: field `strength`: column appears twice in the header"],
    );
}

#[test]
fn a_large_file_reports_its_last_line() {
    // 60,000 valid rows (4,000 assessors × 15 conditions) and one bad mark on the last line.
    let mut content = String::from(HEADER);
    for a in 0..4000 {
        for c in 1..=15 {
            content.push_str(&format!("kobe,assessor-{a},{c},{},{},,,\n", (a + c) % 4, (a * c) % 4));
        }
    }
    content.push_str("kobe,late,1,7,0,,,\n");
    assert_refused_everywhere(&content, &["FILE:60002: field `strength`: mark `7`"]);
}

#[test]
fn a_missing_file_is_named() {
    let r = refused(&["chart", "--assessments", "/nonexistent/assessments.csv"]);
    assert!(r.contains("cannot read /nonexistent/assessments.csv"), "{}", r);
}

#[test]
fn unknown_region_on_the_command_line() {
    let r = refused(&["chart", "osaka"]);
    assert!(r.contains("unknown region `osaka` (known: sapporo, kagawa, fukui, kobe)"), "{}", r);
}

#[test]
fn an_invalid_framework_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = chiiki_framework::STUDY_FRAMEWORK_TOML;
    // A condition in a step that does not exist.
    let bad = good.replacen("step = \"output\"", "step = \"outcome\"", 1);
    let line = bad.lines().position(|l| l.contains("\"outcome\"")).unwrap() + 1;
    let path = write(dir.path(), "rubric.toml", &bad);
    let r = refused(&["framework", "--framework", &path]);
    assert!(r.contains(&format!("{path}: line {line}: condition 13 names step `outcome`")), "{}", r);
    // A TOML syntax error.
    let path = write(dir.path(), "broken.toml", "id = \"x\"\n[scale\n");
    let r = refused(&["chart", "--framework", &path]);
    assert!(r.contains(&format!("{path}: line 2:")), "{}", r);
}

#[test]
fn a_custom_framework_that_the_study_does_not_fit() {
    // A rubric with a 0–1 scale: the study's *** marks do not fit it.
    let dir = tempfile::tempdir().unwrap();
    let two_levels = chiiki_framework::STUDY_FRAMEWORK_TOML
        .replace("max = 3", "max = 1")
        .replace("  { value = 2, symbol = \"**\", en = \"marked\", ja = \"中\" },\n", "")
        .replace("  { value = 3, symbol = \"***\", en = \"strong\", ja = \"強\" },\n", "");
    let path = write(dir.path(), "yes-no.toml", &two_levels);
    let r = refused(&["chart", "sapporo", "--framework", &path]);
    assert!(r.contains("do not fit this framework"), "{}", r);
    assert!(r.contains("data/study/comparative-charts.csv:3: field `strength`: mark `3`"), "{}", r);
}

#[test]
fn usage_errors_exit_with_2() {
    let out = Command::cargo_bin("chiiki").unwrap().args(["chart", "kobe", "--format", "pdf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'pdf'"));
}

#[test]
fn bad_regions_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "regions.csv", "id,name,lat\nhama,Hamamatsu,34.7\nhama,Again,134.7\n");
    let r = refused(&["regions", "--regions", &path]);
    assert!(
        r.contains(&format!("{path}:3: field `id`: duplicate region id `hama` (first defined on line 2)")),
        "{}",
        r
    );
    assert!(r.contains(&format!("{path}:3: field `lat`: `134.7` is not a number between -90 and 90")), "{}", r);
}
