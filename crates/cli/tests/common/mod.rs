//! Helpers shared by the command-line tests: run the binary, expect success or a refusal, write
//! input files, find the fixtures.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Runs `chiiki` with `args`, expecting success; returns standard output.
pub fn chiiki(args: &[&str]) -> String {
    let out = Command::cargo_bin("chiiki").unwrap().args(args).output().unwrap();
    assert!(out.status.success(), "chiiki {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `chiiki` with `args`, expecting a refusal: exit status 1 and nothing on standard output;
/// returns standard error.
pub fn refused(args: &[&str]) -> String {
    let out = Command::cargo_bin("chiiki").unwrap().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "chiiki {args:?} should fail; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nothing is printed on a refusal: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

/// Writes `content` to `dir/name`; returns the path as text.
pub fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

/// A file or folder under `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).display().to_string()
}

/// The Lakeside fixture package.
pub fn lakeside() -> String {
    fixture("lakeside")
}

/// The workspace's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}
