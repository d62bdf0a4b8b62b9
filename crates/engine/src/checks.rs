//! Checks of the rows a run uses, in SQL over the working tables: unknown ids, negative counts, empty
//! required cells, duplicate keys. Each check counts offending rows; a count above zero is a problem
//! (a row may be counted by two terms of a sum: only zero or not matters). An unknown region is a
//! `NOT EXISTS` (an anti-join, which keeps only the rows without a match) rather than a left join,
//! which copies every row's columns before filtering. (Organisations, collaborations, employment, patents
//! and people are checked in the passes that read them: `crate::network`, `crate::employment`,
//! `crate::patents`, `crate::people`.)
//! They are the fast path: when one fails, the caller runs `chiiki-package`'s row-by-row validation,
//! which names file, line and column (`chiiki validate` always checks every row of every table).

/// One check: the tables it needs, what it means, and a query returning one count.
struct Check {
    tables: &'static [&'static str],
    what: &'static str,
    sql: &'static str,
}

const CHECKS: &[Check] = &[
    Check {
        tables: &["regions"],
        what: "regions: an id is empty or given twice, or a population is negative",
        sql: "SELECT (SELECT COUNT(*) FROM regions WHERE id IS NULL OR population < 0) \
              + (SELECT COUNT(*) FROM (SELECT id FROM regions GROUP BY id HAVING COUNT(*) > 1))",
    },
    Check {
        tables: &["migrations"],
        what: "migrations: an unknown region, the same origin and destination, an unknown kind or a negative count",
        sql: "SELECT COUNT(*) FROM t_migrations m LEFT JOIN regions a ON m.origin_id = a.id \
              LEFT JOIN regions b ON m.destination_id = b.id WHERE a.id IS NULL OR b.id IS NULL \
              OR m.origin_id = m.destination_id OR m.kind IS NULL OR m.kind NOT IN ('firm', 'person') \
              OR m.count IS NULL OR m.count < 0",
    },
    Check {
        tables: &["funding"],
        what: "funding: an unknown region, an empty programme or a negative amount",
        sql: "SELECT COUNT(*) FROM t_funding f LEFT JOIN regions r ON f.region_id = r.id \
              WHERE r.id IS NULL OR f.program IS NULL OR f.amount IS NULL OR f.amount < 0",
    },
    Check {
        tables: &["mentions"],
        what: "mentions: an unknown region or a negative count",
        sql: "SELECT COUNT(*) FROM t_mentions m LEFT JOIN regions r ON m.region_id = r.id \
              WHERE r.id IS NULL OR m.count IS NULL OR m.count < 0",
    },
];

/// One check that applies: what it means and its SQL.
pub(crate) type Applied = (&'static str, &'static str);

/// The checks that apply to a package with `has(table)`.
pub(crate) fn checks(has: &dyn Fn(&str) -> bool) -> Vec<Applied> {
    CHECKS.iter().filter(|c| c.tables.iter().all(|t| has(t))).map(|c| (c.what, c.sql)).collect()
}
