//! `chiiki serve` and `chiiki user` as a user runs them: the real binary, a real SQLite file, HTTP on
//! loopback. The server is killed with SIGKILL while an assessor saves marks in a loop; after a restart
//! on the same file, every save the server acknowledged is there and no sheet is half written.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const PASSWORD: &str = "kill-test-password";

fn chiiki() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chiiki"))
}

/// `chiiki user add NAME --role ROLE --db DB` with `password` on standard input; returns the output.
fn user_add(db: &Path, name: &str, role: &str, password: &str) -> std::process::Output {
    let mut child = chiiki()
        .args(["user", "add", name, "--role", role, "--db"])
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refusal that needs no password (a bad name) may exit before reading it: a broken pipe then.
    if let Err(e) = writeln!(child.stdin.take().unwrap(), "{password}") {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

/// A running `chiiki serve` on a free loopback port.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &Path) -> Server {
        let mut child = chiiki()
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let first = lines.next().expect("the server says where it listens").unwrap();
        let url = first
            .strip_prefix("chiiki: serving ")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected first line: {first}"))
            .trim_end_matches('/')
            .to_string();
        // Keep draining standard error so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, url }
    }

    fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL: no chance to flush or clean up
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// Logs in through the JSON API; returns the client (with its session cookie) and the CSRF token.
async fn log_in(url: &str, name: &str) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(30)).build().unwrap();
    let response = client
        .post(format!("{url}/api/session"))
        .json(&json!({"name": name, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "log-in as {name}");
    let body: Value = response.json().await.unwrap();
    (client, body["csrf"].as_str().unwrap().to_string())
}

/// The sheet of save number `n`: condition 1 strength n mod 4, condition 15 proposal (n + 1) mod 4, and
/// every condition's keywords naming `n`, so a sheet mixing two saves is seen at once.
fn sheet(version: i64, n: u32) -> Value {
    let conditions: Vec<Value> = (1..=15)
        .map(|c| {
            let strength = if c == 1 { n % 4 } else { 0 };
            let proposal = if c == 15 { (n + 1) % 4 } else { 0 };
            json!({"condition": c, "strength": strength, "proposal": proposal,
                   "keywords": format!("save {n}"), "evidence": format!("condition {c} of save {n}")})
        })
        .collect();
    json!({"version": version, "conditions": conditions})
}

/// Saves sheets in a loop until the server stops answering; returns the acknowledged (save number,
/// version) pairs.
async fn save_until_killed(
    url: &str,
    client: &reqwest::Client,
    csrf: &str,
    first: u32,
    version: i64,
) -> Vec<(u32, i64)> {
    let mut acknowledged = Vec::new();
    let mut version = version;
    for n in first.. {
        let sent = client
            .put(format!("{url}/api/regions/kobe/assessment"))
            .header("x-csrf-token", csrf)
            .json(&sheet(version, n))
            .send()
            .await;
        let Ok(response) = sent else { break };
        let Ok(body) = response.json::<Value>().await else { break };
        version = body["version"].as_i64().unwrap_or_else(|| panic!("save {n} refused: {body}"));
        acknowledged.push((n, version));
    }
    acknowledged
}

#[test]
fn a_killed_server_loses_no_acknowledged_save_and_half_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiiki.db");
    let out = user_add(&db, "ada", "assessor", PASSWORD);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rt = runtime();

    let mut version = 0;
    let mut next = 1;
    for round in 1..=3 {
        let server = Server::start(&db);
        let url = server.url.clone();
        let (client, csrf) = rt.block_on(log_in(&url, "ada"));
        // What survived the previous kill: the last acknowledged save or the one in flight after it.
        let stored: Value = rt.block_on(async {
            client.get(format!("{url}/api/regions/kobe/assessment")).send().await.unwrap().json().await.unwrap()
        });
        let stored_version = stored["version"].as_i64().unwrap();
        assert!(
            stored_version == version || stored_version == version + 1,
            "round {round}: stored version {stored_version}, last acknowledged {version}"
        );
        let conditions = stored["conditions"].as_array().unwrap();
        if stored_version > 0 {
            assert_eq!(conditions.len(), 15, "round {round}: a whole sheet");
            let keywords: Vec<&str> = conditions.iter().map(|c| c["keywords"].as_str().unwrap()).collect();
            assert!(keywords.iter().all(|k| *k == keywords[0]), "round {round}: a sheet mixing saves: {keywords:?}");
            let n: u32 = keywords[0].strip_prefix("save ").unwrap().parse().unwrap();
            let expected = next - 1 + u32::try_from(stored_version - version).unwrap();
            assert_eq!(n, expected, "round {round}: the save stored with version {stored_version}");
            assert_eq!(conditions[0]["strength"], n % 4, "round {round}: condition 1 of save {n}");
            assert_eq!(conditions[14]["proposal"], (n + 1) % 4, "round {round}: condition 15 of save {n}");
            next = n + 1;
        }
        version = stored_version;

        // Save in a loop on one task; kill the server from this thread after a while.
        let writer = {
            let (url, client, csrf) = (url.clone(), client.clone(), csrf.clone());
            rt.spawn(async move { save_until_killed(&url, &client, &csrf, next, version).await })
        };
        let started = Instant::now();
        std::thread::sleep(Duration::from_millis(400 + 300 * round));
        server.kill();
        let acknowledged = rt.block_on(writer).unwrap();
        assert!(
            acknowledged.len() >= 5,
            "round {round}: only {} saves in {:?} before the kill",
            acknowledged.len(),
            started.elapsed()
        );
        let &(n, v) = acknowledged.last().unwrap();
        (next, version) = (n + 1, v);
    }

    // The file is whole: a last restart reads it, and the version moved on through every round.
    let server = Server::start(&db);
    let (client, _) = rt.block_on(log_in(&server.url, "ada"));
    let stored: Value = rt.block_on(async {
        client.get(format!("{}/api/regions/kobe/assessment", server.url)).send().await.unwrap().json().await.unwrap()
    });
    let stored_version = stored["version"].as_i64().unwrap();
    assert!(
        stored_version == version || stored_version == version + 1,
        "stored {stored_version}, acknowledged {version}"
    );
    assert!(version >= 15, "three rounds saved only {version} versions");
}

#[test]
fn user_add_refuses_short_passwords_bad_names_and_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chiiki.db");
    let refusal = |out: std::process::Output| {
        assert_eq!(out.status.code(), Some(1), "refused");
        String::from_utf8(out.stderr).unwrap()
    };
    let short = refusal(user_add(&db, "ada", "assessor", "short"));
    assert!(short.contains("at least 8 characters"), "{short}");
    let bad = refusal(user_add(&db, "ada lovelace", "assessor", PASSWORD));
    assert!(bad.contains("\"ada lovelace\"") && bad.contains("letters, digits"), "{bad}");
    let study = refusal(user_add(&db, "nistep-2004", "assessor", PASSWORD));
    assert!(study.contains("the study's own assessor"), "{study}");

    assert!(user_add(&db, "ada", "assessor", PASSWORD).status.success());
    let again = refusal(user_add(&db, "ada", "viewer", PASSWORD));
    assert!(again.contains("ada") && again.contains("chiiki.db"), "{again}");

    let role = chiiki().args(["user", "add", "eve", "--role", "owner", "--db"]).arg(&db).output().unwrap();
    assert_eq!(role.status.code(), Some(2), "clap refuses an unknown role");
    assert!(String::from_utf8_lossy(&role.stderr).contains("admin, assessor, viewer"));

    assert!(user_add(&db, "root", "admin", PASSWORD).status.success());
    let list = common::chiiki(&["user", "list", "--db", db.to_str().unwrap()]);
    assert_eq!(list, "ada\tassessor\ten\nroot\tadmin\ten\n");
}
