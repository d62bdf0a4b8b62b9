//! The HTML pages and their forms. Every handler takes the [`Visitor`] (who is asking), checks the
//! role the page needs and, for a form, the CSRF token before anything else; every write goes through
//! one store call (one transaction) and then redirects (post/redirect/get).

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Router, http::HeaderMap};
use axum_extra::extract::cookie::CookieJar;
use chiiki_diagnosis::{Diagnosis, DiagnosisConfig, RegionAssessment};
use chiiki_framework::Framework;
use chiiki_render::{ChartView, MapPlace};
use chiiki_store::{Lang, MarkRow, PublicView, Publication, RegionRow, Role};
use serde::Deserialize;
use std::sync::Arc;

use crate::auth::{self, LANG_COOKIE, SESSION_COOKIE, Visitor};
use crate::data::Figure;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::model::{self, MAX_EVIDENCE, MAX_KEYWORDS, SheetRow};
use crate::{AppState, now};

/// The routes of the pages and static files.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(overview))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang", post(switch_lang))
        .route("/compare", get(compare))
        .route("/regions/{id}", get(region))
        .route("/regions/{id}/assess", get(assess_page).post(assess))
        .route("/regions/{id}/consensus", get(consensus_page))
        .route("/regions/{id}/settle", post(settle))
        .route("/regions/{id}/publish", post(publish))
        .route(
            "/static/app.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], include_str!("../static/app.css")) }),
        )
        .route(
            "/static/form.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], include_str!("../static/form.js")) }),
        )
}

/// The parts of every page's frame.
pub struct Layout {
    /// `en` or `ja`.
    pub lang: &'static str,
    /// The page's title.
    pub title: String,
    /// The CSRF token of the forms.
    pub csrf: String,
    /// The user's name, empty when not logged in.
    pub user: String,
    /// The role's word key.
    pub role: &'static str,
    /// The page's path (where the language switch returns).
    pub path: String,
    /// A message after a redirect.
    pub flash: String,
}

impl Layout {
    fn new(v: &Visitor, title: String, path: &str, flash: Option<&str>) -> Layout {
        let t = Tr(v.lang);
        let flash = match flash {
            Some(k @ ("saved" | "settled" | "published" | "logged_in" | "logged_out")) => {
                t.get(&format!("flash.{k}")).to_string()
            }
            _ => String::new(),
        };
        Layout {
            lang: v.lang.as_str(),
            title,
            csrf: v.csrf.clone(),
            user: v.name().to_string(),
            role: match v.role() {
                Some(Role::Admin) => "role.admin",
                Some(Role::Assessor) => "role.assessor",
                Some(Role::Viewer) | None => "role.viewer",
            },
            path: path.to_string(),
            flash,
        }
    }
}

/// `?m=` after a redirect.
#[derive(Debug, Deserialize, Default)]
pub struct Flash {
    m: Option<String>,
}

/// A page response: the rendered template plus the pre-log-in CSRF cookie when it was missing.
fn page(v: &Visitor, jar: CookieJar, html: String) -> Response {
    (v.cookies(jar), [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

/// The field `name` of a submitted form.
fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// A form, or a clear message when the body is not one.
fn form_of(form: Result<Form<Vec<(String, String)>>, FormRejection>) -> Result<Vec<(String, String)>, AppError> {
    form.map(|Form(f)| f).map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::Invalid(vec![format!("the request is not a valid form: {}", e.body_text())])
        }
    })
}

/// Parses an integer field, naming it when it is not one.
fn int_field(form: &[(String, String)], name: &str) -> Result<i64, AppError> {
    let raw = field(form, name).ok_or_else(|| AppError::Invalid(vec![format!("{name}: missing")]))?;
    raw.trim().parse().map_err(|_| AppError::Invalid(vec![format!("{name}: {raw:?} is not a whole number")]))
}

pub(crate) async fn region_or_404(state: &AppState, id: &str) -> Result<(RegionRow, i64), AppError> {
    state.store.region(id).await?.ok_or_else(|| AppError::NotFound(format!("region {id:?}")))
}

/// A region of the public view, or 404.
pub(crate) fn public_region<'a>(view: &'a PublicView, id: &str) -> Result<&'a RegionRow, AppError> {
    view.region(id).ok_or_else(|| AppError::NotFound(format!("region {id:?}")))
}

/// The published charts of the regions asked for (all with `None`), in region order.
pub(crate) fn published_views(
    state: &AppState,
    view: &PublicView,
    only: Option<&[String]>,
    lang: chiiki_framework::Lang,
) -> Vec<(RegionAssessment, Publication, ChartView)> {
    let mut out = Vec::new();
    for p in &view.publications {
        if only.is_some_and(|ids| !ids.contains(&p.region_id)) {
            continue;
        }
        let Some(region) = view.region(&p.region_id) else { continue };
        let ra = model::published(&state.framework, region, p);
        let chart = ChartView::new(&state.framework, &ra, lang);
        out.push((ra, p.clone(), chart));
    }
    if let Some(ids) = only {
        out.sort_by_key(|(_, p, _)| ids.iter().position(|i| *i == p.region_id));
    }
    out
}

/// The map of Japan with every region that has a position (drawn once per view and language).
pub(crate) fn map_svg(state: &AppState, view: &PublicView, t: Tr) -> Arc<str> {
    state.drawing(view, format!("map/{}", t.lang().code()), || {
        let places: Vec<MapPlace> = view
            .regions
            .iter()
            .filter_map(|r| {
                let region = model::region_of(r);
                Some(MapPlace {
                    id: r.id.clone(),
                    label: region.name(t.lang()).to_string(),
                    lat: r.lat?,
                    lon: r.lon?,
                    prefecture: r.code.clone().filter(|c| c.len() == 2),
                    href: Some(format!("/regions/{}", r.id)),
                    fill: Some(if view.publication(&r.id).is_some() { "#b3541e" } else { "#7d848c" }.to_string()),
                })
            })
            .collect();
        chiiki_render::japan_map_svg(&places, t.get("overview.map"))
    })
}

/// The heat map of every published chart (drawn once per view and language).
pub(crate) fn overview_heatmap(state: &AppState, view: &PublicView, t: Tr) -> Arc<str> {
    state.drawing(view, format!("heatmap/{}", t.lang().code()), || {
        let charts: Vec<ChartView> = published_views(state, view, None, t.lang()).into_iter().map(|x| x.2).collect();
        if charts.is_empty() { String::new() } else { chiiki_render::heatmap_svg(&charts) }
    })
}

fn fmt_alpha(a: Option<f64>, t: Tr) -> String {
    a.map_or_else(|| t.get("undefined").to_string(), |a| format!("{a:.3}"))
}

fn date(secs: i64) -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn condition_name(fw: &Framework, id: u16, t: Tr) -> String {
    fw.conditions().iter().find(|c| c.id == id).map_or_else(String::new, |c| c.label.get(t.lang()).to_string())
}

// ---- overview ----

struct OverviewRow {
    id: String,
    name: String,
    base: String,
    strengths: String,
    proposals: String,
    alpha: String,
    published: String,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    t: Tr,
    layout: Layout,
    heatmap: Arc<str>,
    map: Arc<str>,
    regions: Vec<OverviewRow>,
}

async fn overview(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    Query(flash): Query<Flash>,
) -> Result<Response, AppError> {
    let t = Tr(v.lang);
    let public = state.store.public_view().await?;
    let views = published_views(&state, &public, None, t.lang());
    let mut regions = views
        .iter()
        .map(|(ra, p, view)| {
            let d = Diagnosis::of(&state.framework, ra, &DiagnosisConfig::default());
            OverviewRow {
                id: p.region_id.clone(),
                name: view.region_name.clone(),
                base: view.base_caption(),
                strengths: d.strengths.len().to_string(),
                proposals: d.proposals.len().to_string(),
                alpha: fmt_alpha(p.alpha, t),
                published: format!("v{} · {}", p.version, date(p.published_at)),
            }
        })
        .collect::<Vec<_>>();
    // Regions without a published chart still get a row, so assessors can reach them.
    for row in &public.regions {
        if public.publication(&row.id).is_none() {
            let dash = || "—".to_string();
            regions.push(OverviewRow {
                id: row.id.clone(),
                name: model::region_of(row).name(t.lang()).to_string(),
                base: dash(),
                strengths: dash(),
                proposals: dash(),
                alpha: dash(),
                published: t.get("overview.unpublished").to_string(),
            });
        }
    }
    let html = OverviewPage {
        t,
        layout: Layout::new(&v, t.get("overview.title").to_string(), "/", flash.m.as_deref()),
        heatmap: overview_heatmap(&state, &public, t),
        map: map_svg(&state, &public, t),
        regions,
    }
    .render()?;
    Ok(page(&v, jar, html))
}

// ---- log-in, log-out, language ----

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    t: Tr,
    layout: Layout,
    error: String,
    name: String,
}

async fn login_page(v: Visitor, jar: CookieJar) -> Result<Response, AppError> {
    let t = Tr(v.lang);
    let html = LoginPage {
        t,
        layout: Layout::new(&v, t.get("login.title").into(), "/login", None),
        error: String::new(),
        name: String::new(),
    }
    .render()?;
    Ok(page(&v, jar, html))
}

async fn login(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let form = form_of(form)?;
    v.check_csrf(field(&form, "csrf"))?;
    let name = field(&form, "name").unwrap_or("").trim().to_string();
    let password = field(&form, "password").unwrap_or("");
    if name.is_empty() || name.chars().count() > 64 || password.len() > 256 {
        return Err(AppError::Invalid(vec![
            "name and password: give a name (at most 64 characters) and a password".into(),
        ]));
    }
    match auth::log_in(&state, &name, password).await {
        Ok((_, token)) => {
            let jar = jar.add(auth::cookie(SESSION_COOKIE, token, v.secure));
            Ok((jar, Redirect::to("/?m=logged_in")).into_response())
        }
        Err(e @ (AppError::BadLogin | AppError::RateLimited(_))) => {
            let t = Tr(v.lang);
            let status = e.status();
            let html = LoginPage {
                t,
                layout: Layout::new(&v, t.get("login.title").into(), "/login", None),
                error: e.to_string(),
                name,
            }
            .render()?;
            let mut response = (status, page(&v, jar, html)).into_response();
            if let AppError::RateLimited(s) = e {
                response.headers_mut().insert(header::RETRY_AFTER, s.into());
            }
            Ok(response)
        }
        Err(e) => Err(e),
    }
}

async fn logout(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let form = form_of(form)?;
    v.check_csrf(field(&form, "csrf"))?;
    if let Some(c) = jar.get(SESSION_COOKIE) {
        state.store.delete_session(&auth::token_hash(c.value())).await?;
    }
    let jar = jar.remove(auth::cookie(SESSION_COOKIE, String::new(), v.secure));
    Ok((jar, Redirect::to("/?m=logged_out")).into_response())
}

async fn switch_lang(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let form = form_of(form)?;
    v.check_csrf(field(&form, "csrf"))?;
    let lang = Lang::parse(field(&form, "lang").unwrap_or(""))?;
    if let Some(u) = &v.user {
        state.store.set_lang(u.id, lang).await?;
    }
    let jar = jar.add(auth::cookie(LANG_COOKIE, lang.as_str().to_string(), v.secure));
    // Only a local path: never an open redirect.
    let next = field(&form, "next").filter(|n| n.starts_with('/') && !n.starts_with("//")).unwrap_or("/");
    Ok((jar, Redirect::to(next)).into_response())
}

// ---- region page ----

struct FigureView {
    kind: &'static str,
    title: String,
    svg: String,
}

struct MeasuredRow {
    id: u16,
    name: String,
    expert: String,
    measured: String,
    disagree: bool,
}

#[derive(Template)]
#[template(path = "region.html")]
struct RegionPage {
    t: Tr,
    layout: Layout,
    id: String,
    name: String,
    can_assess: bool,
    can_view_consensus: bool,
    published: String,
    chart: Arc<str>,
    strengths: Vec<String>,
    proposals: Vec<String>,
    base: String,
    measured: Vec<MeasuredRow>,
    measured_year: i32,
    figures: Vec<FigureView>,
}

async fn region(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, AppError> {
    let t = Tr(v.lang);
    let public = state.store.public_view().await?;
    let row = public_region(&public, &id)?;
    let name = model::region_of(row).name(t.lang()).to_string();
    let publication = public.publication(&id);
    let fw = &state.framework;
    let mut page_data = RegionPage {
        t,
        layout: Layout::new(&v, name.clone(), &format!("/regions/{id}"), flash.m.as_deref()),
        id: id.clone(),
        name,
        can_assess: v.role() >= Some(Role::Assessor),
        can_view_consensus: v.role().is_some(),
        published: String::new(),
        chart: Arc::from(""),
        strengths: Vec::new(),
        proposals: Vec::new(),
        base: String::new(),
        measured: Vec::new(),
        measured_year: 0,
        figures: Vec::new(),
    };
    if let Some(p) = publication {
        let ra = model::published(fw, row, p);
        let view = ChartView::new(fw, &ra, t.lang());
        let d = Diagnosis::of(fw, &ra, &DiagnosisConfig::default());
        let line = |m: &chiiki_diagnosis::RankedMark| {
            format!("({}) {} {}", m.condition, condition_name(fw, m.condition, t), fw.scale().symbol(m.mark))
        };
        page_data.published = t
            .get("published.line")
            .replace("{v}", &p.version.to_string())
            .replace("{by}", &p.published_by)
            .replace("{date}", &date(p.published_at))
            .replace("{who}", &p.assessors.join(", "))
            .replace("{alpha}", &fmt_alpha(p.alpha, t));
        page_data.chart =
            state.drawing(&public, format!("chart/{id}/{}", t.lang().code()), || chiiki_render::chart_svg(&view));
        page_data.strengths = d.strengths.iter().map(line).collect();
        page_data.proposals = d.proposals.iter().map(line).collect();
        page_data.base = view.base_caption();
    }
    // Measured marks show with or without a published chart; a disagreement needs both.
    if let Some((year, marks)) = state.measured.as_ref().and_then(|m| m.marks.get(&id).map(|marks| (m.year, marks))) {
        let published = publication.map(|p| model::published(fw, row, p));
        page_data.measured_year = year;
        page_data.measured = fw
            .conditions()
            .iter()
            .zip(marks)
            .map(|(c, measured)| {
                let expert =
                    published.as_ref().map(|ra| ra.condition(c.id).map_or(0, |x| x.strength.consensus.value()));
                MeasuredRow {
                    id: c.id,
                    name: c.label.get(t.lang()).to_string(),
                    expert: expert.map_or_else(|| "—".to_string(), |x| x.to_string()),
                    measured: measured.map_or_else(|| t.get("region.no_evidence").to_string(), |x| x.to_string()),
                    disagree: measured.zip(expert).is_some_and(|(m, e)| m.abs_diff(e) >= 2),
                }
            })
            .collect();
    }
    if let Some(data) = &state.data {
        let data = data.clone();
        let rid = id.clone();
        let drawn = tokio::task::spawn_blocking(move || {
            Figure::ALL.into_iter().filter_map(|f| data.figure(&rid, f).map(|svg| (f, svg))).collect::<Vec<_>>()
        })
        .await
        .map_err(|e| AppError::Internal(format!("drawing: {e}")))?;
        page_data.figures = drawn
            .into_iter()
            .map(|(f, svg)| FigureView { kind: f.kind(), title: t.get(&format!("fig.{}", f.kind())).to_string(), svg })
            .collect();
    }
    Ok(page(&v, jar, page_data.render()?))
}

// ---- assessment form ----

struct FormRow {
    id: u16,
    name: String,
    strength: u8,
    proposal: u8,
    keywords: String,
    evidence: String,
    error: String,
}

#[derive(Template)]
#[template(path = "assess.html")]
struct AssessPage {
    t: Tr,
    layout: Layout,
    id: String,
    name: String,
    version: i64,
    rows: Vec<FormRow>,
    marks: Vec<u8>,
    errors: Vec<String>,
    max_keywords: usize,
    max_evidence: usize,
}

fn assess_html(
    state: &AppState,
    v: &Visitor,
    row: &RegionRow,
    version: i64,
    sheet: &[SheetRow],
    errors: Vec<String>,
) -> Result<String, AppError> {
    let t = Tr(v.lang);
    let fw = &state.framework;
    let name = model::region_of(row).name(t.lang()).to_string();
    let rows = fw
        .conditions()
        .iter()
        .map(|c| {
            let s = sheet.iter().find(|r| r.condition == c.id);
            let prefix = format!("condition {} ", c.id);
            FormRow {
                id: c.id,
                name: c.label.get(t.lang()).to_string(),
                strength: s.map_or(0, |r| r.strength),
                proposal: s.map_or(0, |r| r.proposal),
                keywords: s.map_or_else(String::new, |r| r.keywords.clone()),
                evidence: s.map_or_else(String::new, |r| r.evidence.clone()),
                error: errors.iter().filter(|e| e.starts_with(&prefix)).cloned().collect::<Vec<_>>().join("; "),
            }
        })
        .collect();
    Ok(AssessPage {
        t,
        layout: Layout::new(
            v,
            format!("{} — {name}", t.get("assess.title")),
            &format!("/regions/{}/assess", row.id),
            None,
        ),
        id: row.id.clone(),
        name,
        version,
        rows,
        marks: (0..=fw.scale().max()).collect(),
        errors,
        max_keywords: MAX_KEYWORDS,
        max_evidence: MAX_EVIDENCE,
    }
    .render()?)
}

async fn assess_page(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = v.require(Role::Assessor)?.clone();
    let (row, _) = region_or_404(&state, &id).await?;
    let sheet = state.store.sheet(&id, &user.name).await?;
    let rows: Vec<SheetRow> = sheet
        .marks
        .iter()
        .filter_map(|m| {
            Some(SheetRow {
                condition: u16::try_from(m.condition).ok()?,
                strength: u8::try_from(m.strength).ok()?,
                proposal: u8::try_from(m.proposal).ok()?,
                keywords: m.keywords.clone(),
                evidence: m.evidence.clone(),
            })
        })
        .collect();
    let html = assess_html(&state, &v, &row, sheet.version, &rows, Vec::new())?;
    Ok(page(&v, jar, html))
}

/// Reads the 15 rows of the assessment form (`s1`, `p1`, `k1`, `e1`, …); a mark that is not a number
/// is a problem named by its field.
fn sheet_of_form(fw: &Framework, form: &[(String, String)]) -> (Vec<SheetRow>, Vec<String>) {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for c in fw.conditions() {
        let mut mark = |kind: &str, what: &str| -> u8 {
            let raw = field(form, &format!("{kind}{}", c.id)).unwrap_or("0").trim();
            raw.parse::<u8>().unwrap_or_else(|_| {
                problems.push(format!("condition {} {what}: {raw:?} is not a mark", c.id));
                0
            })
        };
        let strength = mark("s", "strength");
        let proposal = mark("p", "proposal");
        rows.push(SheetRow {
            condition: c.id,
            strength,
            proposal,
            keywords: field(form, &format!("k{}", c.id)).unwrap_or("").to_string(),
            evidence: field(form, &format!("e{}", c.id)).unwrap_or("").to_string(),
        });
    }
    (rows, problems)
}

async fn assess(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let form = form_of(form)?;
    let user = v.require(Role::Assessor)?.clone();
    v.check_csrf(field(&form, "csrf"))?;
    let (row, _) = region_or_404(&state, &id).await?;
    let version = int_field(&form, "version")?;
    let (rows, mut problems) = sheet_of_form(&state.framework, &form);
    if let Err(more) = model::check_sheet(&state.framework, &rows, v.lang) {
        problems.extend(more);
    }
    if !problems.is_empty() {
        let html = assess_html(&state, &v, &row, version, &rows, problems)?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page(&v, jar, html)).into_response());
    }
    let marks = model::sheet_rows(&id, &user.name, &rows);
    match state.store.save_sheet(&id, &user.name, version, &marks, now()).await {
        Ok(_) => Ok(Redirect::to(&format!("/regions/{id}/consensus?m=saved")).into_response()),
        Err(chiiki_store::StoreError::Conflict { current, .. }) => {
            // Keep what the user typed; say what happened; let them save again on the new version.
            let message = AppError::from(chiiki_store::StoreError::Conflict { expected: version, current }).to_string();
            let html = assess_html(&state, &v, &row, current, &rows, vec![message])?;
            Ok((axum::http::StatusCode::CONFLICT, page(&v, jar, html)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ---- consensus ----

struct ConsensusRow {
    id: u16,
    name: String,
    marks: Vec<String>,
    strength: u8,
    proposal: u8,
    settled: bool,
    disagree: bool,
    keywords: String,
}

#[derive(Template)]
#[template(path = "consensus.html")]
struct ConsensusPage {
    t: Tr,
    layout: Layout,
    id: String,
    name: String,
    revision: i64,
    assessors: Vec<String>,
    alpha: String,
    alpha_strength: String,
    alpha_proposal: String,
    rows: Vec<ConsensusRow>,
    is_admin: bool,
    marks: Vec<u8>,
}

/// The working consensus of a region: every assessor's marks with the settled marks applied.
pub(crate) async fn working_consensus(
    state: &AppState,
    row: &RegionRow,
) -> Result<(RegionAssessment, Vec<MarkRow>), AppError> {
    let marks = state.store.marks(Some(&row.id)).await?;
    let settled = state.store.settled(&row.id).await?;
    Ok((model::consensus(&state.framework, row, &marks, &settled), settled))
}

async fn consensus_page(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, AppError> {
    v.require(Role::Viewer)?;
    let t = Tr(v.lang);
    let (row, revision) = region_or_404(&state, &id).await?;
    let (ra, settled) = working_consensus(&state, &row).await?;
    let range = DiagnosisConfig::default().disagreement_range;
    let rows = ra
        .conditions
        .iter()
        .map(|c| ConsensusRow {
            id: c.condition,
            name: condition_name(&state.framework, c.condition, t),
            marks: c.ratings.iter().map(|r| format!("{} / {}", r.strength.value(), r.proposal.value())).collect(),
            strength: c.strength.consensus.value(),
            proposal: c.proposal.consensus.value(),
            settled: settled.iter().any(|s| s.condition == i64::from(c.condition)),
            disagree: c.strength.range() >= range || c.proposal.range() >= range,
            keywords: c.keywords.join("; "),
        })
        .collect();
    let a = ra.agreement.as_ref();
    let name = ra.region.name(t.lang()).to_string();
    let html = ConsensusPage {
        t,
        layout: Layout::new(
            &v,
            format!("{} — {name}", t.get("consensus.title")),
            &format!("/regions/{id}/consensus"),
            flash.m.as_deref(),
        ),
        id,
        name,
        revision,
        assessors: ra.assessors.clone(),
        alpha: fmt_alpha(a.and_then(|a| a.alpha), t),
        alpha_strength: fmt_alpha(a.and_then(|a| a.alpha_strength), t),
        alpha_proposal: fmt_alpha(a.and_then(|a| a.alpha_proposal), t),
        rows,
        is_admin: v.role() == Some(Role::Admin),
        marks: (0..=state.framework.scale().max()).collect(),
    }
    .render()?;
    Ok(page(&v, jar, html))
}

async fn settle(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let form = form_of(form)?;
    let user = v.require(Role::Admin)?.clone();
    v.check_csrf(field(&form, "csrf"))?;
    let (row, _) = region_or_404(&state, &id).await?;
    let revision = int_field(&form, "revision")?;
    let (rows, mut problems) = sheet_of_form(&state.framework, &form);
    if let Err(more) = model::check_sheet(&state.framework, &rows, v.lang) {
        problems.extend(more);
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    // Settle only the conditions whose marks differ from the computed consensus (or were settled).
    let (computed, settled_before) = {
        let marks = state.store.marks(Some(&id)).await?;
        (model::consensus(&state.framework, &row, &marks, &[]), state.store.settled(&id).await?)
    };
    let settled: Vec<MarkRow> = rows
        .iter()
        .filter(|r| {
            let c = computed.condition(r.condition);
            let differs = c.is_none_or(|c| {
                c.strength.consensus.value() != r.strength || c.proposal.consensus.value() != r.proposal
            });
            differs || settled_before.iter().any(|s| s.condition == i64::from(r.condition))
        })
        .map(|r| MarkRow {
            region_id: id.clone(),
            assessor: user.name.clone(),
            condition: i64::from(r.condition),
            strength: i64::from(r.strength),
            proposal: i64::from(r.proposal),
            keywords: computed.condition(r.condition).map_or_else(String::new, |c| c.keywords.join("; ")),
            evidence: String::new(),
        })
        .collect();
    state.store.settle(&id, &user.name, revision, &settled, now()).await?;
    Ok(Redirect::to(&format!("/regions/{id}/consensus?m=settled")).into_response())
}

async fn publish(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let form = form_of(form)?;
    let user = v.require(Role::Admin)?.clone();
    v.check_csrf(field(&form, "csrf"))?;
    let revision = int_field(&form, "revision")?;
    crate::api::publish_region(&state, &id, &user.name, revision).await?;
    Ok(Redirect::to(&format!("/regions/{id}?m=published")).into_response())
}

// ---- compare ----

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    t: Tr,
    layout: Layout,
    choices: Vec<(String, String, bool)>,
    heatmap: String,
    query: String,
    error: String,
}

/// The regions of a `?r=a&r=b` query, at most 10, each once.
pub(crate) fn picked(query: Option<&str>) -> Result<Vec<String>, AppError> {
    let mut ids: Vec<String> = Vec::new();
    for (k, val) in query.map(url_pairs).unwrap_or_default() {
        if k == "r" && !val.is_empty() && !ids.contains(&val) {
            ids.push(val);
        }
    }
    if ids.len() > 10 {
        return Err(AppError::Invalid(vec![format!("r: {} regions given, at most 10 can be compared", ids.len())]));
    }
    Ok(ids)
}

fn url_pairs(q: &str) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&format!("/?{q}").parse().unwrap_or_default())
        .map(|q| q.0)
        .unwrap_or_default()
}

async fn compare(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    uri: axum::http::Uri,
    _headers: HeaderMap,
) -> Result<Response, AppError> {
    let t = Tr(v.lang);
    let (ids, error) = match picked(uri.query()) {
        Ok(ids) => (ids, String::new()),
        Err(_) => (Vec::new(), t.get("compare.too_many").to_string()),
    };
    let public = state.store.public_view().await?;
    let all = published_views(&state, &public, None, t.lang());
    let choices = all
        .iter()
        .map(|(_, p, view)| (p.region_id.clone(), view.region_name.clone(), ids.contains(&p.region_id)))
        .collect();
    let chosen: Vec<ChartView> = if ids.is_empty() {
        Vec::new()
    } else {
        published_views(&state, &public, Some(&ids), t.lang()).into_iter().map(|x| x.2).collect()
    };
    let query = ids.iter().map(|i| format!("r={i}")).collect::<Vec<_>>().join("&");
    let html = ComparePage {
        t,
        layout: Layout::new(&v, t.get("compare.title").into(), "/compare", None),
        choices,
        heatmap: if chosen.is_empty() { String::new() } else { chiiki_render::heatmap_svg(&chosen) },
        query,
        error,
    }
    .render()?;
    let status =
        if error_is_set(&html) { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    Ok((status, page(&v, jar, html)).into_response())
}

fn error_is_set(html: &str) -> bool {
    html.contains("class=\"error\" role=\"alert\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_796_400_000), "2026-12-04");
    }

    #[test]
    fn picked_regions_are_deduplicated_and_bounded() {
        assert_eq!(picked(Some("r=kobe&r=fukui&r=kobe&x=1")).unwrap(), ["kobe", "fukui"]);
        let many: Vec<String> = (0..11).map(|i| format!("r=x{i}")).collect();
        assert!(picked(Some(&many.join("&"))).is_err());
        assert!(picked(None).unwrap().is_empty());
    }
}
