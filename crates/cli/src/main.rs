//! `chiiki`: diagnose regional innovation clusters from the command line.
//!
//! The binary is thin: it parses arguments ([`args`]), loads inputs ([`input`]), calls the library
//! crates, and prints or writes the result ([`output`]). Exit status: 0 on success, 1 when an input
//! is refused (the message names file, line and field), 2 for a usage error.

#[cfg(feature = "evidence")]
mod allocator;
mod args;
mod commands;
#[cfg(feature = "evidence")]
mod evidence;
mod import;
mod input;
mod output;
mod progress;
mod serve;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
