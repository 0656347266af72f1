//! The auditor's search by person through the block index of the audit trail: every record that
//! names the person is found, in every block, newest first and page by page, and no other; a
//! person read again in the same block adds no index row; the migration's way back and forth
//! rebuilds the same index from the records' own subject lists.

use regie_store::audit::{self, AuditFilter, IndexedSubjects, NewAudit, SUBJECT_BLOCK};
use regie_store::testdb::TestDb;
use regie_store::{Engine, Store};

fn record(actor: &str, subjects: &[&str]) -> NewAudit {
    NewAudit {
        at_micros: 1_800_000_000_000_000,
        actor: actor.into(),
        role: "klantmanager".into(),
        organisation: "Gemeente Heiloo".into(),
        action: "person.list".into(),
        purpose: "uitvoering_wet_inburgering".into(),
        subjects: subjects.iter().map(|s| s.to_string()).collect(),
        object_type: "person".into(),
        object_id: String::new(),
        outcome: "success".into(),
        request_id: "r".into(),
    }
}

/// Appends `n` records in batches of 100, the `i`th (from 0) made by `make(i)`; returns the
/// sequence number of the first.
fn append_many(store: &Store, n: usize, make: impl Fn(usize) -> NewAudit) -> i64 {
    let before = store.read(audit::head).expect("head").0;
    let records: Vec<NewAudit> = (0..n).map(make).collect();
    for batch in records.chunks(100) {
        store.write(|c| audit::append(c, batch)).expect("append");
    }
    before + 1
}

fn search(store: &Store, filter: &AuditFilter, offset: i64, limit: i64) -> (Vec<i64>, bool) {
    let page = store.read(|c| audit::search(c, filter, offset, limit)).expect("search");
    (page.items.iter().map(|r| r.seq).collect(), page.has_next)
}

fn person(id: &str) -> AuditFilter {
    AuditFilter { person_id: Some(id.into()), ..AuditFilter::default() }
}

/// Records 0..1300: every one names the caseload `c0..c9`; a few also name `p1` (by two
/// actors), others `p10` and `P1`, which are other persons.
fn trail(store: &Store) -> (i64, Vec<i64>) {
    let naming_p1 = [3usize, 700, 701, 1000, 1299];
    let first = append_many(store, 1300, |i| {
        let mut subjects: Vec<String> = (0..10).map(|k| format!("c{k}")).collect();
        if naming_p1.contains(&i) {
            subjects.push("p1".into());
        }
        if i % 97 == 0 {
            subjects.push("p10".into());
        }
        if i == 702 {
            subjects.push("P1".into());
        }
        let actor = if i == 1000 { "teamleider" } else { "klantmanager" };
        let refs: Vec<&str> = subjects.iter().map(String::as_str).collect();
        record(actor, &refs)
    });
    let mut expected: Vec<i64> = naming_p1.iter().map(|&i| first + i as i64).collect();
    expected.reverse();
    (first, expected)
}

#[test]
fn every_record_naming_a_person_is_found_newest_first_and_no_other() {
    let db = TestDb::new();
    let store = db.store();
    let (_, expected) = trail(&store);

    assert_eq!(search(&store, &person("p1"), 0, 50), (expected.clone(), false));
    // Page by page, with the next page announced.
    assert_eq!(search(&store, &person("p1"), 0, 2), (expected[..2].to_vec(), true));
    assert_eq!(search(&store, &person("p1"), 2, 2), (expected[2..4].to_vec(), true));
    assert_eq!(search(&store, &person("p1"), 4, 2), (expected[4..].to_vec(), false));
    assert_eq!(search(&store, &person("p1"), 6, 2), (vec![], false));
    // The other filters still apply.
    let by_team_lead = AuditFilter { actor: Some("teamleider".into()), ..person("p1") };
    assert_eq!(search(&store, &by_team_lead, 0, 50), (vec![expected[1]], false));
    // Below where a page ended, as the export walks the result.
    let below_second = AuditFilter { before_seq: Some(expected[1]), ..person("p1") };
    assert_eq!(search(&store, &below_second, 0, 50), (expected[2..].to_vec(), false));
    assert_eq!(search(&store, &below_second, 1, 1), (vec![expected[3]], true));
    let everyone_below = AuditFilter { before_seq: Some(expected[4] + 2), ..AuditFilter::default() };
    assert_eq!(search(&store, &everyone_below, 0, 3), (vec![expected[4] + 1, expected[4], expected[4] - 1], true));
    // A person nobody read, and a pattern that would match everything in SQL.
    assert_eq!(search(&store, &person("p2"), 0, 50), (vec![], false));
    assert_eq!(search(&store, &person("%"), 0, 50), (vec![], false));
    // No record names nobody, not even one without subjects.
    store.write(|c| audit::append(c, &[record("klantmanager", &[]), record("klantmanager", &[""])])).expect("append");
    assert_eq!(search(&store, &person(""), 0, 50), (vec![], false));
    assert!(store.read(|c| audit::blocks_naming(c, "")).expect("blocks").is_empty());
    // Someone in every record: all of them, newest first, across every block.
    let (everyone, more) = search(&store, &person("c3"), 0, 2000);
    assert_eq!(everyone.len(), 1300);
    assert!(!more);
    assert!(everyone.windows(2).all(|w| w[0] > w[1]));
}

#[test]
fn a_person_read_again_in_the_same_block_adds_no_index_row() {
    let db = TestDb::new();
    let store = db.store();
    let (first, _) = trail(&store);
    let last = first + 1299;
    let blocks: Vec<i64> = (first / SUBJECT_BLOCK..=last / SUBJECT_BLOCK).rev().collect();
    assert!(blocks.len() >= 3, "the trail spans several blocks");
    assert_eq!(store.read(|c| audit::blocks_naming(c, "c3")).expect("blocks"), blocks);

    // The writer's memory of committed rows leaves them out; offering them again is harmless.
    let batch = [record("klantmanager", &["c3", "n1"])];
    let written = store.write(|c| audit::append_indexed(c, &batch, &IndexedSubjects::default())).expect("append");
    let block = (last + 1) / SUBJECT_BLOCK;
    assert_eq!(written, vec![(block, "c3".to_string()), (block, "n1".to_string())]);
    let mut known = IndexedSubjects::default();
    known.remember(written);
    let again = store.write(|c| audit::append_indexed(c, &batch, &known)).expect("append again");
    assert!(again.is_empty(), "nothing new to index: {again:?}");
    store.write(|c| audit::append(c, &batch)).expect("offered again without the writer's memory");
    let (found, _) = search(&store, &person("n1"), 0, 10);
    assert_eq!(found, vec![last + 3, last + 2, last + 1]);
}

#[test]
fn the_migration_rebuilds_the_same_index_both_ways() {
    let db = TestDb::new();
    let store = db.store();
    let (_, expected) = trail(&store);
    let (down, up) = match store.engine() {
        Engine::Sqlite => (
            include_str!("../migrations/sqlite/2026-12-07-000018_audit_subject_blocks/down.sql"),
            include_str!("../migrations/sqlite/2026-12-07-000018_audit_subject_blocks/up.sql"),
        ),
        Engine::Postgres => (
            include_str!("../migrations/postgres/2026-12-07-000018_audit_subject_blocks/down.sql"),
            include_str!("../migrations/postgres/2026-12-07-000018_audit_subject_blocks/up.sql"),
        ),
    };
    let before: Vec<Vec<i64>> =
        ["c0", "p1", "p10", "P1"].iter().map(|p| store.read(|c| audit::blocks_naming(c, p)).expect("blocks")).collect();
    store.execute_raw(down).expect("down");
    store.execute_raw(up).expect("up");
    let after: Vec<Vec<i64>> =
        ["c0", "p1", "p10", "P1"].iter().map(|p| store.read(|c| audit::blocks_naming(c, p)).expect("blocks")).collect();
    assert_eq!(before, after);
    assert_eq!(search(&store, &person("p1"), 0, 50), (expected, false));
}
