//! The store against a real SQLite file: seeding, versions and conflicts, sessions, publications.

use chiiki_store::{MarkRow, Publication, RegionRow, Role, Store, StoreError};

fn region(id: &str) -> RegionRow {
    RegionRow {
        id: id.into(),
        name: format!("{id} cluster"),
        name_ja: String::new(),
        kind: None,
        code: None,
        lat: Some(35.0),
        lon: Some(135.0),
    }
}

fn mark(region: &str, who: &str, condition: i64, strength: i64, proposal: i64) -> MarkRow {
    MarkRow {
        region_id: region.into(),
        assessor: who.into(),
        condition,
        strength,
        proposal,
        keywords: format!("k{condition}"),
        evidence: String::new(),
    }
}

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("chiiki.db")).await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn seeds_once_and_survives_reopening() {
    let (dir, store) = fresh().await;
    let marks = vec![mark("kobe", "study", 4, 3, 0), mark("kobe", "study", 9, 0, 2)];
    let publication = Publication {
        region_id: "kobe".into(),
        version: 0,
        published_by: "study".into(),
        published_at: 1,
        assessors: vec!["study".into()],
        alpha: None,
        marks: marks.clone(),
    };
    assert!(store.seed(&[region("kobe")], &marks, std::slice::from_ref(&publication), 1).await.unwrap());
    assert!(!store.seed(&[region("other")], &[], &[], 2).await.unwrap());
    drop(store);
    let store = Store::open(&dir.path().join("chiiki.db")).await.unwrap();
    assert_eq!(store.regions().await.unwrap().iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["kobe"]);
    assert_eq!(store.sheet("kobe", "study").await.unwrap().version, 1);
    let p = store.latest_publication("kobe").await.unwrap().unwrap();
    assert_eq!(p.version, 1);
    assert_eq!(p.marks.len(), 2);
    assert_eq!((p.marks[0].condition, p.marks[0].strength), (4, 3));
}

#[tokio::test]
async fn a_stale_sheet_version_is_refused_and_nothing_is_written() {
    let (_dir, store) = fresh().await;
    store.add_regions(&[region("kobe")]).await.unwrap();
    let v1 = store.save_sheet("kobe", "ada", 0, &[mark("kobe", "ada", 1, 2, 3)], 10).await.unwrap();
    assert_eq!(v1, 1);
    // A second tab still holding version 0 saves: refused with the current version.
    let err = store.save_sheet("kobe", "ada", 0, &[mark("kobe", "ada", 1, 0, 0)], 11).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { expected: 0, current: 1 }), "{err:?}");
    let sheet = store.sheet("kobe", "ada").await.unwrap();
    assert_eq!((sheet.version, sheet.marks[0].strength, sheet.marks[0].proposal), (1, 2, 3));
    // Another assessor's sheet is independent.
    assert_eq!(store.save_sheet("kobe", "bob", 0, &[mark("kobe", "bob", 1, 1, 1)], 12).await.unwrap(), 1);
    assert_eq!(store.marks(Some("kobe")).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_refused_mark_rolls_back_the_whole_sheet() {
    let (_dir, store) = fresh().await;
    store.add_regions(&[region("kobe")]).await.unwrap();
    store.save_sheet("kobe", "ada", 0, &[mark("kobe", "ada", 1, 2, 3)], 10).await.unwrap();
    // The schema refuses a mark of 10; the earlier rows of the same save must not remain.
    let bad = [mark("kobe", "ada", 2, 1, 1), mark("kobe", "ada", 3, 10, 1)];
    assert!(matches!(store.save_sheet("kobe", "ada", 1, &bad, 11).await, Err(StoreError::Database(_))));
    let sheet = store.sheet("kobe", "ada").await.unwrap();
    assert_eq!(sheet.version, 1);
    assert_eq!(sheet.marks.iter().map(|m| m.condition).collect::<Vec<_>>(), [1]);
    // Unknown region: refused, nothing written.
    assert!(store.save_sheet("nowhere", "ada", 0, &[], 12).await.is_err());
    assert_eq!(store.sheet("nowhere", "ada").await.unwrap().version, 0);
}

#[tokio::test]
async fn settling_and_publishing_check_the_region_revision() {
    let (_dir, store) = fresh().await;
    store.add_regions(&[region("kobe")]).await.unwrap();
    store.save_sheet("kobe", "ada", 0, &[mark("kobe", "ada", 1, 2, 3)], 10).await.unwrap();
    let (_, revision) = store.region("kobe").await.unwrap().unwrap();
    assert_eq!(revision, 1);
    let settled = [mark("kobe", "root", 1, 2, 2)];
    let r2 = store.settle("kobe", "root", revision, &settled, 11).await.unwrap();
    assert_eq!(r2, 2);
    // Publishing against the old revision is refused.
    let p = Publication {
        region_id: "kobe".into(),
        version: 0,
        published_by: "root".into(),
        published_at: 12,
        assessors: vec!["ada".into()],
        alpha: Some(0.5),
        marks: settled.to_vec(),
    };
    assert!(matches!(store.publish(revision, &p).await, Err(StoreError::Conflict { expected: 1, current: 2 })));
    assert!(store.latest_publication("kobe").await.unwrap().is_none());
    assert_eq!(store.publish(r2, &p).await.unwrap(), 1);
    assert_eq!(store.publish(r2, &p).await.unwrap(), 2);
    let latest = store.latest_publication("kobe").await.unwrap().unwrap();
    assert_eq!((latest.version, latest.alpha, latest.assessors.len()), (2, Some(0.5), 1));
    assert_eq!(store.settled("kobe").await.unwrap()[0].assessor, "root");
}

#[tokio::test]
async fn users_sessions_and_failures() {
    let (_dir, store) = fresh().await;
    let ada = store.add_user("ada", Role::Assessor, "hash", 0).await.unwrap();
    assert!(matches!(store.add_user("ada", Role::Admin, "h", 0).await, Err(StoreError::Duplicate(_))));
    store.create_session("t1", ada.id, "c1", 100, 200).await.unwrap();
    let (user, csrf) = store.session("t1", 150).await.unwrap().unwrap();
    assert_eq!((user.name.as_str(), csrf.as_str()), ("ada", "c1"));
    assert!(store.session("t1", 200).await.unwrap().is_none(), "expired");
    assert!(store.session("t2", 150).await.unwrap().is_none(), "unknown");
    store.set_password("ada", "hash2").await.unwrap();
    assert!(store.session("t1", 150).await.unwrap().is_none(), "a new password ends sessions");
    assert_eq!(store.record_failure("ada", 10, 0).await.unwrap(), 1);
    assert_eq!(store.record_failure("ada", 20, 0).await.unwrap(), 2);
    assert_eq!(store.record_failure("ada", 30, 15).await.unwrap(), 2);
    assert_eq!(store.failures("ada", 0).await.unwrap(), (2, Some(30)));
    store.clear_failures("ada").await.unwrap();
    assert_eq!(store.failures("ada", 0).await.unwrap().0, 0);
    assert!(matches!(chiiki_store::Role::parse("root"), Err(StoreError::Invalid { .. })));
}

#[tokio::test]
async fn the_public_view_is_kept_between_writes_and_replaced_by_them() {
    let (_dir, store) = fresh().await;
    store.add_regions(&[region("kobe")]).await.unwrap();
    let first = store.public_view().await.unwrap();
    assert_eq!(first.regions.len(), 1);
    assert!(first.publication("kobe").is_none());
    // No write in between: the same value, not a new read.
    assert!(std::sync::Arc::ptr_eq(&first, &store.public_view().await.unwrap()));
    // A sheet is not public: the view stays.
    store.save_sheet("kobe", "ada", 0, &[mark("kobe", "ada", 1, 3, 0)], 10).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &store.public_view().await.unwrap()));

    let (_, revision) = store.region("kobe").await.unwrap().unwrap();
    let p = Publication {
        region_id: "kobe".into(),
        version: 0,
        published_by: "root".into(),
        published_at: 12,
        assessors: vec!["ada".into()],
        alpha: None,
        marks: vec![mark("kobe", "root", 1, 3, 0)],
    };
    store.publish(revision, &p).await.unwrap();
    let published = store.public_view().await.unwrap();
    assert!(published.generation > first.generation);
    assert_eq!(published.publication("kobe").map(|p| (p.version, p.marks[0].strength)), Some((1, 3)));

    store.add_regions(&[region("lake")]).await.unwrap();
    let grown = store.public_view().await.unwrap();
    assert_eq!(grown.regions.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["kobe", "lake"]);
    // A clone of the store shares the view.
    assert!(std::sync::Arc::ptr_eq(&grown, &store.clone().public_view().await.unwrap()));
}
