//! chiiki's web app: where a research team enters its assessments, sees where it agrees, settles a
//! consensus and publishes region pages — with the charts, the heat map of all regions, the map of
//! Japan, spin-off trees, networks and phase paths, in English and Japanese.
//!
//! The only crate that knows HTTP. [`app`] builds the axum router over an [`AppState`] (the SQLite
//! [`Store`], the framework, an optional data package); [`serve`] runs it on a listener.
//!
//! - `pages.rs`: the HTML pages (askama templates in `templates/`) and their forms;
//! - `api.rs`: the JSON API under `/api` and its OpenAPI document (`/api/openapi.json`);
//! - `downloads.rs`: every chart and table as SVG, PNG, CSV or JSON;
//! - `auth.rs`: passwords, sessions, CSRF, the log-in rate limit, role checks;
//! - `model.rs`: store rows ⇄ domain values, checking submitted sheets;
//! - `data.rs`: the optional data package's figures and measured marks.
//!
//! Who may do what: anyone may read the overview, published region pages, the comparison and their
//! downloads; a viewer also reads every assessor's marks and the working consensus; an assessor also
//! enters and edits their own marks; an admin also settles and publishes consensus charts.

mod api;
mod auth;
mod data;
mod downloads;
mod error;
mod i18n;
mod model;
mod pages;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use chiiki_diagnosis::{Dataset, RegionAssessment, STUDY_ASSESSOR};
use chiiki_framework::Framework;
use chiiki_store::PublicView;
pub use chiiki_store::{Role, Store, StoreError};

pub use auth::hash_password;
pub use data::{DataPackage, Figure, Measured};
pub use error::AppError;

/// The largest request body accepted (forms and JSON), in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// Settings of the server.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Mark cookies `Secure` even without a proxy's `X-Forwarded-Proto: https` (when serving over TLS).
    pub secure_cookies: bool,
}

/// Drawings by name, each with the public view's generation it was drawn from.
type Drawings = HashMap<String, (u64, Arc<str>)>;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The framework (the study's 15 conditions).
    pub framework: Arc<Framework>,
    /// Server settings.
    pub config: Arc<Config>,
    /// The data package, when loaded.
    pub data: Option<Arc<DataPackage>>,
    /// Measured marks, when computed.
    pub measured: Option<Arc<Measured>>,
    /// A hash checked for unknown names, so that log-in timing does not reveal which names exist.
    dummy_hash: Arc<String>,
    /// Drawings of the public view (charts, heat map, map), by name and language, with the view's
    /// generation they were drawn from.
    drawings: Arc<Mutex<Drawings>>,
}

impl AppState {
    /// A drawing of `view` named `key`: the one kept if drawn from the same generation, else `draw`'s
    /// (drawn outside the lock, then kept). At most one entry per key, so the cache is bounded by
    /// regions × figures × languages.
    pub(crate) fn drawing(&self, view: &PublicView, key: String, draw: impl FnOnce() -> String) -> Arc<str> {
        if let Some((generation, svg)) = self.drawings.lock().unwrap_or_else(PoisonError::into_inner).get(&key)
            && *generation == view.generation
        {
            return Arc::clone(svg);
        }
        let svg: Arc<str> = draw().into();
        self.drawings.lock().unwrap_or_else(PoisonError::into_inner).insert(key, (view.generation, Arc::clone(&svg)));
        svg
    }
}

impl AppState {
    /// Opens (creating, migrating and seeding with the study's four regions if new) the database at
    /// `db`, and adds the data package's regions that are not stored yet.
    ///
    /// # Errors
    /// When the database cannot be opened or written.
    pub async fn open(
        db: &Path,
        data: Option<DataPackage>,
        measured: Option<Measured>,
        config: Config,
    ) -> Result<AppState, AppError> {
        let store = Store::open(db).await?;
        let framework = Framework::study();
        seed(&store, &framework).await?;
        if let Some(d) = &data {
            let rows: Vec<_> = d.regions().iter().map(model::row_of).collect();
            store.add_regions(&rows).await?;
        }
        Ok(AppState {
            store,
            framework: Arc::new(framework),
            config: Arc::new(config),
            data: data.map(Arc::new),
            measured: measured.map(Arc::new),
            dummy_hash: Arc::new(hash_password("no such user")?),
            drawings: Arc::default(),
        })
    }
}

/// Writes the study's regions, its four charts as the marks of one assessor and their first
/// publication, once, into a new database.
async fn seed(store: &Store, framework: &Framework) -> Result<(), AppError> {
    if store.is_seeded().await? {
        return Ok(());
    }
    let study = Dataset::study(framework).map_err(|e| AppError::Internal(e.to_string()))?;
    let regions: Vec<_> = study.regions.iter().map(model::row_of).collect();
    let marks: Vec<_> = study
        .assessments
        .iter()
        .map(|a| chiiki_store::MarkRow {
            region_id: a.region_id.clone(),
            assessor: a.assessor.clone(),
            condition: i64::from(a.condition),
            strength: i64::from(a.strength.value()),
            proposal: i64::from(a.proposal.value()),
            keywords: a.keywords.join("; "),
            evidence: a.evidence.clone(),
        })
        .collect();
    let now = now();
    let publications: Vec<_> = study
        .regions
        .iter()
        .map(|r| model::publication_of(&RegionAssessment::build(framework, r, &study.assessments), STUDY_ASSESSOR, now))
        .collect();
    store.seed(&regions, &marks, &publications, now).await?;
    Ok(())
}

/// The app's router: pages, downloads, the JSON API and static files, with the body limit.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(downloads::routes())
        .merge(api::routes())
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

/// Serves the app on `listener` until the process is stopped (Ctrl-C or SIGTERM end it gracefully).
///
/// # Errors
/// When the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let ctrl_c = tokio::signal::ctrl_c();
            #[cfg(unix)]
            {
                let mut term =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
                tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
            }
            #[cfg(not(unix))]
            let _ = ctrl_c.await;
        })
        .await
}

/// The time now, in Unix seconds.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// Escapes text for HTML and XML.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
