//! Organisations, people and joint projects: the tables behind spin-off trees and the joint-research
//! network, read and checked against each other.

use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::BufReader;

use crate::descriptor::{Package, Resource, TableFormat};
use crate::error::{InputError, InputErrors};
use crate::region::{Region, read_regions};
use crate::row::read_rows;

/// The kind of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgKind {
    /// A young technology firm.
    Startup,
    /// A mid-sized firm.
    MidSized,
    /// A small firm.
    Small,
    /// A large corporation.
    Large,
    /// A university.
    University,
    /// A public research institute.
    PublicResearch,
    /// A government body.
    Government,
    /// A support organisation (incubator, coordinator, chamber of commerce).
    Support,
    /// A financial organisation (venture capital, bank).
    Finance,
}

impl OrgKind {
    /// Every kind, in table order.
    pub const ALL: [OrgKind; 9] = [
        OrgKind::Startup,
        OrgKind::MidSized,
        OrgKind::Small,
        OrgKind::Large,
        OrgKind::University,
        OrgKind::PublicResearch,
        OrgKind::Government,
        OrgKind::Support,
        OrgKind::Finance,
    ];

    /// The kind as written in tables (`startup`, `mid_sized`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Startup => "startup",
            OrgKind::MidSized => "mid_sized",
            OrgKind::Small => "small",
            OrgKind::Large => "large",
            OrgKind::University => "university",
            OrgKind::PublicResearch => "public_research",
            OrgKind::Government => "government",
            OrgKind::Support => "support",
            OrgKind::Finance => "finance",
        }
    }

    fn options() -> Vec<(&'static str, OrgKind)> {
        OrgKind::ALL.iter().map(|k| (k.as_str(), *k)).collect()
    }
}

/// A row of the `organizations` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: OrgKind,
    /// The region it is in.
    pub region_id: String,
    /// Year founded.
    pub founded: Option<i32>,
    /// Year closed.
    pub closed: Option<i32>,
    /// The organisation it spun off from.
    pub parent_id: Option<String>,
    /// Whether it is listed on a stock exchange.
    pub listed: bool,
    /// Employees.
    pub employees: Option<u64>,
    /// Line in the table.
    pub line: u64,
    /// The position of its region in [`Network::regions`] (set when the tables are checked).
    pub region: u32,
    /// The position of its parent in [`Network::organizations`] (set when the tables are checked).
    pub parent: Option<u32>,
}

/// The role of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonRole {
    /// A leader of the cluster.
    Leader,
    /// A researcher.
    Researcher,
    /// An entrepreneur.
    Entrepreneur,
    /// A public official.
    Official,
}

impl PersonRole {
    /// The role as written in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonRole::Leader => "leader",
            PersonRole::Researcher => "researcher",
            PersonRole::Entrepreneur => "entrepreneur",
            PersonRole::Official => "official",
        }
    }
}

/// A row of the `people` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The region the person works in.
    pub region_id: Option<String>,
    /// The organisation the person belongs to.
    pub org_id: Option<String>,
    /// Role.
    pub role: Option<PersonRole>,
    /// Line in the table.
    pub line: u64,
}

/// A row of the `collaborations` table: one participant of one joint project.
#[derive(Debug, Clone, PartialEq)]
pub struct Participation {
    /// The project.
    pub project_id: String,
    /// The participating organisation.
    pub org_id: String,
    /// The year of the project.
    pub year: i32,
    /// The person taking part for the organisation, if recorded.
    pub person_id: Option<String>,
    /// The participant's budget, if recorded.
    pub budget: Option<f64>,
    /// Line in the table.
    pub line: u64,
}

/// Regions, organisations, people and joint projects, checked against each other.
///
/// Invariants: ids are unique within each table; every region, organisation and person id that a row
/// names exists; the spin-off lineage (`parent_id`) has no cycle and no organisation was founded
/// before the one it spun off from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    /// The regions.
    pub regions: Vec<Region>,
    /// The organisations.
    pub organizations: Vec<Organization>,
    /// The people (empty without a `people` table).
    pub people: Vec<Person>,
    /// The joint-project participations (empty without a `collaborations` table).
    pub collaborations: Vec<Participation>,
}

/// A reader that reports the bytes it reads, for progress bars.
pub(crate) struct Counting<'a, R> {
    inner: R,
    progress: &'a dyn Fn(u64),
}

impl<R: std::io::Read> std::io::Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.progress)(n as u64);
        Ok(n)
    }
}

/// A guess at the rows of a table from its size (about 60 bytes a row), capped for safety.
pub(crate) fn row_guess(resource: &Resource) -> usize {
    let bytes = std::fs::metadata(&resource.location).map(|m| m.len()).unwrap_or(0);
    ((bytes / 60) as usize).min(50_000_000)
}

pub(crate) fn open_csv<'a>(
    resource: &Resource,
    progress: &'a dyn Fn(u64),
) -> Result<BufReader<Counting<'a, File>>, InputErrors> {
    let file = resource.location.display().to_string();
    if resource.format != TableFormat::Csv {
        return Err(InputErrors(vec![InputError::new(
            &file,
            None,
            None,
            "this table is Parquet; network and lineage commands read CSV tables",
        )]));
    }
    File::open(&resource.location)
        .map(|inner| BufReader::with_capacity(1 << 20, Counting { inner, progress }))
        .map_err(|e| InputErrors(vec![InputError::new(&file, None, None, format!("cannot be read: {e}"))]))
}

fn read_organizations(resource: &Resource, progress: &dyn Fn(u64)) -> Result<Vec<Organization>, InputErrors> {
    const FIELDS: [&str; 9] =
        ["id", "name", "kind", "region_id", "founded", "closed", "parent_id", "listed", "employees"];
    const ID: usize = 0;
    const NAME: usize = 1;
    const KIND: usize = 2;
    const REGION: usize = 3;
    const FOUNDED: usize = 4;
    const CLOSED: usize = 5;
    const PARENT: usize = 6;
    const LISTED: usize = 7;
    const EMPLOYEES: usize = 8;
    let file = resource.location.display().to_string();
    let kinds = OrgKind::options();
    read_rows(&file, open_csv(resource, progress)?, row_guess(resource), &FIELDS, &FIELDS[..4], |row| {
        let id = row.required(ID);
        let name = row.required(NAME);
        let kind = row.choice(KIND, &kinds);
        if kind.is_none() && row.get(KIND).is_none() {
            row.error(KIND, "required value is empty".into());
        }
        let region_id = row.required(REGION);
        let founded = row.year(FOUNDED);
        let closed = row.year(CLOSED);
        if let (Some(f), Some(c)) = (founded, closed)
            && c < f
        {
            row.error(CLOSED, format!("closed in {c}, before it was founded in {f}"));
        }
        let parent_id = row.get(PARENT).map(str::to_string);
        if parent_id.is_some() && parent_id == id {
            row.error(PARENT, "an organisation cannot spin off from itself".into());
        }
        let listed = row.boolean(LISTED).unwrap_or(false);
        let employees = row.count(EMPLOYEES);
        Some(Organization {
            id: id?,
            name: name?,
            kind: kind?,
            region_id: region_id?,
            founded,
            closed,
            parent_id,
            listed,
            employees,
            line: row.line,
            region: 0,
            parent: None,
        })
    })
}

fn read_people(resource: &Resource, progress: &dyn Fn(u64)) -> Result<Vec<Person>, InputErrors> {
    const FIELDS: [&str; 5] = ["id", "name", "region_id", "org_id", "role"];
    const ID: usize = 0;
    const NAME: usize = 1;
    const REGION: usize = 2;
    const ORG: usize = 3;
    const ROLE: usize = 4;
    let file = resource.location.display().to_string();
    let roles = [
        ("leader", PersonRole::Leader),
        ("researcher", PersonRole::Researcher),
        ("entrepreneur", PersonRole::Entrepreneur),
        ("official", PersonRole::Official),
    ];
    read_rows(&file, open_csv(resource, progress)?, row_guess(resource), &FIELDS, &FIELDS[..2], |row| {
        let id = row.required(ID);
        let name = row.required(NAME);
        let role = row.choice(ROLE, &roles);
        Some(Person {
            id: id?,
            name: name?,
            region_id: row.get(REGION).map(str::to_string),
            org_id: row.get(ORG).map(str::to_string),
            role,
            line: row.line,
        })
    })
}

fn read_collaborations(resource: &Resource, progress: &dyn Fn(u64)) -> Result<Vec<Participation>, InputErrors> {
    const FIELDS: [&str; 5] = ["project_id", "org_id", "year", "person_id", "budget"];
    const PROJECT: usize = 0;
    const ORG: usize = 1;
    const YEAR: usize = 2;
    const PERSON: usize = 3;
    const BUDGET: usize = 4;
    let file = resource.location.display().to_string();
    read_rows(&file, open_csv(resource, progress)?, row_guess(resource), &FIELDS, &FIELDS[..3], |row| {
        let project_id = row.required(PROJECT);
        let org_id = row.required(ORG);
        let year = row.year(YEAR);
        if year.is_none() && row.get(YEAR).is_none() {
            row.error(YEAR, "required value is empty".into());
        }
        let budget = row.amount(BUDGET);
        Some(Participation {
            project_id: project_id?,
            org_id: org_id?,
            year: year?,
            person_id: row.get(PERSON).map(str::to_string),
            budget,
            line: row.line,
        })
    })
}

/// Records `id` as seen on `line`; a problem when it was seen before.
fn unique<'a>(seen: &mut FxHashMap<&'a str, u64>, id: &'a str, line: u64, file: &str, errors: &mut Vec<InputError>) {
    if let Some(first) = seen.insert(id, line) {
        seen.insert(id, first);
        errors.push(InputError::new(
            file,
            Some(line),
            Some("id"),
            format!("duplicate id `{id}` (first on line {first})"),
        ));
    }
}

impl Package {
    /// Reads the `regions`, `organizations`, `people` and `collaborations` tables and checks them
    /// against each other. `regions` and `organizations` are required; a package without `people` or
    /// `collaborations` has none.
    ///
    /// # Errors
    /// Every problem in every table, each with file, line and column: malformed rows, missing
    /// columns, bad values, duplicate ids, ids that name nothing, a spin-off cycle (listing its ids),
    /// an organisation founded before its parent.
    pub fn network(&self) -> Result<Network, InputErrors> {
        self.network_with_progress(&|_| {})
    }

    /// The size in bytes of the tables [`Package::network`] reads (or, without projects,
    /// [`Package::lineage_with_progress`]), for a progress bar.
    pub fn network_bytes(&self, with_projects: bool) -> u64 {
        let tables: &[&str] = if with_projects {
            &["regions", "organizations", "people", "collaborations"]
        } else {
            &["regions", "organizations"]
        };
        tables
            .iter()
            .filter_map(|t| self.resource(t))
            .filter_map(|r| std::fs::metadata(&r.location).ok())
            .map(|m| m.len())
            .sum()
    }

    /// [`Package::network`], calling `progress` with the number of bytes read as it reads.
    ///
    /// # Errors
    /// As [`Package::network`].
    pub fn network_with_progress(&self, progress: &dyn Fn(u64)) -> Result<Network, InputErrors> {
        self.read_network(true, progress)
    }

    /// Only the `regions` and `organizations` tables (what spin-off lineage needs), checked as in
    /// [`Package::network`]; `people` and `collaborations` are left empty.
    ///
    /// # Errors
    /// As [`Package::network`], for these two tables.
    pub fn lineage_with_progress(&self, progress: &dyn Fn(u64)) -> Result<Network, InputErrors> {
        self.read_network(false, progress)
    }

    fn read_network(&self, with_projects: bool, progress: &dyn Fn(u64)) -> Result<Network, InputErrors> {
        let descriptor = self.dir.join("datapackage.json").display().to_string();
        let mut errors: Vec<InputError> = Vec::new();
        fn take<T>(r: Result<T, InputErrors>, errors: &mut Vec<InputError>) -> Option<T> {
            r.map_err(|e| errors.extend(e.0)).ok()
        }
        let need = |name: &str, errors: &mut Vec<InputError>| {
            let r = self.resource(name);
            if r.is_none() {
                errors.push(InputError::new(
                    &descriptor,
                    None,
                    Some("resources"),
                    format!("the package has no `{name}` table"),
                ));
            }
            r
        };
        let regions = need("regions", &mut errors).and_then(|r| {
            let file = r.location.display().to_string();
            take(open_csv(r, progress).and_then(|f| read_regions(&file, f)), &mut errors)
        });
        let organizations =
            need("organizations", &mut errors).and_then(|r| take(read_organizations(r, progress), &mut errors));
        let people = match self.resource("people").filter(|_| with_projects) {
            Some(r) => take(read_people(r, progress), &mut errors),
            None => Some(Vec::new()),
        };
        let collaborations = match self.resource("collaborations").filter(|_| with_projects) {
            Some(r) => take(read_collaborations(r, progress), &mut errors),
            None => Some(Vec::new()),
        };
        let (Some(regions), Some(organizations), Some(people), Some(collaborations)) =
            (regions, organizations, people, collaborations)
        else {
            return Err(InputErrors(errors));
        };

        // Cross-references. Ids are resolved to positions once; the lineage is checked on those.
        let mut organizations = organizations;
        let file_of = |name: &str| self.resource(name).map(|r| r.location.display().to_string()).unwrap_or_default();
        let (f_org, f_people, f_collab) = (file_of("organizations"), file_of("people"), file_of("collaborations"));
        let region_pos: FxHashMap<&str, u32> =
            regions.iter().enumerate().map(|(i, r)| (r.id.as_str(), i as u32)).collect();
        let mut org_pos: FxHashMap<&str, u32> = FxHashMap::default();
        org_pos.reserve(organizations.len());
        let mut resolved: Vec<(u32, Option<u32>)> = Vec::with_capacity(organizations.len());
        for (i, o) in organizations.iter().enumerate() {
            if let Some(&first) = org_pos.get(o.id.as_str()) {
                let first = organizations[first as usize].line;
                errors.push(InputError::new(
                    &f_org,
                    Some(o.line),
                    Some("id"),
                    format!("duplicate id `{}` (first on line {first})", o.id),
                ));
            } else {
                org_pos.insert(o.id.as_str(), i as u32);
            }
        }
        for o in &organizations {
            let region = match region_pos.get(o.region_id.as_str()) {
                Some(&r) => r,
                None => {
                    errors.push(InputError::new(
                        &f_org,
                        Some(o.line),
                        Some("region_id"),
                        format!("unknown region `{}`", o.region_id),
                    ));
                    0
                }
            };
            let parent = o.parent_id.as_deref().and_then(|p| match org_pos.get(p) {
                Some(&q) => {
                    let parent = &organizations[q as usize];
                    if let (Some(c), Some(pf)) = (o.founded, parent.founded)
                        && c < pf
                    {
                        errors.push(InputError::new(
                            &f_org,
                            Some(o.line),
                            Some("founded"),
                            format!("`{}` was founded in {c}, before its parent `{p}` (founded {pf})", o.id),
                        ));
                    }
                    Some(q)
                }
                None => {
                    errors.push(InputError::new(
                        &f_org,
                        Some(o.line),
                        Some("parent_id"),
                        format!("`{}` names an unknown parent organisation `{p}`", o.id),
                    ));
                    None
                }
            });
            resolved.push((region, parent));
        }
        let parents: Vec<Option<u32>> = resolved.iter().map(|r| r.1).collect();
        for cycle in lineage_cycles(&parents) {
            let ids: Vec<&str> = cycle.iter().map(|&v| organizations[v as usize].id.as_str()).collect();
            errors.push(InputError::new(
                &f_org,
                Some(organizations[cycle[0] as usize].line),
                Some("parent_id"),
                format!("spin-off cycle: {} → {}", ids.join(" → "), ids[0]),
            ));
        }
        let by_id = &org_pos;
        let region_ids = &region_pos;
        let mut person_index: FxHashMap<&str, u64> = FxHashMap::default();
        for p in &people {
            unique(&mut person_index, &p.id, p.line, &f_people, &mut errors);
            if let Some(r) = &p.region_id
                && !region_ids.contains_key(r.as_str())
            {
                errors.push(InputError::new(
                    &f_people,
                    Some(p.line),
                    Some("region_id"),
                    format!("unknown region `{r}`"),
                ));
            }
            if let Some(o) = &p.org_id
                && !by_id.contains_key(o.as_str())
            {
                errors.push(InputError::new(
                    &f_people,
                    Some(p.line),
                    Some("org_id"),
                    format!("unknown organisation `{o}`"),
                ));
            }
        }
        let mut seen_rows: FxHashMap<(&str, &str, Option<&str>), u64> = FxHashMap::default();
        for c in &collaborations {
            if !by_id.contains_key(c.org_id.as_str()) {
                errors.push(InputError::new(
                    &f_collab,
                    Some(c.line),
                    Some("org_id"),
                    format!("unknown organisation `{}`", c.org_id),
                ));
            }
            if let Some(p) = &c.person_id
                && !person_index.contains_key(p.as_str())
            {
                errors.push(InputError::new(
                    &f_collab,
                    Some(c.line),
                    Some("person_id"),
                    format!("unknown person `{p}`"),
                ));
            }
            let key = (c.project_id.as_str(), c.org_id.as_str(), c.person_id.as_deref());
            if let Some(first) = seen_rows.insert(key, c.line) {
                seen_rows.insert(key, first);
                errors.push(InputError::new(
                    &f_collab,
                    Some(c.line),
                    Some("org_id"),
                    format!("`{}` is listed twice in project `{}` (first on line {first})", c.org_id, c.project_id),
                ));
            }
        }
        if !errors.is_empty() {
            // In file order, then line order, whatever check found them.
            errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            return Err(InputErrors(errors));
        }
        for (o, (region, parent)) in organizations.iter_mut().zip(resolved) {
            o.region = region;
            o.parent = parent;
        }
        Ok(Network { regions, organizations, people, collaborations })
    }
}

/// Every cycle in the parent links, each as the positions along it (starting from its first in
/// table order). Walks parent links once per organisation, marking visited ones: linear time.
fn lineage_cycles(parent: &[Option<u32>]) -> Vec<Vec<u32>> {
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; parent.len()];
    let mut cycles = Vec::new();
    let mut walk: Vec<u32> = Vec::new();
    for start in 0..parent.len() as u32 {
        walk.clear();
        let mut current = Some(start);
        while let Some(v) = current {
            match state[v as usize] {
                2 => break,
                1 => {
                    let at = walk.iter().position(|&w| w == v).expect("on the walk");
                    cycles.push(walk[at..].to_vec());
                    break;
                }
                _ => {
                    state[v as usize] = 1;
                    walk.push(v);
                    current = parent[v as usize];
                }
            }
        }
        for &v in &walk {
            state[v as usize] = 2;
        }
    }
    cycles
}
