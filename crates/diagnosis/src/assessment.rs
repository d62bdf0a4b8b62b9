//! Expert assessments: one row per assessor, region and condition (the `assessments.csv` table).

use std::collections::HashMap;
use std::io::Read;

use chiiki_framework::{ConditionId, Framework, Mark};

use chiiki_package::Region;
use chiiki_package::row::{Row, read_rows};
use chiiki_package::{InputError, InputErrors};

/// One assessor's marks for one condition of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The region assessed.
    pub region_id: String,
    /// Who gave the marks.
    pub assessor: String,
    /// The condition marked.
    pub condition: ConditionId,
    /// The strength at the time of formation.
    pub strength: Mark,
    /// The proposed promotion condition for the near future.
    pub proposal: Mark,
    /// Keywords (the CSV field holds them separated by `;`).
    pub keywords: Vec<String>,
    /// Free text: the evidence behind the marks.
    pub evidence: String,
    /// When the marks were given (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if stated.
    pub date: Option<String>,
    /// The line of the input the marks came from (1-based), for later messages.
    pub line: u64,
}

/// The columns `assessments.csv` must have.
pub const REQUIRED_COLUMNS: [&str; 5] = ["region_id", "assessor", "condition", "strength", "proposal"];

/// Splits a keywords field on `;` and trims each keyword; empty keywords are dropped.
pub(crate) fn split_keywords(field: &str) -> Vec<String> {
    field.split(';').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect()
}

fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize, lo: u32, hi: u32| {
        p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) && (lo..=hi).contains(&p.parse::<u32>().unwrap_or(0))
    };
    match parts.as_slice() {
        [y] => num(y, 4, 1900, 2999),
        [y, m] => num(y, 4, 1900, 2999) && num(m, 2, 1, 12),
        [y, m, d] => num(y, 4, 1900, 2999) && num(m, 2, 1, 12) && num(d, 2, 1, 31),
        _ => false,
    }
}

/// Reads an `assessments.csv` table against a framework and the known regions.
///
/// Required columns: `region_id`, `assessor`, `condition`, `strength`, `proposal`; optional:
/// `keywords` (separated by `;`), `evidence`, `date`. Other columns are ignored.
///
/// # Errors
/// Every problem found, each naming `file`, line and column: a malformed or cut-off row, a missing
/// required column, an unknown region or condition, a mark that is not a whole number within the
/// framework's scale, a repeated (region, assessor, condition), an empty assessor, a bad date. When
/// there is any problem no assessment is returned.
pub fn read_assessments<R: Read>(
    file: &str,
    input: R,
    framework: &Framework,
    regions: &[Region],
) -> Result<Vec<Assessment>, InputErrors> {
    const FIELDS: [&str; 8] =
        ["region_id", "assessor", "condition", "strength", "proposal", "keywords", "evidence", "date"];
    const REGION: usize = 0;
    const ASSESSOR: usize = 1;
    const CONDITION: usize = 2;
    const STRENGTH: usize = 3;
    const PROPOSAL: usize = 4;
    const KEYWORDS: usize = 5;
    const EVIDENCE: usize = 6;
    const DATE: usize = 7;
    let max = framework.scale().max();
    let mut seen: HashMap<(String, String, ConditionId), u64> = HashMap::new();
    let out = read_rows(file, input, 64, &FIELDS, &REQUIRED_COLUMNS, |row| {
        let field = |row: &Row, f: usize| row.get(f).unwrap_or_default().to_string();
        let region_id = field(row, REGION);
        if region_id.is_empty() {
            row.error(REGION, "region id is empty".into());
        } else if !regions.iter().any(|r| r.id == region_id) {
            let known: Vec<_> = regions.iter().map(|r| r.id.as_str()).take(12).collect();
            row.error(REGION, format!("unknown region `{region_id}` (known: {})", known.join(", ")));
        }
        let assessor = field(row, ASSESSOR);
        if assessor.is_empty() {
            row.error(ASSESSOR, "assessor is empty".into());
        }
        let condition_text = field(row, CONDITION);
        let condition = match condition_text.parse::<ConditionId>() {
            Ok(c) if framework.condition(c).is_some() => Some(c),
            _ => {
                let ids = framework.conditions().iter().map(|c| c.id);
                let (lo, hi) = (ids.clone().min().unwrap_or(0), ids.max().unwrap_or(0));
                row.error(CONDITION, format!("unknown condition `{condition_text}` (the framework has {lo}–{hi})"));
                None
            }
        };
        let mark = |row: &mut Row, f: usize| {
            let text = field(row, f);
            let m = text.parse::<u8>().ok().and_then(|v| framework.scale().mark(v));
            if m.is_none() {
                row.error(f, format!("mark `{text}` is not a whole number from 0 to {max}"));
            }
            m
        };
        let strength = mark(row, STRENGTH);
        let proposal = mark(row, PROPOSAL);
        let date = row.get(DATE).map(str::to_string);
        if let Some(d) = &date
            && !valid_date(d)
        {
            row.error(DATE, format!("`{d}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"));
        }
        if let Some(c) = condition
            && !region_id.is_empty()
            && !assessor.is_empty()
        {
            let key = (region_id.clone(), assessor.clone(), c);
            if let Some(first) = seen.get(&key) {
                row.error(
                    CONDITION,
                    format!(
                        "assessor `{assessor}` already marked condition {c} of region `{region_id}` on line {first}"
                    ),
                );
            } else {
                seen.insert(key, row.line);
            }
        }
        Some(Assessment {
            region_id,
            assessor,
            condition: condition?,
            strength: strength?,
            proposal: proposal?,
            keywords: row.get(KEYWORDS).map(split_keywords).unwrap_or_default(),
            evidence: row.get(EVIDENCE).unwrap_or_default().to_string(),
            date,
            line: row.line,
        })
    })?;
    if out.is_empty() {
        return Err(InputErrors(vec![InputError::new(file, None, None, "the table has a header but no assessments")]));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;

    fn read(src: &str) -> Result<Vec<Assessment>, InputErrors> {
        let fw = Framework::study();
        let regions = Dataset::study(&fw).unwrap().regions;
        read_assessments("a.csv", src.as_bytes(), &fw, &regions)
    }

    fn problems(src: &str) -> Vec<String> {
        read(src).unwrap_err().errors().iter().map(ToString::to_string).collect()
    }

    const HEADER: &str = "region_id,assessor,condition,strength,proposal,keywords,evidence,date\n";

    #[test]
    fn reads_rows_with_keywords_split_on_semicolons() {
        let rows = read(&format!("{HEADER}kobe,ito,6,3,0,earthquake; restart ,\"city plan, 1995\",2004-05\n")).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].keywords, ["earthquake", "restart"]);
        assert_eq!(rows[0].evidence, "city plan, 1995");
        assert_eq!(rows[0].strength.value(), 3);
        assert_eq!(rows[0].line, 2);
    }

    #[test]
    fn unknown_region_and_condition_are_named() {
        assert_eq!(
            problems(&format!("{HEADER}osaka,ito,6,3,0,,,\nkobe,ito,16,3,0,,,\nkobe,ito,x,3,0,,,\n")),
            [
                "a.csv:2: field `region_id`: unknown region `osaka` (known: sapporo, kagawa, fukui, kobe)",
                "a.csv:3: field `condition`: unknown condition `16` (the framework has 1–15)",
                "a.csv:4: field `condition`: unknown condition `x` (the framework has 1–15)",
            ]
        );
    }

    #[test]
    fn marks_outside_the_scale_are_refused() {
        assert_eq!(
            problems(&format!(
                "{HEADER}kobe,ito,6,4,0,,,\nkobe,ito,7,-1,0,,,\nkobe,ito,8,1,2.5,,,\nkobe,ito,9,,1,,,\n"
            )),
            [
                "a.csv:2: field `strength`: mark `4` is not a whole number from 0 to 3",
                "a.csv:3: field `strength`: mark `-1` is not a whole number from 0 to 3",
                "a.csv:4: field `proposal`: mark `2.5` is not a whole number from 0 to 3",
                "a.csv:5: field `strength`: mark `` is not a whole number from 0 to 3",
            ]
        );
    }

    #[test]
    fn a_repeated_region_assessor_condition_is_refused() {
        assert_eq!(
            problems(&format!("{HEADER}kobe,ito,6,3,0,,,\nkobe,sato,6,2,0,,,\nkobe,ito,6,1,0,,,\n")),
            ["a.csv:4: field `condition`: assessor `ito` already marked condition 6 of region `kobe` on line 2"]
        );
    }

    #[test]
    fn malformed_and_cut_off_rows_are_refused() {
        let p = problems(&format!("{HEADER}kobe,ito,6,3,0,,,\nkobe,ito,7,1\n"));
        assert_eq!(
            p,
            [
                "a.csv:3: malformed row: it has 4 fields but the header has 8 (a missing comma, an unclosed quote or a cut-off line?)"
            ]
        );
        // An unclosed quote swallows the rest of the file into one field.
        let p = problems(&format!("{HEADER}kobe,ito,6,3,0,\"unclosed,,\nkobe,ito,7,1,0,,,\n"));
        assert!(p[0].starts_with("a.csv:2: malformed row"), "{p:?}");
        let p = problems("region_id,assessor,condition,strength,proposal\nkobe,ito,6,3,0\n\u{fffd}\u{0}bad");
        assert!(p[0].starts_with("a.csv:3: malformed row"), "{p:?}");
    }

    #[test]
    fn a_wrong_header_is_named() {
        let p = problems("region,assessor,condition,strenght,proposal\nkobe,ito,6,3,0\n");
        assert_eq!(p.len(), 2);
        assert!(p[0].starts_with("a.csv:1: field `region_id`: required column is missing"), "{p:?}");
        assert!(p[1].starts_with("a.csv:1: field `strength`: required column is missing"), "{p:?}");
        assert_eq!(problems(""), ["a.csv:1: the file is empty or has no header line"]);
        assert_eq!(
            problems("region_id,assessor,condition,strength,proposal\n"),
            ["a.csv: the table has a header but no assessments"]
        );
    }

    #[test]
    fn bad_dates_and_invalid_utf8() {
        assert_eq!(
            problems(&format!("{HEADER}kobe,ito,6,3,0,,,2004-13-01\n")),
            ["a.csv:2: field `date`: `2004-13-01` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"]
        );
        let fw = Framework::study();
        let regions = Dataset::study(&fw).unwrap().regions;
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"kobe,ito,6,3,0,\xff\xfe,,\n");
        let e = read_assessments("a.csv", bytes.as_slice(), &fw, &regions).unwrap_err();
        assert_eq!(e.errors()[0].to_string(), "a.csv:2: the text is not valid UTF-8");
    }
}
