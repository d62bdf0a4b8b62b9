//! `chiiki serve` and `chiiki user`: start the web app, manage its users.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use chiiki_web::{AppState, Config, DataPackage, Measured, Role, Store};

use crate::args::{RoleArg, UserAction};
use crate::input;

/// The shortest password accepted.
const MIN_PASSWORD: usize = 8;

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

/// Runs the web app until stopped.
pub fn serve(db: &Path, addr: SocketAddr, data: Option<&Path>, secure_cookies: bool) -> Result<()> {
    let (package, measured) = match data {
        Some(path) => {
            let package = chiiki_package::Package::open(path).map_err(input::problems)?;
            let bar = crate::progress::bytes(package.network_bytes(true), "reading");
            let read = DataPackage::read(&package);
            bar.finish_and_clear();
            (Some(read.map_err(input::problems)?), measure(path)?)
        }
        None => (None, None),
    };
    let rt = runtime()?;
    rt.block_on(async {
        let state = AppState::open(db, package, measured, Config { secure_cookies })
            .await
            .map_err(|e| anyhow!("{}: {e}", db.display()))?;
        let users = state.store.users().await.map_err(|e| anyhow!("{e}"))?;
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr()?;
        eprintln!("chiiki: serving http://{local}/ (database {})", db.display());
        if users.is_empty() {
            eprintln!(
                "chiiki: no users yet — anyone can read the published charts; to enter assessments, add an admin:\n  \
                 chiiki user add NAME --role admin --db {}",
                db.display()
            );
        }
        chiiki_web::serve(listener, state).await.context("serving")
    })
}

/// Measured marks of the package's last year, with the evidence engine.
#[cfg(feature = "evidence")]
fn measure(path: &Path) -> Result<Option<Measured>> {
    let (package, engine) = crate::evidence::open_checked(path)?;
    let cuts = crate::evidence::cuts("25,50,75", &chiiki_framework::Framework::study())?;
    let e = crate::evidence::measure(&package, &engine, None, None, &cuts)?;
    Ok(Some(Measured {
        year: e.year,
        marks: e.regions.into_iter().map(|r| (r.id, r.conditions.iter().map(|c| c.measured_mark).collect())).collect(),
    }))
}

/// Without the evidence engine there are no measured marks.
#[cfg(not(feature = "evidence"))]
fn measure(_: &Path) -> Result<Option<Measured>> {
    Ok(None)
}

/// Reads a password: without echo on a terminal (twice), else the first line of standard input.
fn read_password() -> Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("password: ")?;
        let again = rpassword::prompt_password("again: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if password.chars().count() < MIN_PASSWORD {
        bail!("the password must have at least {MIN_PASSWORD} characters");
    }
    if password.len() > 256 {
        bail!("the password must have at most 256 bytes");
    }
    Ok(password)
}

fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    if !ok {
        bail!("user name {name:?}: use 1–64 letters, digits, '-', '_', '.' or '@'");
    }
    if name == chiiki_diagnosis::STUDY_ASSESSOR {
        bail!("user name {name:?} is the study's own assessor: choose another");
    }
    Ok(())
}

/// `chiiki user …`.
pub fn user(action: UserAction) -> Result<()> {
    let rt = runtime()?;
    rt.block_on(async {
        match action {
            UserAction::Add { name, role, db } => {
                check_name(&name)?;
                let password = read_password()?;
                let hash = chiiki_web::hash_password(&password).map_err(|e| anyhow!("{e}"))?;
                let store = open(&db).await?;
                let role = match role {
                    RoleArg::Admin => Role::Admin,
                    RoleArg::Assessor => Role::Assessor,
                    RoleArg::Viewer => Role::Viewer,
                };
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
                store.add_user(&name, role, &hash, now).await.map_err(|e| anyhow!("{}: {e}", db.display()))?;
                eprintln!("chiiki: added {name} ({}) to {}", role.as_str(), db.display());
            }
            UserAction::Password { name, db } => {
                let password = read_password()?;
                let hash = chiiki_web::hash_password(&password).map_err(|e| anyhow!("{e}"))?;
                let store = open(&db).await?;
                store.set_password(&name, &hash).await.map_err(|e| anyhow!("{}: {e}", db.display()))?;
                eprintln!("chiiki: new password for {name}");
            }
            UserAction::List { db } => {
                let store = open(&db).await?;
                for u in store.users().await.map_err(|e| anyhow!("{e}"))? {
                    println!("{}\t{}\t{}", u.name, u.role.as_str(), u.lang.as_str());
                }
            }
        }
        Ok(())
    })
}

async fn open(db: &Path) -> Result<Store> {
    Store::open(db).await.map_err(|e| anyhow!("{}: {e}", db.display()))
}
