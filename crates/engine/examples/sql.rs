//! Runs SQL statements against a data package's views and prints the time each takes (a development
//! aid for the indicator queries): `cargo run --release -p chiiki-engine --example sql -- PKG 'SELECT …' …`.

use std::time::Instant;

use chiiki_engine::{Engine, EngineOptions};
use chiiki_package::Package;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let package = Package::open(args[0].as_ref()).expect("a package");
    let t = Instant::now();
    let engine = Engine::open(&package, &EngineOptions::default()).expect("opens");
    eprintln!("open: {:.2} s, years {:?}", t.elapsed().as_secs_f64(), engine.years().expect("reads the years"));
    if args.get(1).map(String::as_str) == Some("--indicators") {
        let year: i32 = args[2].parse().expect("a year");
        let t = Instant::now();
        // Steps finish on several threads, in no fixed order: each is shown with the time it ended.
        let values = engine
            .indicators(&[year], &|done, all| eprintln!("  {:>6.2} s  step {done} of {all}", t.elapsed().as_secs_f64()))
            .expect("computes");
        eprintln!("indicators: {:.2} s for {} regions", t.elapsed().as_secs_f64(), values.regions.len());
        return;
    }
    for sql in &args[1..] {
        let t = Instant::now();
        match engine.run_sql(sql) {
            Ok(text) => println!("{text}"),
            Err(e) => println!("error: {e}"),
        }
        eprintln!("{:.2} s: {sql}", t.elapsed().as_secs_f64());
    }
}
