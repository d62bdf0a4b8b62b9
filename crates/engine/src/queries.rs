//! The SQL of the indicators of funding, mentions and migrations (the others are computed over the
//! arrays of the passes: `crate::employment`, `crate::organisations`, `crate::joint`, `crate::patents`,
//! `crate::people`, `crate::leaders`). Each query returns one row per region and evaluation year
//! (`region_id`, `y`) and one column per indicator, named by the indicator's id. The queries read the
//! views of [`crate::tables`] and the small tables the engine prepares for each run:
//!
//! - `eval_years(y)`: the years to evaluate;
//! - `win5(y, src)`: for each evaluation year `y`, the five years `src = y−4 … y`;
//! - `win10(y, src, part)`: the ten years `y−9 … y`, `part` 0 for the last five and 1 for the five before;
//! - `grid(region_id, r, y, pop)`: every region × evaluation year, `r` the region's position in `regions`
//!   (the code the working tables use), `pop` the population (NULL if unknown or 0).
//!
//! The package's tables are read through per-run working tables `t_<table>`: each holds the rows of the
//! years the evaluation needs (see [`crate::Engine::indicators`]), read once from the file and kept in
//! memory.
//!
//! The definitions are those of `docs/indicators.md`; comments here only say how SQL expresses them.

/// One query and the indicators it yields.
pub struct Query {
    /// What the query measures (for progress and error messages).
    pub name: &'static str,
    /// Tables it needs; when one is absent its indicators are "no evidence".
    pub tables: &'static [&'static str],
    /// The indicator ids it yields, in column order after `region_id, y`.
    pub outputs: &'static [&'static str],
    /// Intermediate results the SQL reads more than once, kept in memory first: (table name, SQL).
    pub setup: Vec<(&'static str, String)>,
    /// The SQL.
    pub sql: String,
}

/// `x × 100,000 / population`, a real 0 where `x` is missing, NULL unless `covered`.
fn per_100k(x: &str, covered: &str) -> String {
    format!("CASE WHEN {covered} THEN CAST(COALESCE({x}, 0) AS DOUBLE) * 100000.0 / g.pop END")
}

/// Every query.
pub fn queries() -> Vec<Query> {
    vec![
        Query {
            name: "funding",
            tables: &["funding"],
            outputs: &["public_funding_per_capita"],
            setup: Vec::new(),
            sql: "WITH f AS (SELECT region_id, year AS y, SUM(amount) AS amount FROM t_funding GROUP BY region_id, year), \
                 cov AS (SELECT DISTINCT y FROM f) \
                 SELECT g.region_id, g.y, CASE WHEN cov.y IS NOT NULL THEN COALESCE(f.amount, 0) / g.pop END \
                 FROM grid g LEFT JOIN f ON f.region_id = g.region_id AND f.y = g.y LEFT JOIN cov ON cov.y = g.y"
                .to_string(),
        },
        Query {
            name: "mentions",
            tables: &["mentions"],
            outputs: &["mentions_per_100k", "mentions_trend_pct"],
            setup: Vec::new(),
            sql: format!(
                "WITH m AS (SELECT region_id, year, SUM(count) AS n FROM t_mentions GROUP BY region_id, year), \
                 mw AS (SELECT m.region_id, w.y, SUM(CASE WHEN w.part = 0 THEN m.n ELSE 0 END) AS now, \
                   SUM(CASE WHEN w.part = 1 THEN m.n ELSE 0 END) AS before FROM m JOIN win10 w ON m.year = w.src \
                   GROUP BY m.region_id, w.y), \
                 cov AS (SELECT DISTINCT year AS y FROM m) \
                 SELECT g.region_id, g.y, {}, \
                   CASE WHEN mw.before > 0 THEN 100.0 * (mw.now - mw.before) / mw.before END \
                 FROM grid g LEFT JOIN m ON m.region_id = g.region_id AND m.year = g.y \
                 LEFT JOIN mw ON mw.region_id = g.region_id AND mw.y = g.y LEFT JOIN cov ON cov.y = g.y",
                per_100k("m.n", "cov.y IS NOT NULL")
            ),
        },
        Query {
            name: "migrations",
            tables: &["migrations"],
            outputs: &["net_firm_inflow_per_100k", "net_person_inflow_per_100k"],
            setup: Vec::new(),
            sql: format!(
                "WITH mw AS (SELECT m.origin_id, m.destination_id, m.kind, m.count, w.y FROM t_migrations m \
                   JOIN win5 w ON m.year = w.src), \
                 moves AS (SELECT destination_id AS region_id, y, kind, count AS n FROM mw \
                   UNION ALL SELECT origin_id AS region_id, y, kind, -count AS n FROM mw), \
                 flow AS (SELECT region_id, y, SUM(CASE WHEN kind = 'firm' THEN n ELSE 0 END) AS firm, \
                   SUM(CASE WHEN kind = 'person' THEN n ELSE 0 END) AS person FROM moves GROUP BY region_id, y), \
                 cov AS (SELECT DISTINCT y FROM mw) \
                 SELECT g.region_id, g.y, {}, {} \
                 FROM grid g LEFT JOIN flow ON flow.region_id = g.region_id AND flow.y = g.y LEFT JOIN cov ON cov.y = g.y",
                per_100k("flow.firm", "cov.y IS NOT NULL"),
                per_100k("flow.person", "cov.y IS NOT NULL")
            ),
        },
    ]
}
