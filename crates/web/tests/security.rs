//! The web app over real HTTP on loopback, against a real SQLite file: every role against every
//! route, CSRF, the log-in rate limit, malformed and oversized input, concurrent edits, cookies.

use std::collections::HashMap;

use chiiki_web::{AppState, Config, Role, hash_password};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};

const PASSWORD: &str = "a long enough password";

struct Server {
    url: String,
    state: AppState,
    _dir: tempfile::TempDir,
}

async fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(&dir.path().join("chiiki.db"), None, None, Config::default()).await.unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    for (name, role) in [("root", Role::Admin), ("ada", Role::Assessor), ("bob", Role::Assessor), ("vic", Role::Viewer)]
    {
        state.store.add_user(name, role, &hash, 0).await.unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(chiiki_web::serve(listener, state.clone()));
    Server { url, state, _dir: dir }
}

/// A browser-like client: keeps cookies, follows no redirects (so statuses are seen as sent).
fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The value of `name="csrf"` in a page.
fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..at + 64].to_string()
}

/// A logged-in client and its CSRF token; `None` for an anonymous visitor (with the pre-log-in token).
async fn visitor(s: &Server, who: Option<&str>) -> (reqwest::Client, String) {
    let c = client();
    let page = c.get(format!("{}/login", s.url)).send().await.unwrap().text().await.unwrap();
    let token = csrf_of(&page);
    let Some(name) = who else { return (c, token) };
    let r = c
        .post(format!("{}/login", s.url))
        .form(&[("csrf", token.as_str()), ("name", name), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "log-in of {name}");
    let page = c.get(format!("{}/", s.url)).send().await.unwrap().text().await.unwrap();
    (c, csrf_of(&page))
}

fn sheet_form(csrf: &str, version: i64, s1: &str) -> Vec<(String, String)> {
    vec![
        ("csrf".into(), csrf.into()),
        ("version".into(), version.to_string()),
        ("s1".into(), s1.into()),
        ("p1".into(), "2".into()),
        ("k1".into(), "universities; spin-offs".into()),
        ("e1".into(), "three spin-offs since 2001".into()),
    ]
}

fn json_headers(csrf: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("x-csrf-token", HeaderValue::from_str(csrf).unwrap());
    h
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_against_each_route() {
    let s = server().await;
    // Expected statuses: anonymous, viewer, assessor, admin.
    type Case = (&'static str, &'static str, [u16; 4]);
    let cases: [Case; 16] = [
        ("GET", "/", [200, 200, 200, 200]),
        ("GET", "/regions/kobe", [200, 200, 200, 200]),
        ("GET", "/compare?r=kobe&r=fukui", [200, 200, 200, 200]),
        ("GET", "/regions/kobe/chart.svg", [200, 200, 200, 200]),
        ("GET", "/download/overview.csv", [200, 200, 200, 200]),
        ("GET", "/regions/kobe/consensus", [401, 200, 200, 200]),
        ("GET", "/regions/kobe/consensus.csv", [401, 200, 200, 200]),
        ("GET", "/api/regions/kobe/consensus", [401, 200, 200, 200]),
        ("GET", "/regions/kobe/assess", [401, 403, 200, 200]),
        ("GET", "/api/regions/kobe/assessment", [401, 403, 200, 200]),
        ("POST", "/regions/kobe/assess", [401, 403, 303, 303]),
        ("PUT", "/api/regions/kobe/assessment", [401, 403, 200, 200]),
        ("POST", "/regions/kobe/settle", [401, 403, 403, 303]),
        ("POST", "/regions/kobe/publish", [401, 403, 403, 303]),
        ("POST", "/api/regions/kobe/publish", [401, 403, 403, 200]),
        ("GET", "/regions/nowhere", [404, 404, 404, 404]),
    ];
    for (i, who) in [None, Some("vic"), Some("ada"), Some("root")].into_iter().enumerate() {
        let (c, csrf) = visitor(&s, who).await;
        for (method, path, expected) in &cases {
            // Each write is sent with valid content, so only the role decides.
            let url = format!("{}{path}", s.url);
            let revision = s.state.store.region("kobe").await.unwrap().unwrap().1;
            let sheet_version = s.state.store.sheet("kobe", who.unwrap_or("")).await.unwrap().version;
            let r = match (*method, *path) {
                ("GET", _) => c.get(&url).send().await.unwrap(),
                ("POST", "/regions/kobe/assess") => c.post(&url).form(&sheet_form(&csrf, sheet_version, "3")).send().await.unwrap(),
                ("POST", "/api/regions/kobe/publish") => c
                    .post(&url)
                    .headers(json_headers(&csrf))
                    .json(&serde_json::json!({"revision": revision}))
                    .send()
                    .await
                    .unwrap(),
                ("POST", _) => {
                    let rev = revision.to_string();
                    c.post(&url).form(&[("csrf", csrf.as_str()), ("revision", rev.as_str())]).send().await.unwrap()
                }
                ("PUT", _) => c
                    .put(&url)
                    .headers(json_headers(&csrf))
                    .json(&serde_json::json!({"version": sheet_version, "conditions": [{"condition": 2, "strength": 1, "proposal": 0}]}))
                    .send()
                    .await
                    .unwrap(),
                _ => unreachable!(),
            };
            assert_eq!(r.status().as_u16(), expected[i], "{method} {path} as {who:?}");
        }
    }
    // Only the assessors' own sheets were written, each under their own name.
    let marks = s.state.store.marks(Some("kobe")).await.unwrap();
    let mut by: HashMap<&str, usize> = HashMap::new();
    for m in &marks {
        *by.entry(m.assessor.as_str()).or_default() += 1;
    }
    assert_eq!(by.get("ada"), Some(&1), "{by:?}");
    assert_eq!(by.get("root"), Some(&1), "{by:?}");
    assert_eq!(by.get("vic"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_and_api_writes_without_the_csrf_token_are_refused_and_write_nothing() {
    let s = server().await;
    let (c, csrf) = visitor(&s, Some("ada")).await;
    let url = format!("{}/regions/kobe/assess", s.url);
    let mut form = sheet_form("", 0, "3");
    form.retain(|(k, _)| k != "csrf");
    assert_eq!(c.post(&url).form(&form).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let wrong = sheet_form(&"0".repeat(64), 0, "3");
    let r = c.post(&url).form(&wrong).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("CSRF"));
    let api = format!("{}/api/regions/kobe/assessment", s.url);
    let body = serde_json::json!({"version": 0, "conditions": [{"condition": 1, "strength": 3, "proposal": 0}]});
    let r = c.put(&api).json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.json::<serde_json::Value>().await.unwrap()["error"].as_str().unwrap().contains("CSRF"));
    assert_eq!(s.state.store.sheet("kobe", "ada").await.unwrap().version, 0, "nothing written");
    // The log-in form is protected too (the pre-log-in token must match its cookie).
    let fresh = client();
    let r = fresh
        .post(format!("{}/login", s.url))
        .form(&[("csrf", csrf.as_str()), ("name", "ada"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // With the token, the same form is accepted.
    assert_eq!(c.post(&url).form(&sheet_form(&csrf, 0, "3")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(s.state.store.sheet("kobe", "ada").await.unwrap().version, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_are_rate_limited() {
    let s = server().await;
    let (c, token) = visitor(&s, None).await;
    let login = |password: &'static str| {
        let c = c.clone();
        let token = token.clone();
        let url = format!("{}/login", s.url);
        async move {
            c.post(url).form(&[("csrf", token.as_str()), ("name", "ada"), ("password", password)]).send().await.unwrap()
        }
    };
    for _ in 0..5 {
        let r = login("wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.text().await.unwrap().contains("wrong name or password"));
    }
    let r = login("wrong password").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait > 800 && wait <= 900, "{wait}");
    // Even the right password waits; another name does not.
    assert_eq!(login(PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = c
        .post(format!("{}/login", s.url))
        .form(&[("csrf", token.as_str()), ("name", "bob"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The API shares the limit.
    let r = client()
        .post(format!("{}/api/session", s.url))
        .json(&serde_json::json!({"name": "ada", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_oversized_input_is_refused_with_a_clear_message_and_nothing_written() {
    let s = server().await;
    let (c, csrf) = visitor(&s, Some("ada")).await;
    let url = format!("{}/regions/kobe/assess", s.url);
    // (form fields, expected status, expected message)
    type Case<'a> = (Vec<(String, String)>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (sheet_form(&csrf, 0, "7"), 422, "condition 1 strength: 7 is not a mark 0–3"),
        (sheet_form(&csrf, 0, "abc"), 422, "abc&#34; is not a mark"),
        (
            {
                let mut f = sheet_form(&csrf, 0, "1");
                f.push(("k2".into(), "x".repeat(501)));
                f
            },
            422,
            "condition 2 keywords: 501 characters, at most 500 allowed",
        ),
        (
            {
                let mut f = sheet_form(&csrf, 0, "1");
                f.retain(|(k, _)| k != "version");
                f
            },
            422,
            "version: missing",
        ),
        (
            {
                let mut f = sheet_form(&csrf, 0, "1");
                f.push(("e3".into(), "bad \u{7} bell".into()));
                f
            },
            422,
            "condition 3 evidence: control characters are not allowed",
        ),
    ];
    for (form, status, message) in cases {
        let r = c.post(&url).form(&form).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{message}");
        let text = r.text().await.unwrap();
        assert!(text.contains(message), "{message} not in the page");
    }
    // Oversized: 100 KB of evidence.
    let mut big = sheet_form(&csrf, 0, "1");
    big.push(("e1".into(), "x".repeat(100_000)));
    let r = c.post(&url).form(&big).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // The API: malformed JSON, a wrong type, a mark out of range, an unknown condition.
    let api = format!("{}/api/regions/kobe/assessment", s.url);
    for (body, message) in [
        ("{\"version\": 0, \"conditions\": [", "request body"),
        ("{\"version\": \"zero\", \"conditions\": []}", "version"),
        (
            "{\"version\": 0, \"conditions\": [{\"condition\": 1, \"strength\": 9, \"proposal\": 0}]}",
            "condition 1 strength: 9 is not a mark 0–3",
        ),
        (
            "{\"version\": 0, \"conditions\": [{\"condition\": 16, \"strength\": 1, \"proposal\": 0}]}",
            "condition 16: no such condition",
        ),
        ("{\"version\": 0, \"conditions\": [{\"condition\": 1, \"strength\": -1, \"proposal\": 0}]}", "strength"),
    ] {
        let r = c
            .put(&api)
            .headers(json_headers(&csrf))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let e: serde_json::Value = r.json().await.unwrap();
        assert!(e["error"].as_str().unwrap().contains(message), "{e} lacks {message:?}");
    }
    let r = c
        .put(&api)
        .headers(json_headers(&csrf))
        .header("content-type", "text/plain")
        .body("{\"version\": 0, \"conditions\": []}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "JSON only");
    assert_eq!(s.state.store.sheet("kobe", "ada").await.unwrap().version, 0, "nothing written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_saves_of_the_same_version_never_overwrite_silently() {
    let s = server().await;
    let (c, csrf) = visitor(&s, Some("ada")).await;
    let api = format!("{}/api/regions/kobe/assessment", s.url);
    let put = |strength: u8| {
        c.put(&api)
            .headers(json_headers(&csrf))
            .json(&serde_json::json!({"version": 0, "conditions": [{"condition": 1, "strength": strength, "proposal": 0}]}))
            .send()
    };
    assert_eq!(put(3).await.unwrap().status(), StatusCode::OK);
    let r = put(1).await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let e: serde_json::Value = r.json().await.unwrap();
    assert!(e["error"].as_str().unwrap().contains("now at version 1, you edited version 0"), "{e}");
    let sheet = s.state.store.sheet("kobe", "ada").await.unwrap();
    assert_eq!((sheet.version, sheet.marks[0].strength), (1, 3));
    // The form says the same and keeps what was typed.
    let r = c.post(format!("{}/regions/kobe/assess", s.url)).form(&sheet_form(&csrf, 0, "2")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.unwrap();
    assert!(page.contains("changed by someone else"));
    assert!(page.contains(r#"name="version" value="1""#), "the form moves to the stored version");
    // Publishing against an old revision is refused too.
    let (admin, admin_csrf) = visitor(&s, Some("root")).await;
    let r = admin
        .post(format!("{}/api/regions/kobe/publish", s.url))
        .headers(json_headers(&admin_csrf))
        .json(&serde_json::json!({"revision": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consensus_and_alpha_follow_the_assessments_and_publishing_makes_a_new_version() {
    let s = server().await;
    let consensus = |c: reqwest::Client| {
        let url = format!("{}/api/regions/kobe/consensus", s.url);
        async move { c.get(url).send().await.unwrap().json::<serde_json::Value>().await.unwrap() }
    };
    let (ada, ada_csrf) = visitor(&s, Some("ada")).await;
    let before = consensus(ada.clone()).await;
    assert_eq!(before["assessors"], serde_json::json!(["nistep-2004"]));
    assert!(before["alpha"].is_null(), "one assessor: alpha undefined");
    // ada copies the study's chart for Kobe exactly: perfect agreement.
    let study: Vec<serde_json::Value> = before["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            serde_json::json!({"condition": c["condition"], "strength": c["ratings"][0]["strength"], "proposal": c["ratings"][0]["proposal"]})
        })
        .collect();
    let r = ada
        .put(format!("{}/api/regions/kobe/assessment", s.url))
        .headers(json_headers(&ada_csrf))
        .json(&serde_json::json!({"version": 0, "conditions": study}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let same = consensus(ada.clone()).await;
    assert_eq!(same["alpha"].as_f64(), Some(1.0));
    // bob disagrees on the condition the study marks strongest at formation.
    let (bob, bob_csrf) = visitor(&s, Some("bob")).await;
    let strongest = (0..15).max_by_key(|&i| study[i]["strength"].as_u64().unwrap()).unwrap();
    assert!(study[strongest]["strength"].as_u64().unwrap() >= 2);
    let mut bobs = study.clone();
    bobs[strongest]["strength"] = serde_json::json!(0);
    let r = bob
        .put(format!("{}/api/regions/kobe/assessment", s.url))
        .headers(json_headers(&bob_csrf))
        .json(&serde_json::json!({"version": 0, "conditions": bobs}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let after = consensus(bob).await;
    let alpha = after["alpha"].as_f64().unwrap();
    assert!(alpha < 1.0 && alpha > 0.0, "{alpha}");
    assert_eq!(after["conditions"][strongest]["disagreement"], true);
    assert_eq!(
        after["conditions"][strongest]["strength"], study[strongest]["strength"],
        "the lower median of m, m, 0 is m"
    );
    // The admin publishes; the public page shows version 2.
    let (root, root_csrf) = visitor(&s, Some("root")).await;
    let r = root
        .post(format!("{}/api/regions/kobe/publish", s.url))
        .headers(json_headers(&root_csrf))
        .json(&serde_json::json!({"revision": after["revision"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["version"], 2);
    let p = s.state.store.latest_publication("kobe").await.unwrap().unwrap();
    assert_eq!(p.assessors, ["nistep-2004", "ada", "bob"]);
    assert!((p.alpha.unwrap() - alpha).abs() < 1e-12);
    let page = client().get(format!("{}/regions/kobe", s.url)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Version 2, published by root"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_cookies_are_http_only_strict_and_secure_behind_tls() {
    let s = server().await;
    let (_, token) = visitor(&s, None).await;
    for (tls, secure) in [(false, false), (true, true)] {
        let c = client();
        let page = c.get(format!("{}/login", s.url)).send().await.unwrap();
        let pre =
            page.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
        assert!(
            pre.iter()
                .any(|c| c.starts_with("chiiki_csrf=") && c.contains("HttpOnly") && c.contains("SameSite=Strict"))
        );
        let token = csrf_of(&page.text().await.unwrap());
        let mut req = c.post(format!("{}/login", s.url)).form(&[
            ("csrf", token.as_str()),
            ("name", "vic"),
            ("password", PASSWORD),
        ]);
        if tls {
            req = req.header("x-forwarded-proto", "https");
        }
        let r = req.send().await.unwrap();
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("chiiki_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"),
            "{cookie}"
        );
        assert_eq!(cookie.contains("Secure"), secure, "{cookie}");
        // The stored session is the token's hash, not the token.
        let value = cookie.split(';').next().unwrap().trim_start_matches("chiiki_session=");
        assert_eq!(value.len(), 64);
        assert!(s.state.store.session(value, 0).await.unwrap().is_none());
    }
    let _ = token;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_lists_every_api_route() {
    let s = server().await;
    let doc: serde_json::Value =
        client().get(format!("{}/api/openapi.json", s.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc["info"]["title"], "chiiki API");
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/api/session", &["post", "delete"][..]),
        ("/api/regions", &["get"]),
        ("/api/regions/{id}", &["get"]),
        ("/api/regions/{id}/consensus", &["get"]),
        ("/api/regions/{id}/assessment", &["get", "put"]),
        ("/api/regions/{id}/publish", &["post"]),
    ] {
        for m in methods {
            assert!(paths[path][m].is_object(), "{m} {path}");
        }
    }
    assert!(doc["components"]["schemas"]["SheetBody"].is_object());
    let docs = client().get(format!("{}/api/docs", s.url)).send().await.unwrap().text().await.unwrap();
    assert!(docs.contains("/api/regions/{id}/assessment"));
}
