//! The JSON API under `/api`, with the pages' authentication (the session cookie) and, for every write,
//! the session's CSRF token in the `X-CSRF-Token` header. Bodies must be `application/json`, which a
//! cross-site form cannot send. Errors are `{"error": "...", "status": N}`.
//!
//! The OpenAPI 3.1 document is generated from the handlers (utoipa) and served at `/api/openapi.json`;
//! `/api/docs` lists the operations as a page, with no outside assets.

use std::fmt::Write as _;
use std::sync::OnceLock;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum_extra::extract::cookie::CookieJar;
use chiiki_diagnosis::{DiagnosisConfig, RegionAssessment};
use chiiki_store::Role;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{self, SESSION_COOKIE, Visitor};
use crate::error::AppError;
use crate::model::{self, SheetRow};
use crate::pages::{public_region, region_or_404, working_consensus};
use crate::{AppState, now};

#[derive(OpenApi)]
#[openapi(
    info(title = "chiiki API", description = "Regions, assessments, consensus and published Comparative Analysis Charts."),
    tags((name = "session", description = "Log in and out"), (name = "regions", description = "Regions and charts"),
         (name = "assessments", description = "Marks, consensus, publication"))
)]
struct ApiDoc;

/// An API error: the same errors as the pages, as JSON.
pub struct ApiError(AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self.0 {
            eprintln!("chiiki serve: internal error: {detail}");
        }
        self.0.into_json()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(x)| x).map_err(|e| {
        ApiError(if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::Invalid(vec![format!("request body: {}", e.body_text())])
        })
    })
}

fn csrf(v: &Visitor, headers: &HeaderMap) -> Result<(), ApiError> {
    Ok(v.check_csrf(headers.get("x-csrf-token").and_then(|h| h.to_str().ok()))?)
}

/// An error body.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, naming the field.
    pub error: String,
    /// The HTTP status.
    pub status: u16,
}

/// Log-in request.
#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    /// The user's name.
    pub name: String,
    /// The password.
    pub password: String,
}

/// The logged-in user and the CSRF token for writes.
#[derive(Serialize, ToSchema)]
pub struct SessionBody {
    /// The user's name.
    pub name: String,
    /// `admin`, `assessor` or `viewer`.
    pub role: String,
    /// `en` or `ja`.
    pub lang: String,
    /// Send it as `X-CSRF-Token` with every write.
    pub csrf: String,
}

/// A region.
#[derive(Serialize, ToSchema)]
pub struct RegionSummary {
    /// The region's id.
    pub id: String,
    /// English name.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// The latest published chart's version, if any.
    pub published_version: Option<i64>,
}

/// A region with its latest published chart (the chart JSON of `docs/formats.md`).
#[derive(Serialize, ToSchema)]
pub struct RegionDetail {
    /// The region.
    pub region: RegionSummary,
    /// The published chart, or null.
    #[schema(value_type = Object)]
    pub chart: Option<serde_json::Value>,
}

/// One assessor's marks for a condition.
#[derive(Serialize, ToSchema)]
pub struct RatingBody {
    /// The assessor.
    pub assessor: String,
    /// Strength mark.
    pub strength: u8,
    /// Proposal mark.
    pub proposal: u8,
}

/// One condition of the working consensus.
#[derive(Serialize, ToSchema)]
pub struct ConsensusCondition {
    /// The condition.
    pub condition: u16,
    /// Every assessor's marks.
    pub ratings: Vec<RatingBody>,
    /// Consensus strength (lower median, or the settled mark).
    pub strength: u8,
    /// Consensus proposal.
    pub proposal: u8,
    /// max − min of the strength marks.
    pub strength_range: u8,
    /// max − min of the proposal marks.
    pub proposal_range: u8,
    /// Whether either range reaches the disagreement threshold (2).
    pub disagreement: bool,
    /// Keywords.
    pub keywords: Vec<String>,
}

/// The working consensus of a region.
#[derive(Serialize, ToSchema)]
pub struct ConsensusBody {
    /// The region.
    pub region_id: String,
    /// The region's revision: send it back to publish.
    pub revision: i64,
    /// The assessors.
    pub assessors: Vec<String>,
    /// Krippendorff's ordinal alpha over strength and proposal units (null when undefined).
    pub alpha: Option<f64>,
    /// Over strength units.
    pub alpha_strength: Option<f64>,
    /// Over proposal units.
    pub alpha_proposal: Option<f64>,
    /// One entry per condition.
    pub conditions: Vec<ConsensusCondition>,
}

/// One condition of an assessor's sheet.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct SheetCondition {
    /// The condition (1–15).
    pub condition: u16,
    /// Strength mark 0–3.
    pub strength: u8,
    /// Proposal mark 0–3.
    pub proposal: u8,
    /// Keywords separated by `;`.
    #[serde(default)]
    pub keywords: String,
    /// Evidence.
    #[serde(default)]
    pub evidence: String,
}

/// An assessor's sheet for a region.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct SheetBody {
    /// The version read (0 before the first save); a save must send it back.
    pub version: i64,
    /// The marked conditions.
    pub conditions: Vec<SheetCondition>,
}

/// Publish request.
#[derive(Deserialize, ToSchema)]
pub struct PublishRequest {
    /// The region revision the consensus was read at.
    pub revision: i64,
}

/// A new version.
#[derive(Serialize, ToSchema)]
pub struct VersionBody {
    /// The version written.
    pub version: i64,
}

/// The API's routes and the documentation routes.
pub fn routes() -> axum::Router<AppState> {
    let (router, _) = api_router().split_for_parts();
    router
        .route("/api/openapi.json", get(|| async { ([(header::CONTENT_TYPE, "application/json")], openapi_json()) }))
        .route("/api/docs", get(|| async { Html(docs_page()) }))
}

fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(create_session, delete_session))
        .routes(routes!(list_regions))
        .routes(routes!(get_region))
        .routes(routes!(get_consensus))
        .routes(routes!(get_sheet, put_sheet))
        .routes(routes!(post_publish))
}

/// The OpenAPI document, built once.
pub fn openapi_json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| api_router().into_openapi().to_pretty_json().expect("the OpenAPI document serialises"))
}

fn docs_page() -> String {
    let doc: serde_json::Value = serde_json::from_str(openapi_json()).expect("JSON");
    let mut rows = String::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let _ = write!(
                    rows,
                    "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
                    method.to_uppercase(),
                    crate::escape(path),
                    crate::escape(op["summary"].as_str().or(op["description"].as_str()).unwrap_or(""))
                );
            }
        }
    }
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>chiiki API</title>\
         <link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main><h1>chiiki API</h1>\
         <p>The OpenAPI document: <a href=\"/api/openapi.json\">/api/openapi.json</a>. Log in with \
         <code>POST /api/session</code>; send the returned <code>csrf</code> as <code>X-CSRF-Token</code> \
         with every write.</p><table class=\"data\"><thead><tr><th>method</th><th>path</th><th>what</th></tr></thead>\
         <tbody>{rows}</tbody></table></main></body></html>"
    )
}

/// Log in.
#[utoipa::path(post, path = "/api/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = SessionBody), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn create_session(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    req: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = body(req)?;
    if req.name.is_empty() || req.name.chars().count() > 64 || req.password.len() > 256 {
        return Err(AppError::Invalid(vec!["name, password: a name of 1–64 characters and a password".into()]).into());
    }
    let (user, token) = auth::log_in(&state, &req.name, &req.password).await?;
    let (_, csrf) = state
        .store
        .session(&auth::token_hash(&token), now())
        .await?
        .ok_or_else(|| AppError::Internal("the new session is missing".into()))?;
    let jar = jar.add(auth::cookie(SESSION_COOKIE, token, v.secure));
    let body = SessionBody { name: user.name, role: user.role.as_str().into(), lang: user.lang.as_str().into(), csrf };
    Ok((jar, Json(body)).into_response())
}

/// Log out.
#[utoipa::path(delete, path = "/api/session", tag = "session", responses((status = 204), (status = 403, body = ErrorBody)))]
async fn delete_session(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    v.require(Role::Viewer)?;
    csrf(&v, &headers)?;
    if let Some(c) = jar.get(SESSION_COOKIE) {
        state.store.delete_session(&auth::token_hash(c.value())).await?;
    }
    Ok((jar.remove(auth::cookie(SESSION_COOKIE, String::new(), v.secure)), axum::http::StatusCode::NO_CONTENT)
        .into_response())
}

/// All regions.
#[utoipa::path(get, path = "/api/regions", tag = "regions", responses((status = 200, body = [RegionSummary])))]
async fn list_regions(State(state): State<AppState>) -> ApiResult<Vec<RegionSummary>> {
    let public = state.store.public_view().await?;
    Ok(Json(
        public
            .regions
            .iter()
            .map(|r| RegionSummary {
                published_version: public.publication(&r.id).map(|p| p.version),
                id: r.id.clone(),
                name: r.name.clone(),
                name_ja: r.name_ja.clone(),
                lat: r.lat,
                lon: r.lon,
            })
            .collect(),
    ))
}

/// A region and its latest published chart.
#[utoipa::path(get, path = "/api/regions/{id}", tag = "regions", params(("id" = String, Path, description = "region id")),
    responses((status = 200, body = RegionDetail), (status = 404, body = ErrorBody)))]
async fn get_region(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> ApiResult<RegionDetail> {
    let public = state.store.public_view().await?;
    let row = public_region(&public, &id)?.clone();
    let chart = public.publication(&id).map(|p| {
        let ra = model::published(&state.framework, &row, p);
        let lang = crate::i18n::Tr(v.lang).lang();
        chiiki_render::chart_json_value(&chiiki_render::ChartView::new(&state.framework, &ra, lang))
    });
    Ok(Json(RegionDetail {
        region: RegionSummary {
            id: row.id,
            name: row.name,
            name_ja: row.name_ja,
            lat: row.lat,
            lon: row.lon,
            published_version: public.publication(&id).map(|p| p.version),
        },
        chart,
    }))
}

/// The consensus body of a region assessment.
pub(crate) fn consensus_body(state: &AppState, ra: &RegionAssessment, revision: i64) -> ConsensusBody {
    let range = DiagnosisConfig::default().disagreement_range;
    let _ = state;
    let a = ra.agreement.as_ref();
    ConsensusBody {
        region_id: ra.region.id.clone(),
        revision,
        assessors: ra.assessors.clone(),
        alpha: a.and_then(|a| a.alpha),
        alpha_strength: a.and_then(|a| a.alpha_strength),
        alpha_proposal: a.and_then(|a| a.alpha_proposal),
        conditions: ra
            .conditions
            .iter()
            .map(|c| ConsensusCondition {
                condition: c.condition,
                ratings: c
                    .ratings
                    .iter()
                    .map(|r| RatingBody {
                        assessor: r.assessor.clone(),
                        strength: r.strength.value(),
                        proposal: r.proposal.value(),
                    })
                    .collect(),
                strength: c.strength.consensus.value(),
                proposal: c.proposal.consensus.value(),
                strength_range: c.strength.range(),
                proposal_range: c.proposal.range(),
                disagreement: c.strength.range() >= range || c.proposal.range() >= range,
                keywords: c.keywords.clone(),
            })
            .collect(),
    }
}

/// The consensus as CSV: one line per condition and assessor.
pub(crate) fn consensus_csv(body: &ConsensusBody) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "region_id",
        "condition",
        "assessor",
        "strength",
        "proposal",
        "consensus_strength",
        "consensus_proposal",
        "disagreement",
    ])
    .expect("memory");
    for c in &body.conditions {
        for r in &c.ratings {
            w.write_record([
                body.region_id.as_str(),
                &c.condition.to_string(),
                &r.assessor,
                &r.strength.to_string(),
                &r.proposal.to_string(),
                &c.strength.to_string(),
                &c.proposal.to_string(),
                if c.disagreement { "true" } else { "false" },
            ])
            .expect("memory");
        }
    }
    String::from_utf8(w.into_inner().expect("memory")).expect("UTF-8")
}

/// Every assessor's marks, the consensus and the agreement (viewers and above).
#[utoipa::path(get, path = "/api/regions/{id}/consensus", tag = "assessments", params(("id" = String, Path, description = "region id")),
    responses((status = 200, body = ConsensusBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_consensus(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> ApiResult<ConsensusBody> {
    v.require(Role::Viewer)?;
    let (row, revision) = region_or_404(&state, &id).await?;
    let (ra, _) = working_consensus(&state, &row).await?;
    Ok(Json(consensus_body(&state, &ra, revision)))
}

/// The logged-in assessor's own sheet for a region.
#[utoipa::path(get, path = "/api/regions/{id}/assessment", tag = "assessments", params(("id" = String, Path, description = "region id")),
    responses((status = 200, body = SheetBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn get_sheet(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> ApiResult<SheetBody> {
    let user = v.require(Role::Assessor)?;
    region_or_404(&state, &id).await?;
    let sheet = state.store.sheet(&id, &user.name).await?;
    Ok(Json(SheetBody {
        version: sheet.version,
        conditions: sheet
            .marks
            .into_iter()
            .map(|m| SheetCondition {
                condition: u16::try_from(m.condition).unwrap_or(0),
                strength: u8::try_from(m.strength).unwrap_or(0),
                proposal: u8::try_from(m.proposal).unwrap_or(0),
                keywords: m.keywords,
                evidence: m.evidence,
            })
            .collect(),
    }))
}

/// Replaces the logged-in assessor's sheet if it is still at `version` (409 otherwise).
#[utoipa::path(put, path = "/api/regions/{id}/assessment", tag = "assessments", params(("id" = String, Path, description = "region id")),
    request_body = SheetBody,
    responses((status = 200, body = VersionBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, description = "body over 64 KiB"), (status = 422, body = ErrorBody)))]
async fn put_sheet(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<String>,
    req: Result<Json<SheetBody>, JsonRejection>,
) -> ApiResult<VersionBody> {
    let user = v.require(Role::Assessor)?.clone();
    csrf(&v, &headers)?;
    let req = body(req)?;
    region_or_404(&state, &id).await?;
    let rows: Vec<SheetRow> = req
        .conditions
        .into_iter()
        .map(|c| SheetRow {
            condition: c.condition,
            strength: c.strength,
            proposal: c.proposal,
            keywords: c.keywords,
            evidence: c.evidence,
        })
        .collect();
    let rows = model::check_sheet(&state.framework, &rows, v.lang).map_err(AppError::Invalid)?;
    let marks = model::sheet_rows(&id, &user.name, &rows);
    let version = state.store.save_sheet(&id, &user.name, req.version, &marks, now()).await?;
    Ok(Json(VersionBody { version }))
}

/// Publishes the working consensus of a region if it is still at `revision` (admins).
pub(crate) async fn publish_region(state: &AppState, id: &str, by: &str, revision: i64) -> Result<i64, AppError> {
    let (row, _) = region_or_404(state, id).await?;
    let (ra, _) = working_consensus(state, &row).await?;
    if ra.assessors.is_empty() {
        return Err(AppError::Invalid(vec![format!("region {id:?}: nobody has assessed it yet")]));
    }
    Ok(state.store.publish(revision, &model::publication_of(&ra, by, now())).await?)
}

/// Publishes the working consensus as a new chart version (admins).
#[utoipa::path(post, path = "/api/regions/{id}/publish", tag = "assessments", params(("id" = String, Path, description = "region id")),
    request_body = PublishRequest,
    responses((status = 200, body = VersionBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn post_publish(
    State(state): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<String>,
    req: Result<Json<PublishRequest>, JsonRejection>,
) -> ApiResult<VersionBody> {
    let user = v.require(Role::Admin)?.clone();
    csrf(&v, &headers)?;
    let req = body(req)?;
    Ok(Json(VersionBody { version: publish_region(&state, &id, &user.name, req.revision).await? }))
}
