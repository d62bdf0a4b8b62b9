//! Regions: the places assessed, read from a `regions` table (DESIGN §3 of the data package).

use std::collections::HashMap;
use std::io::Read;

use chiiki_framework::{Label, Lang};

use crate::error::{InputError, InputErrors};
use crate::row::read_rows;

/// The kinds of region the data package knows.
pub const REGION_KINDS: [&str; 4] = ["prefecture", "municipality", "cluster_area", "overseas"];

/// A region assessed by chiiki.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// The region's identifier (`sapporo`).
    pub id: String,
    /// Its name in English and Japanese (the Japanese may be empty).
    pub name: Label,
    /// `prefecture`, `municipality`, `cluster_area` or `overseas`, if given.
    pub kind: Option<String>,
    /// The region it lies in, if given.
    pub parent_id: Option<String>,
    /// An official code (the JIS prefecture code for the study's regions), kept as text.
    pub code: Option<String>,
    /// Latitude and longitude in degrees (WGS 84), if given.
    pub position: Option<(f64, f64)>,
    /// Residents, if given.
    pub population: Option<u64>,
}

impl Region {
    /// The region's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        self.name.get(lang)
    }
}

/// Reads a `regions` CSV table: required columns `id` and `name`; optional `name_ja`, `kind`,
/// `parent_id`, `population`, `code`, `lat`, `lon`; other columns are ignored.
///
/// # Errors
/// Every problem found, each naming `file`, line and column: a malformed file, a missing required
/// column, an empty id or name, a duplicate id, an unknown kind, a number that does not parse, a
/// latitude or longitude out of range, a `parent_id` that names no region.
pub fn read_regions<R: Read>(file: &str, input: R) -> Result<Vec<Region>, InputErrors> {
    const FIELDS: [&str; 9] = ["id", "name", "name_ja", "kind", "parent_id", "population", "code", "lat", "lon"];
    const ID: usize = 0;
    const NAME: usize = 1;
    const NAME_JA: usize = 2;
    const KIND: usize = 3;
    const PARENT: usize = 4;
    const POPULATION: usize = 5;
    const CODE: usize = 6;
    const LAT: usize = 7;
    const LON: usize = 8;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut parents: Vec<(u64, String)> = Vec::new();
    let read = read_rows(file, input, 64, &FIELDS, &FIELDS[..2], |row| {
        let id = row.get(ID).unwrap_or_default().to_string();
        if id.is_empty() {
            row.error(ID, "region id is empty".into());
        } else if let Some(first) = seen.get(&id) {
            row.error(ID, format!("duplicate region id `{id}` (first defined on line {first})"));
        } else {
            seen.insert(id.clone(), row.line);
        }
        let name = row.get(NAME).unwrap_or_default().to_string();
        if name.is_empty() {
            row.error(NAME, format!("region `{id}` has an empty name"));
        }
        let kind = row.get(KIND).map(str::to_string);
        if let Some(k) = &kind
            && !REGION_KINDS.contains(&k.as_str())
        {
            row.error(KIND, format!("unknown region kind `{k}` (expected one of {})", REGION_KINDS.join(", ")));
        }
        let population = match row.get(POPULATION).map(|t| (t.to_string(), t.parse::<u64>())) {
            Some((_, Ok(p))) => Some(p),
            Some((t, Err(_))) => {
                row.error(POPULATION, format!("`{t}` is not a non-negative whole number"));
                None
            }
            None => None,
        };
        let mut coordinate = |f: usize, limit: f64| match row.get(f).map(|t| (t.to_string(), t.parse::<f64>())) {
            Some((_, Ok(v))) if v.is_finite() && v.abs() <= limit => Some(v),
            Some((t, _)) => {
                row.error(f, format!("`{t}` is not a number between -{limit} and {limit}"));
                None
            }
            None => None,
        };
        let lat = coordinate(LAT, 90.0);
        let lon = coordinate(LON, 180.0);
        let parent_id = row.get(PARENT).map(str::to_string);
        if let Some(p) = &parent_id {
            parents.push((row.line, p.clone()));
        }
        Some(Region {
            id,
            name: Label { en: name, ja: row.get(NAME_JA).unwrap_or_default().to_string() },
            kind,
            parent_id,
            code: row.get(CODE).map(str::to_string),
            position: lat.zip(lon),
            population,
        })
    });
    let (regions, mut errors) = match read {
        Ok(regions) => (regions, Vec::new()),
        Err(e) => (Vec::new(), e.0),
    };
    for (line, parent) in parents {
        if !seen.contains_key(&parent) {
            errors.push(InputError::new(file, Some(line), Some("parent_id"), format!("unknown region id `{parent}`")));
        }
    }
    if regions.is_empty() && errors.is_empty() {
        errors.push(InputError::new(file, None, None, "the table has a header but no regions"));
    }
    if errors.is_empty() { Ok(regions) } else { Err(InputErrors(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_codes_and_positions() {
        let src = "id,name,name_ja,kind,code,lat,lon\nsapporo,Sapporo IT Cluster,札幌ITクラスター,cluster_area,01,43.06,141.35\n";
        let regions = read_regions("regions.csv", src.as_bytes()).unwrap();
        assert_eq!(regions[0].id, "sapporo");
        assert_eq!(regions[0].code.as_deref(), Some("01"), "codes stay text");
        assert_eq!(regions[0].name(Lang::Ja), "札幌ITクラスター");
        assert_eq!(regions[0].position, Some((43.06, 141.35)));
    }

    #[test]
    fn lists_every_problem_with_line_and_field() {
        let src =
            "id,name,kind,lat,lon,parent_id\na,Alpha,prefecture,35,139,\na,Again,planet,95,10,\nb,,municipality,,,zz\n";
        let errs = read_regions("r.csv", src.as_bytes()).unwrap_err();
        let shown: Vec<_> = errs.errors().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "r.csv:3: field `id`: duplicate region id `a` (first defined on line 2)",
                "r.csv:3: field `kind`: unknown region kind `planet` (expected one of prefecture, municipality, cluster_area, overseas)",
                "r.csv:3: field `lat`: `95` is not a number between -90 and 90",
                "r.csv:4: field `name`: region `b` has an empty name",
                "r.csv:4: field `parent_id`: unknown region id `zz`",
            ]
        );
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let errs = read_regions("r.csv", "id,label\na,b\n".as_bytes()).unwrap_err();
        assert_eq!(errs.errors()[0].field.as_deref(), Some("name"));
        assert_eq!(errs.errors()[0].line, Some(1));
    }
}
