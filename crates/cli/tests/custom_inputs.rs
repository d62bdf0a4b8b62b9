//! A user's own rubric and regions: `--framework` extends the study's definition without
//! recompiling, and `--regions` with `--assessments` charts regions the study never covered.

mod common;

use common::*;

use serde_json::Value;

#[test]
fn an_extended_framework_adds_a_condition() {
    let dir = tempfile::tempdir().unwrap();
    // The exported definition plus a sixteenth condition in the output step.
    let exported = chiiki(&["framework", "--format", "toml"]);
    let extended = format!(
        "{exported}\n[[conditions]]\nid = 16\nstep = \"output\"\nen = \"Renewal into related fields\"\nja = \"関連分野への展開\"\n"
    );
    let fw = write(dir.path(), "extended.toml", &extended);
    let v: Value =
        serde_json::from_str(&chiiki(&["chart", "sapporo", "--format", "json", "--framework", &fw])).unwrap();
    let conditions = v["conditions"].as_array().unwrap();
    assert_eq!(conditions.len(), 16);
    assert_eq!(conditions[15]["name"], "Renewal into related fields");
    assert_eq!(conditions[15]["step"], "output");
    assert_eq!(v["formation_base"]["id"], 3, "the study's marks still give Sapporo base 3");
    let listing = chiiki(&["framework", "--framework", &fw, "--lang", "ja"]);
    assert!(listing.contains("16  関連分野への展開"), "{listing}");
}

#[test]
fn new_regions_with_their_own_assessments() {
    let dir = tempfile::tempdir().unwrap();
    let regions = write(
        dir.path(),
        "regions.csv",
        "id,name,name_ja,kind,code,lat,lon\nhamamatsu,Hamamatsu Optronics Cluster,浜松オプトロニクスクラスター,cluster_area,22,34.71,137.73\n",
    );
    let assessments = write(
        dir.path(),
        "assessments.csv",
        "region_id,assessor,condition,strength,proposal,keywords\nhamamatsu,ito,4,3,0,Yamaha Motor spin-offs\nhamamatsu,ito,5,3,0,\nhamamatsu,ito,13,0,2,\n",
    );
    let listing = chiiki(&["regions", "--regions", &regions, "--assessments", &assessments]);
    assert!(listing.contains("hamamatsu  Hamamatsu Optronics Cluster  cluster_area  ito"), "{listing}");
    let v: Value = serde_json::from_str(&chiiki(&[
        "chart",
        "hamamatsu",
        "--format",
        "json",
        "--regions",
        &regions,
        "--assessments",
        &assessments,
    ]))
    .unwrap();
    // Conditions 4 (base 2) and 5 (base 3) tie at ***; base 2 and base 3 both total 3, so the lower
    // number wins and the tie is reported.
    assert_eq!(v["formation_base"]["id"], 2);
    assert_eq!(v["formation_base"]["tied_with"][0]["id"], 3);
    let text = chiiki(&["chart", "hamamatsu", "--regions", &regions, "--assessments", &assessments]);
    assert!(text.contains("Formation base: (2) Corporate agglomeration; tied with (3) Core start-ups"), "{text}");
}

#[test]
fn out_dir_writes_one_file_per_region() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("charts");
    chiiki(&["chart", "--format", "json", "--out-dir", &out.display().to_string()]);
    for region in ["sapporo", "kagawa", "fukui", "kobe"] {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join(format!("{region}.json"))).unwrap()).unwrap();
        assert_eq!(v["region"]["id"], region);
    }
    let all: Value = serde_json::from_str(&chiiki(&["chart", "--format", "json"])).unwrap();
    assert_eq!(all["charts"].as_array().unwrap().len(), 4);
}
