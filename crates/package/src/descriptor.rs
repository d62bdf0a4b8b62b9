//! The `datapackage.json` descriptor and where its tables are.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::error::{InputError, InputErrors};

/// The file format of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Comma-separated values with a header line.
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// One table of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The table's name (`organizations`).
    pub name: String,
    /// The path as written in the descriptor, relative to the package folder.
    pub path: String,
    /// Where the file is.
    pub location: PathBuf,
    /// Its format.
    pub format: TableFormat,
}

/// An opened data package: its folder, name and tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The package's folder.
    pub dir: PathBuf,
    /// The package's `name`, if given.
    pub name: Option<String>,
    /// The package's `title`, if given.
    pub title: Option<String>,
    /// Whether the descriptor marks the data as synthetic (`"synthetic": true`).
    pub synthetic: bool,
    /// The tables.
    pub resources: Vec<Resource>,
    /// chiiki's settings from the descriptor's `chiiki` property.
    pub settings: Settings,
}

/// Settings a descriptor can give chiiki in its `chiiki` property.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The region whose industry shares are the reference base of location quotients (a nation among
    /// its states), instead of all regions together.
    pub reference_region: Option<String>,
    /// The industry code of the rows that hold each region's total employment (an all-industries
    /// row), instead of the sum of its rows.
    pub total_industry: Option<String>,
}

#[derive(Deserialize)]
struct RawDescriptor {
    name: Option<String>,
    title: Option<String>,
    #[serde(default)]
    synthetic: bool,
    resources: Vec<RawResource>,
    #[serde(default)]
    chiiki: Settings,
}

#[derive(Deserialize)]
struct RawResource {
    name: String,
    path: serde_json::Value,
    format: Option<String>,
}

impl Package {
    /// Opens the package in `path`: a folder holding `datapackage.json`, or the descriptor itself.
    ///
    /// # Errors
    /// A missing or malformed descriptor, a table named twice, a path that leaves the package
    /// folder (absolute or with `..`), a table file that does not exist, an unknown format.
    pub fn open(path: &Path) -> Result<Package, InputErrors> {
        let (dir, descriptor) = if path.is_dir() {
            (path.to_path_buf(), path.join("datapackage.json"))
        } else {
            (path.parent().unwrap_or(Path::new(".")).to_path_buf(), path.to_path_buf())
        };
        let file = descriptor.display().to_string();
        let one = |line: Option<u64>, field: Option<&str>, message: String| {
            InputErrors(vec![InputError::new(&file, line, field, message)])
        };
        let text = std::fs::read_to_string(&descriptor)
            .map_err(|e| one(None, None, format!("cannot read the package descriptor: {e}")))?;
        let raw: RawDescriptor = serde_json::from_str(&text)
            .map_err(|e| one(Some(e.line() as u64), None, format!("not a valid data package descriptor: {e}")))?;

        let mut errors = Vec::new();
        let mut resources: Vec<Resource> = Vec::new();
        for r in raw.resources {
            let mut err = |m: String| errors.push(InputError::new(&file, None, Some("resources"), m));
            if resources.iter().any(|x| x.name == r.name) {
                err(format!("table `{}` is listed twice", r.name));
                continue;
            }
            let Some(rel) = r.path.as_str().map(str::to_string) else {
                err(format!("table `{}`: `path` must be one relative file path", r.name));
                continue;
            };
            let p = Path::new(&rel);
            if p.is_absolute() || p.components().any(|c| matches!(c, Component::ParentDir)) {
                err(format!("table `{}`: path `{rel}` leaves the package folder", r.name));
                continue;
            }
            let format = match r.format.as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("csv") => TableFormat::Csv,
                Some("parquet") => TableFormat::Parquet,
                None if rel.ends_with(".csv") => TableFormat::Csv,
                None if rel.ends_with(".parquet") => TableFormat::Parquet,
                other => {
                    err(format!("table `{}`: unknown format {:?} (csv or parquet)", r.name, other.unwrap_or("")));
                    continue;
                }
            };
            let location = dir.join(p);
            if !location.is_file() {
                err(format!("table `{}`: file {} does not exist", r.name, location.display()));
                continue;
            }
            resources.push(Resource { name: r.name, path: rel, location, format });
        }
        if !errors.is_empty() {
            return Err(InputErrors(errors));
        }
        Ok(Package { dir, name: raw.name, title: raw.title, synthetic: raw.synthetic, resources, settings: raw.chiiki })
    }

    /// The table with this name, if the package has it.
    pub fn resource(&self, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(descriptor: &str, files: &[&str]) -> (tempfile::TempDir, Result<Package, InputErrors>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("datapackage.json"), descriptor).unwrap();
        for f in files {
            std::fs::write(dir.path().join(f), "id\n").unwrap();
        }
        let p = Package::open(dir.path());
        (dir, p)
    }

    #[test]
    fn opens_a_package_and_finds_its_tables() {
        let (_d, p) = package(
            r#"{"name": "demo", "synthetic": true, "resources": [{"name": "regions", "path": "regions.csv"}]}"#,
            &["regions.csv"],
        );
        let p = p.unwrap();
        assert!(p.synthetic);
        assert_eq!(p.resource("regions").unwrap().format, TableFormat::Csv);
        assert!(p.resource("people").is_none());
    }

    #[test]
    fn refuses_bad_descriptors() {
        let (_d, p) = package("{\"resources\": [\n  {\"name\": 1}\n]}", &[]);
        let e = p.unwrap_err();
        assert_eq!(e.errors()[0].line, Some(2), "{e}");
        let (_d, p) = package(
            r#"{"resources": [{"name": "a", "path": "../a.csv"}, {"name": "b", "path": "missing.csv"},
                {"name": "c", "path": "c.xlsx"}, {"name": "d", "path": "d.csv"}, {"name": "d", "path": "d.csv"}]}"#,
            &["c.xlsx", "d.csv"],
        );
        let shown: Vec<String> = p.unwrap_err().errors().iter().map(|e| e.message.clone()).collect();
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert!(shown[0].contains("leaves the package folder"));
        assert!(shown[1].contains("does not exist"));
        assert!(shown[2].contains("unknown format"));
        assert!(shown[3].contains("listed twice"));
    }
}
