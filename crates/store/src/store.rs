//! [`Store`]: the SQLite pool and every query the web app runs.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use crate::error::StoreError;
use crate::rows::{Lang, MarkRow, Publication, RegionRow, Role, Sheet, User, UserWithHash};

/// The store: a pool of connections to one SQLite file.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    public: Arc<PublicCache>,
}

/// What anyone may read — every region and its latest publication — as one value kept in memory
/// between the writes that change it ([`Store::public_view`]).
#[derive(Debug)]
pub struct PublicView {
    /// Counts the writes to regions and publications made through this store; a cache of pages
    /// drawn from a view stays valid while it is unchanged.
    pub generation: u64,
    /// Every region, in their stored order.
    pub regions: Vec<RegionRow>,
    /// The latest publication of each region that has one, in region order.
    pub publications: Vec<Publication>,
}

impl PublicView {
    /// The region `id`.
    pub fn region(&self, id: &str) -> Option<&RegionRow> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// The latest publication of region `id`.
    pub fn publication(&self, id: &str) -> Option<&Publication> {
        self.publications.iter().find(|p| p.region_id == id)
    }
}

/// The last [`PublicView`] read and the generation it belongs to. Writes bump the generation after
/// their commit; a reader keeps what it read only if no write committed meanwhile, so a view read
/// before a commit is never served after it.
#[derive(Debug, Default)]
struct PublicCache {
    generation: AtomicU64,
    view: RwLock<Option<Arc<PublicView>>>,
}

fn user_from(row: &sqlx::sqlite::SqliteRow) -> Result<User, StoreError> {
    Ok(User {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: Role::parse(row.try_get::<&str, _>("role")?)?,
        lang: Lang::parse(row.try_get::<&str, _>("lang")?)?,
    })
}

fn mark_from(row: &sqlx::sqlite::SqliteRow) -> Result<MarkRow, StoreError> {
    Ok(MarkRow {
        region_id: row.try_get("region_id")?,
        assessor: row.try_get("assessor")?,
        condition: row.try_get("condition")?,
        strength: row.try_get("strength")?,
        proposal: row.try_get("proposal")?,
        keywords: row.try_get("keywords")?,
        evidence: row.try_get("evidence")?,
    })
}

fn region_from(row: &sqlx::sqlite::SqliteRow) -> Result<RegionRow, StoreError> {
    Ok(RegionRow {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        name_ja: row.try_get("name_ja")?,
        kind: row.try_get("kind")?,
        code: row.try_get("code")?,
        lat: row.try_get("lat")?,
        lon: row.try_get("lon")?,
    })
}

async fn bump_revision(tx: &mut Transaction<'_, Sqlite>, region_id: &str) -> Result<i64, StoreError> {
    let row = sqlx::query("UPDATE regions SET revision = revision + 1 WHERE id = ? RETURNING revision")
        .bind(region_id)
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        Some(r) => Ok(r.try_get(0)?),
        None => Err(StoreError::NotFound(format!("region {region_id:?}"))),
    }
}

async fn check_revision(tx: &mut Transaction<'_, Sqlite>, region_id: &str, expected: i64) -> Result<(), StoreError> {
    let current: Option<i64> = sqlx::query_scalar("SELECT revision FROM regions WHERE id = ?")
        .bind(region_id)
        .fetch_optional(&mut **tx)
        .await?;
    match current {
        None => Err(StoreError::NotFound(format!("region {region_id:?}"))),
        Some(c) if c != expected => Err(StoreError::Conflict { expected, current: c }),
        Some(_) => Ok(()),
    }
}

async fn insert_region(tx: &mut Transaction<'_, Sqlite>, r: &RegionRow) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO regions (id, name, name_ja, kind, code, lat, lon, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM regions))
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&r.id)
    .bind(&r.name)
    .bind(&r.name_ja)
    .bind(&r.kind)
    .bind(&r.code)
    .bind(r.lat)
    .bind(r.lon)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn write_sheet(
    tx: &mut Transaction<'_, Sqlite>,
    region_id: &str,
    assessor: &str,
    expected: i64,
    marks: &[MarkRow],
    now: i64,
) -> Result<i64, StoreError> {
    let current: i64 = sqlx::query_scalar("SELECT version FROM sheets WHERE region_id = ? AND assessor = ?")
        .bind(region_id)
        .bind(assessor)
        .fetch_optional(&mut **tx)
        .await?
        .unwrap_or(0);
    if current != expected {
        return Err(StoreError::Conflict { expected, current });
    }
    let version = current + 1;
    sqlx::query(
        "INSERT INTO sheets (region_id, assessor, version, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (region_id, assessor) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at",
    )
    .bind(region_id)
    .bind(assessor)
    .bind(version)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM marks WHERE region_id = ? AND assessor = ?")
        .bind(region_id)
        .bind(assessor)
        .execute(&mut **tx)
        .await?;
    for m in marks {
        sqlx::query(
            "INSERT INTO marks (region_id, assessor, condition, strength, proposal, keywords, evidence)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(region_id)
        .bind(assessor)
        .bind(m.condition)
        .bind(m.strength)
        .bind(m.proposal)
        .bind(&m.keywords)
        .bind(&m.evidence)
        .execute(&mut **tx)
        .await?;
    }
    bump_revision(tx, region_id).await?;
    Ok(version)
}

impl Store {
    /// Opens (creating and migrating if needed) the SQLite file at `path`.
    ///
    /// # Errors
    /// When the file cannot be opened or created, or its schema cannot be brought up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        Store::connect(options).await
    }

    /// An in-memory store (one connection), for tests of code above the store.
    ///
    /// # Errors
    /// When SQLite cannot start.
    pub async fn memory() -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool, public: Arc::default() })
    }

    async fn connect(options: SqliteConnectOptions) -> Result<Store, StoreError> {
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool, public: Arc::default() })
    }

    /// Whether the initial data has been written ([`Store::seed`]).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn is_seeded(&self) -> Result<bool, StoreError> {
        let v: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'seeded'").fetch_optional(&self.pool).await?;
        Ok(v.is_some())
    }

    /// Writes the initial data once, in one transaction: the regions, each assessor's marks (one
    /// sheet per region and assessor) and, when `publish` is given, a first publication of each
    /// region with those marks under that publisher's name. Does nothing if already seeded.
    ///
    /// # Errors
    /// When the database fails; nothing is written then.
    pub async fn seed(
        &self,
        regions: &[RegionRow],
        marks: &[MarkRow],
        publications: &[Publication],
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let seeded: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'seeded'").fetch_optional(&mut *tx).await?;
        if seeded.is_some() {
            return Ok(false);
        }
        for r in regions {
            insert_region(&mut tx, r).await?;
        }
        let mut sheets: Vec<(&str, &str)> = Vec::new();
        for m in marks {
            if !sheets.contains(&(m.region_id.as_str(), m.assessor.as_str())) {
                sheets.push((&m.region_id, &m.assessor));
            }
        }
        for (region, assessor) in sheets {
            let rows: Vec<MarkRow> =
                marks.iter().filter(|m| m.region_id == region && m.assessor == assessor).cloned().collect();
            write_sheet(&mut tx, region, assessor, 0, &rows, now).await?;
        }
        for p in publications {
            write_publication(&mut tx, p).await?;
        }
        sqlx::query("INSERT INTO meta (key, value) VALUES ('seeded', ?)")
            .bind(now.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.public_changed();
        Ok(true)
    }

    // ---- users ----

    /// Adds a user.
    ///
    /// # Errors
    /// [`StoreError::Duplicate`] when the name is taken.
    pub async fn add_user(&self, name: &str, role: Role, password_hash: &str, now: i64) -> Result<User, StoreError> {
        let mut tx = self.pool.begin().await?;
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE name = ?").bind(name).fetch_optional(&mut *tx).await?;
        if exists.is_some() {
            return Err(StoreError::Duplicate(name.to_string()));
        }
        let row = sqlx::query(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)
             RETURNING id, name, role, lang",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let user = user_from(&row)?;
        tx.commit().await?;
        Ok(user)
    }

    /// Replaces a user's password hash.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown name.
    pub async fn set_password(&self, name: &str, password_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE users SET password_hash = ? WHERE name = ?")
            .bind(password_hash)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {name:?}")));
        }
        // A new password ends every session of the user.
        sqlx::query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user of this name with the password hash.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn user_by_name(&self, name: &str) -> Result<Option<UserWithHash>, StoreError> {
        let row = sqlx::query("SELECT id, name, role, lang, password_hash FROM users WHERE name = ?")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(UserWithHash { user: user_from(&r)?, password_hash: r.try_get("password_hash")? })).transpose()
    }

    /// Every user, by name.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query("SELECT id, name, role, lang FROM users ORDER BY name").fetch_all(&self.pool).await?;
        rows.iter().map(user_from).collect()
    }

    /// Sets the language a user reads in.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn set_lang(&self, user_id: i64, lang: Lang) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET lang = ? WHERE id = ?")
            .bind(lang.as_str())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- sessions and log-in failures ----

    /// Stores a session (the token's hash, never the token) and forgets expired ones.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at <= ?").bind(now).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
            .bind(token_hash)
            .bind(user_id)
            .bind(csrf)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user and CSRF token of a live session.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn session(&self, token_hash: &str, now: i64) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role, u.lang, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ? AND s.expires_at > ?",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((user_from(&r)?, r.try_get("csrf")?))).transpose()
    }

    /// Ends a session.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?").bind(token_hash).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a failed log-in for `name` and returns how many there were since `since`, this one
    /// included.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_failure(&self, name: &str, now: i64, since: i64) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE at < ?").bind(since).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO login_failures (name, at) VALUES (?, ?)")
            .bind(name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE name = ? AND at >= ?")
            .bind(name)
            .bind(since)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Failed log-ins for `name` since `since`, and the time of the latest.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn failures(&self, name: &str, since: i64) -> Result<(i64, Option<i64>), StoreError> {
        let row = sqlx::query("SELECT COUNT(*), MAX(at) FROM login_failures WHERE name = ? AND at >= ?")
            .bind(name)
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    /// Forgets the failed log-ins of `name` (after a successful one).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn clear_failures(&self, name: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE name = ?").bind(name).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- regions ----

    /// Every region, in the order they were added.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn regions(&self) -> Result<Vec<RegionRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM regions ORDER BY position").fetch_all(&self.pool).await?;
        rows.iter().map(region_from).collect()
    }

    /// One region and its revision.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn region(&self, id: &str) -> Result<Option<(RegionRow, i64)>, StoreError> {
        let row = sqlx::query("SELECT * FROM regions WHERE id = ?").bind(id).fetch_optional(&self.pool).await?;
        row.map(|r| Ok((region_from(&r)?, r.try_get("revision")?))).transpose()
    }

    /// Adds the regions not yet stored (by id), in one transaction; returns how many were new.
    ///
    /// # Errors
    /// When the database fails; nothing is written then.
    pub async fn add_regions(&self, regions: &[RegionRow]) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin().await?;
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM regions").fetch_one(&mut *tx).await?;
        for r in regions {
            insert_region(&mut tx, r).await?;
        }
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM regions").fetch_one(&mut *tx).await?;
        tx.commit().await?;
        self.public_changed();
        Ok(usize::try_from(after - before).unwrap_or(0))
    }

    // ---- assessments ----

    /// Every assessor's marks for a region (all regions with `None`), sheets in the order they were
    /// first saved, conditions ascending.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn marks(&self, region_id: Option<&str>) -> Result<Vec<MarkRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.* FROM marks m JOIN sheets s ON s.region_id = m.region_id AND s.assessor = m.assessor
             WHERE ?1 IS NULL OR m.region_id = ?1 ORDER BY s.rowid, m.condition",
        )
        .bind(region_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(mark_from).collect()
    }

    /// One assessor's sheet for a region (version 0 and no marks if none was saved).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sheet(&self, region_id: &str, assessor: &str) -> Result<Sheet, StoreError> {
        let version: i64 = sqlx::query_scalar("SELECT version FROM sheets WHERE region_id = ? AND assessor = ?")
            .bind(region_id)
            .bind(assessor)
            .fetch_optional(&self.pool)
            .await?
            .unwrap_or(0);
        let rows = sqlx::query("SELECT * FROM marks WHERE region_id = ? AND assessor = ? ORDER BY condition")
            .bind(region_id)
            .bind(assessor)
            .fetch_all(&self.pool)
            .await?;
        Ok(Sheet { version, marks: rows.iter().map(mark_from).collect::<Result<_, _>>()? })
    }

    /// Replaces an assessor's marks for a region if the sheet is still at `expected` (0 for a first
    /// save); returns the new version.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the sheet was saved by someone else since; [`StoreError::NotFound`]
    /// for an unknown region. Nothing is written then.
    pub async fn save_sheet(
        &self,
        region_id: &str,
        assessor: &str,
        expected: i64,
        marks: &[MarkRow],
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let version = write_sheet(&mut tx, region_id, assessor, expected, marks, now).await?;
        tx.commit().await?;
        Ok(version)
    }

    // ---- settled consensus and publications ----

    /// The marks an administrator settled for a region (`assessor` holds who settled them).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn settled(&self, region_id: &str) -> Result<Vec<MarkRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT region_id, settled_by AS assessor, condition, strength, proposal, keywords, '' AS evidence
             FROM settled WHERE region_id = ? ORDER BY condition",
        )
        .bind(region_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(mark_from).collect()
    }

    /// Replaces the settled marks of a region if its revision is still `expected`; returns the new
    /// revision.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when assessments or settled marks changed since; nothing is written then.
    pub async fn settle(
        &self,
        region_id: &str,
        by: &str,
        expected_revision: i64,
        marks: &[MarkRow],
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        check_revision(&mut tx, region_id, expected_revision).await?;
        sqlx::query("DELETE FROM settled WHERE region_id = ?").bind(region_id).execute(&mut *tx).await?;
        for m in marks {
            sqlx::query(
                "INSERT INTO settled (region_id, condition, strength, proposal, keywords, settled_by, settled_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(region_id)
            .bind(m.condition)
            .bind(m.strength)
            .bind(m.proposal)
            .bind(&m.keywords)
            .bind(by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let revision = bump_revision(&mut tx, region_id).await?;
        tx.commit().await?;
        Ok(revision)
    }

    /// Publishes a chart of a region if its revision is still `expected`; the publication's version
    /// is the next one for the region (the `version` field of `publication` is ignored). Returns it.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when assessments or settled marks changed since; nothing is written then.
    pub async fn publish(&self, expected_revision: i64, publication: &Publication) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        check_revision(&mut tx, &publication.region_id, expected_revision).await?;
        let version = write_publication(&mut tx, publication).await?;
        tx.commit().await?;
        self.public_changed();
        Ok(version)
    }

    /// Every region and its latest publication, read once and kept until a write through this store
    /// changes them ([`Store::seed`], [`Store::add_regions`], [`Store::publish`]). Public pages read
    /// this instead of the database; one server per database file keeps it exact.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn public_view(&self) -> Result<Arc<PublicView>, StoreError> {
        let generation = self.public.generation.load(Ordering::Acquire);
        if let Some(view) = self.public.view.read().unwrap_or_else(PoisonError::into_inner).as_ref()
            && view.generation == generation
        {
            return Ok(Arc::clone(view));
        }
        let view = Arc::new(PublicView {
            generation,
            regions: self.regions().await?,
            publications: self.latest_publications().await?,
        });
        let mut slot = self.public.view.write().unwrap_or_else(PoisonError::into_inner);
        if self.public.generation.load(Ordering::Acquire) == generation {
            *slot = Some(Arc::clone(&view));
        }
        Ok(view)
    }

    /// Marks the public view as stale; called after each commit that changes regions or publications.
    fn public_changed(&self) {
        self.public.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The latest publication of every region that has one, in region order.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn latest_publications(&self) -> Result<Vec<Publication>, StoreError> {
        let heads = sqlx::query(
            "SELECT p.* FROM publications p JOIN regions r ON r.id = p.region_id
             WHERE p.version = (SELECT MAX(version) FROM publications q WHERE q.region_id = p.region_id)
             ORDER BY r.position",
        )
        .fetch_all(&self.pool)
        .await?;
        let marks = sqlx::query(
            "SELECT m.region_id, p.published_by AS assessor, m.condition, m.strength, m.proposal, m.keywords,
                    '' AS evidence, m.version
             FROM published_marks m JOIN publications p ON p.region_id = m.region_id AND p.version = m.version
             WHERE m.version = (SELECT MAX(version) FROM publications q WHERE q.region_id = m.region_id)
             ORDER BY m.region_id, m.condition",
        )
        .fetch_all(&self.pool)
        .await?;
        let marks: Vec<MarkRow> = marks.iter().map(mark_from).collect::<Result<_, _>>()?;
        heads
            .iter()
            .map(|h| {
                let region_id: String = h.try_get("region_id")?;
                let assessors: String = h.try_get("assessors")?;
                Ok(Publication {
                    marks: marks.iter().filter(|m| m.region_id == region_id).cloned().collect(),
                    region_id,
                    version: h.try_get("version")?,
                    published_by: h.try_get("published_by")?,
                    published_at: h.try_get("published_at")?,
                    assessors: serde_json::from_str(&assessors).unwrap_or_default(),
                    alpha: h.try_get("alpha")?,
                })
            })
            .collect()
    }

    /// The latest publication of one region.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn latest_publication(&self, region_id: &str) -> Result<Option<Publication>, StoreError> {
        Ok(self.latest_publications().await?.into_iter().find(|p| p.region_id == region_id))
    }
}

async fn write_publication(tx: &mut Transaction<'_, Sqlite>, p: &Publication) -> Result<i64, StoreError> {
    let version: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM publications WHERE region_id = ?")
        .bind(&p.region_id)
        .fetch_one(&mut **tx)
        .await?;
    let assessors = serde_json::to_string(&p.assessors).expect("a list of strings serialises");
    sqlx::query(
        "INSERT INTO publications (region_id, version, published_by, published_at, assessors, alpha)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&p.region_id)
    .bind(version)
    .bind(&p.published_by)
    .bind(p.published_at)
    .bind(assessors)
    .bind(p.alpha)
    .execute(&mut **tx)
    .await?;
    for m in &p.marks {
        sqlx::query(
            "INSERT INTO published_marks (region_id, version, condition, strength, proposal, keywords)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&p.region_id)
        .bind(version)
        .bind(m.condition)
        .bind(m.strength)
        .bind(m.proposal)
        .bind(&m.keywords)
        .execute(&mut **tx)
        .await?;
    }
    Ok(version)
}
