//! Every chart and table as a file: `/download/{overview,compare}.{svg,png,csv,json}`,
//! `/download/map.{svg,png}` and, per region, `/regions/{id}/chart.{svg,png,csv,json}`,
//! `/regions/{id}/consensus.{csv,json}` (logged-in users) and `/regions/{id}/{tree,network,phases}.{svg,png}`
//! (with a data package). Files come in the visitor's language and are sent as attachments.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chiiki_store::Role;

use crate::AppState;
use crate::auth::Visitor;
use crate::data::Figure;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::pages::{map_svg, picked, public_region, published_views, working_consensus};

/// The download routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/download/{file}", get(download)).route("/regions/{id}/{file}", get(region_file))
}

/// A file to send.
pub(crate) enum File {
    Svg(String),
    Png(String),
    Csv(String),
    Json(String),
}

/// Splits `name.ext`.
fn split(file: &str) -> Result<(&str, &str), AppError> {
    file.rsplit_once('.').ok_or_else(|| AppError::NotFound(format!("file {file:?}")))
}

async fn send(file: File, name: &str) -> Result<Response, AppError> {
    let (mime, ext, body): (&str, &str, Vec<u8>) = match file {
        File::Svg(s) => ("image/svg+xml", "svg", s.into_bytes()),
        File::Csv(s) => ("text/csv; charset=utf-8", "csv", s.into_bytes()),
        File::Json(s) => ("application/json", "json", s.into_bytes()),
        File::Png(svg) => {
            let png = tokio::task::spawn_blocking(move || chiiki_render::svg_to_png(&svg, 2.0))
                .await
                .map_err(|e| AppError::Internal(format!("drawing: {e}")))?
                .map_err(|e| AppError::Internal(format!("PNG: {e}")))?;
            ("image/png", "png", png)
        }
    };
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}.{ext}\""))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static(mime)), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}

/// `svg` and `png` of a drawing; anything else is not there.
fn drawing(svg: String, ext: &str, what: &str) -> Result<File, AppError> {
    match ext {
        "svg" => Ok(File::Svg(svg)),
        "png" => Ok(File::Png(svg)),
        _ => Err(AppError::NotFound(format!("{what}.{ext}"))),
    }
}

async fn download(
    State(state): State<AppState>,
    v: Visitor,
    Path(file): Path<String>,
    uri: Uri,
) -> Result<Response, AppError> {
    let t = Tr(v.lang);
    let (name, ext) = split(&file)?;
    let file = match name {
        "map" => drawing(map_svg(&state, &*state.store.public_view().await?, t).to_string(), ext, name)?,
        "overview" | "compare" => {
            let ids = if name == "compare" { Some(picked(uri.query())?) } else { None };
            if ids.as_ref().is_some_and(Vec::is_empty) {
                return Err(AppError::Invalid(vec!["r: name at least one region (?r=ID)".into()]));
            }
            let public = state.store.public_view().await?;
            let views: Vec<_> =
                published_views(&state, &public, ids.as_deref(), t.lang()).into_iter().map(|x| x.2).collect();
            match ext {
                "csv" => File::Csv(chiiki_render::chart_csv(&views)),
                "json" => File::Json(chiiki_render::charts_json(&views)),
                _ => drawing(chiiki_render::heatmap_svg(&views), ext, name)?,
            }
        }
        _ => return Err(AppError::NotFound(format!("file {file:?}"))),
    };
    send(file, name).await
}

async fn region_file(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let t = Tr(v.lang);
    let (name, ext) = split(&file)?;
    let public = state.store.public_view().await?;
    let row = public_region(&public, &id)?;
    let file = match name {
        "chart" => {
            let p =
                public.publication(&id).ok_or_else(|| AppError::NotFound(format!("a published chart of {id:?}")))?;
            let ra = crate::model::published(&state.framework, row, p);
            let view = chiiki_render::ChartView::new(&state.framework, &ra, t.lang());
            match ext {
                "csv" => File::Csv(chiiki_render::chart_csv(std::slice::from_ref(&view))),
                "json" => File::Json(chiiki_render::chart_json(&view)),
                _ => drawing(chiiki_render::chart_svg(&view), ext, name)?,
            }
        }
        "consensus" => {
            v.require(Role::Viewer)?;
            let (ra, _) = working_consensus(&state, row).await?;
            let body = crate::api::consensus_body(&state, &ra, 0);
            match ext {
                "json" => File::Json(serde_json::to_string_pretty(&body).expect("JSON")),
                "csv" => File::Csv(crate::api::consensus_csv(&body)),
                _ => return Err(AppError::NotFound(format!("consensus.{ext}"))),
            }
        }
        _ => {
            let figure = Figure::parse(name).ok_or_else(|| AppError::NotFound(format!("file {file:?}")))?;
            let data = state.data.clone().ok_or_else(|| AppError::NotFound("a data package".into()))?;
            let rid = id.clone();
            let svg = tokio::task::spawn_blocking(move || data.figure(&rid, figure))
                .await
                .map_err(|e| AppError::Internal(format!("drawing: {e}")))?
                .ok_or_else(|| AppError::NotFound(format!("a {name} of {id:?} in the data package")))?;
            drawing(svg, ext, name)?
        }
    };
    send(file, &format!("{id}-{name}")).await
}
