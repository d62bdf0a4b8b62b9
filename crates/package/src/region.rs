//! Regions: the places assessed, read from a `regions` table (DESIGN §3 of the data package).

use std::collections::HashMap;
use std::io::Read;

use chiiki_framework::{Label, Lang};

use crate::error::{InputError, InputErrors};
use crate::table::{Table, csv_error};

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
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(input);
    let table = Table::check_header(file, &mut reader, &["id", "name"])?;
    let col = |n: &str| table.column(n);
    let (c_id, c_name) = (col("id").unwrap(), col("name").unwrap());
    let (c_ja, c_kind, c_parent, c_pop, c_code, c_lat, c_lon) =
        (col("name_ja"), col("kind"), col("parent_id"), col("population"), col("code"), col("lat"), col("lon"));

    let mut errors = Vec::new();
    let mut regions: Vec<Region> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut parents: Vec<(u64, String)> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_error(file, &e));
                if e.is_io_error() || matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).filter(|s| !s.is_empty());
        let mut err =
            |field: &str, message: String| errors.push(InputError::new(file, Some(line), Some(field), message));

        let id = record.get(c_id).unwrap_or_default().to_string();
        if id.is_empty() {
            err("id", "region id is empty".into());
        } else if let Some(first) = seen.get(&id) {
            err("id", format!("duplicate region id `{id}` (first defined on line {first})"));
        } else {
            seen.insert(id.clone(), line);
        }
        let name = record.get(c_name).unwrap_or_default().to_string();
        if name.is_empty() {
            err("name", format!("region `{id}` has an empty name"));
        }
        let kind = get(c_kind).map(str::to_string);
        if let Some(k) = &kind
            && !REGION_KINDS.contains(&k.as_str())
        {
            err("kind", format!("unknown region kind `{k}` (expected one of {})", REGION_KINDS.join(", ")));
        }
        let population = match get(c_pop).map(str::parse::<u64>) {
            Some(Ok(p)) => Some(p),
            Some(Err(_)) => {
                err("population", format!("`{}` is not a non-negative whole number", get(c_pop).unwrap()));
                None
            }
            None => None,
        };
        let mut coordinate = |c: Option<usize>, field: &str, limit: f64| match get(c).map(str::parse::<f64>) {
            Some(Ok(v)) if v.is_finite() && v.abs() <= limit => Some(v),
            Some(_) => {
                err(field, format!("`{}` is not a number between -{limit} and {limit}", get(c).unwrap()));
                None
            }
            None => None,
        };
        let lat = coordinate(c_lat, "lat", 90.0);
        let lon = coordinate(c_lon, "lon", 180.0);
        let parent_id = get(c_parent).map(str::to_string);
        if let Some(p) = &parent_id {
            parents.push((line, p.clone()));
        }
        regions.push(Region {
            id,
            name: Label { en: name, ja: get(c_ja).unwrap_or_default().to_string() },
            kind,
            parent_id,
            code: get(c_code).map(str::to_string),
            position: lat.zip(lon),
            population,
        });
    }
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
