//! The contract's tables as the engine sees them: each column's type, and the view that gives every
//! query the same columns whatever the file holds (absent optional columns are NULL, empty text is
//! NULL, ids stay text).

use datafusion::arrow::datatypes::DataType;

/// A column's type in the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (ids, codes, names, kinds).
    Text,
    /// A year or other whole number.
    Int,
    /// A count or amount.
    Float,
}

impl Kind {
    pub(crate) fn arrow(self) -> DataType {
        match self {
            Kind::Text => DataType::Utf8,
            Kind::Int => DataType::Int64,
            Kind::Float => DataType::Float64,
        }
    }

    fn sql(self) -> &'static str {
        match self {
            Kind::Text => "VARCHAR",
            Kind::Int => "BIGINT",
            Kind::Float => "DOUBLE",
        }
    }
}

/// A table of the contract: its columns (name, type, required).
pub struct Spec {
    /// The table's name in the descriptor and in the engine's SQL.
    pub name: &'static str,
    /// The columns queries may use.
    pub columns: &'static [(&'static str, Kind, bool)],
}

use Kind::{Float, Int, Text};

/// The tables the indicators read.
pub const SPECS: &[Spec] = &[
    Spec {
        name: "regions",
        columns: &[("id", Text, true), ("name", Text, true), ("kind", Text, false), ("population", Float, false)],
    },
    Spec {
        name: "organizations",
        columns: &[
            ("id", Text, true),
            ("kind", Text, true),
            ("region_id", Text, true),
            ("founded", Int, false),
            ("closed", Int, false),
            ("parent_id", Text, false),
            ("employees", Float, false),
        ],
    },
    Spec {
        name: "people",
        columns: &[("id", Text, true), ("region_id", Text, false), ("org_id", Text, false), ("role", Text, false)],
    },
    Spec {
        name: "collaborations",
        columns: &[("project_id", Text, true), ("org_id", Text, true), ("year", Int, true), ("person_id", Text, false)],
    },
    Spec {
        name: "employment",
        columns: &[
            ("region_id", Text, true),
            ("industry", Text, true),
            ("year", Int, true),
            ("employees", Float, true),
            ("establishments", Float, false),
        ],
    },
    Spec {
        name: "patents",
        columns: &[
            ("id", Text, true),
            ("region_id", Text, true),
            ("tech_class", Text, true),
            ("year", Int, true),
            ("citations", Float, false),
        ],
    },
    Spec {
        name: "migrations",
        columns: &[
            ("origin_id", Text, true),
            ("destination_id", Text, true),
            ("year", Int, true),
            ("kind", Text, true),
            ("count", Float, true),
        ],
    },
    Spec {
        name: "funding",
        columns: &[("region_id", Text, true), ("program", Text, true), ("year", Int, true), ("amount", Float, true)],
    },
    Spec { name: "mentions", columns: &[("region_id", Text, true), ("year", Int, true), ("count", Float, true)] },
];

/// The tables with a `year` column: together they give the year axis.
pub const YEARLY: &[&str] = &["employment", "patents", "collaborations", "funding", "mentions", "migrations"];

/// The type the engine reads a column of `table` as (text for columns it does not know).
pub fn kind_of(table: &str, column: &str) -> Kind {
    SPECS
        .iter()
        .find(|s| s.name == table)
        .and_then(|s| s.columns.iter().find(|c| c.0 == column))
        .map_or(Kind::Text, |c| c.1)
}

/// A query of `columns` of the raw table `raw_{table}` (whose file has the columns `present`) for a
/// pass that reads text cells itself: text as the file holds it (not trimmed), numbers cast to the
/// contract's type, an absent column as nulls.
pub fn raw_select(table: &str, present: &[String], columns: &[&str]) -> String {
    let cols: Vec<String> =
        columns.iter().map(|&name| column_sql(name, kind_of(table, name), present, false)).collect();
    format!("SELECT {} FROM raw_{table}", cols.join(", "))
}

/// The SQL of the view `table` over the raw table `raw`, whose file has the columns `present`.
pub fn view_sql(spec: &Spec, raw: &str, present: &[String]) -> String {
    let cols: Vec<String> = spec.columns.iter().map(|&(name, kind, _)| column_sql(name, kind, present, true)).collect();
    format!("CREATE VIEW {} AS SELECT {} FROM {raw}", spec.name, cols.join(", "))
}

/// The expression reading column `name` of the contract type `kind` from a raw table whose file has the
/// columns `present`: nulls where it is absent, numbers cast, text as it is or (`trim`) trimmed with
/// an empty cell as null.
fn column_sql(name: &str, kind: Kind, present: &[String], trim: bool) -> String {
    if !present.iter().any(|p| p == name) {
        format!("CAST(NULL AS {}) AS {name}", kind.sql())
    } else if kind == Kind::Text && trim {
        format!("NULLIF(TRIM(CAST(\"{name}\" AS VARCHAR)), '') AS {name}")
    } else if kind == Kind::Text {
        format!("\"{name}\"")
    } else {
        format!("CAST(\"{name}\" AS {}) AS {name}", kind.sql())
    }
}
