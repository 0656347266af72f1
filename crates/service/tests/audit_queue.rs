//! The read-audit queue through the real writer, on the engine the suite runs on: reads that
//! name more persons than the queue holds wait for the writer to make room and are all
//! written, in one unbroken chain, and the queue is empty afterwards; the auditor finds every
//! one of them by a person they name, though the writer indexed that person once per block.

mod common;

use regie_service::audit::{self, Verification};
use regie_service::Actor;
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn lists_naming_more_persons_than_the_queue_holds_are_all_written_and_the_queue_empties() {
    let env = common::env();
    let s = env.s.clone();
    let before = s.store.read(regie_store::audit::count).expect("count");
    const LISTS: usize = 600;
    // 600 lists of the same fifty persons (as page 1, read again and again) weigh 30,000:
    // more than the queue takes, so the readers must wait for the writer to commit.
    let (done, finished) = mpsc::channel();
    let reader = s.clone();
    std::thread::spawn(move || {
        for i in 0..LISTS {
            let subjects = (0..50).map(|j| format!("test-person-{j:02}")).collect();
            reader.audit_read(reading(&reader, "person.list", subjects, &i.to_string())).expect("queued");
        }
        let _ = done.send(());
    });
    // A queue whose room never came back would hold the reader for ever: fail instead.
    finished.recv_timeout(Duration::from_secs(300)).expect("every list was queued");
    s.flush_audit();
    assert_eq!((s.audit_backlog(), s.audit_backlog_persons()), (0, 0), "the queue is empty");
    let after = s.store.read(regie_store::audit::count).expect("count");
    assert_eq!(after, before + LISTS as i64, "every list is in the trail");
    assert!(matches!(audit::verify(&s.store).expect("verify"), Verification::Intact { .. }));
    let filter = audit::AuditFilter { person_id: Some("test-person-07".into()), ..Default::default() };
    let found = s.store.read(|c| regie_store::audit::search(c, &filter, 0, 1000)).expect("search");
    let mut lists: Vec<usize> = found.items.iter().map(|r| r.object_id.parse().expect("list number")).collect();
    lists.sort_unstable();
    assert_eq!(lists, (0..LISTS).collect::<Vec<_>>(), "the auditor finds every list naming the person");
}

#[test]
fn the_export_holds_every_record_naming_a_person_across_its_pages() {
    let env = common::env();
    let s = &env.s;
    // More than one page of the export (5,000 records), over several blocks of the person index.
    const NAMING: usize = 5_200;
    let records: Vec<regie_store::audit::NewAudit> = (0..NAMING + 300)
        .map(|i| {
            let mut subjects = vec![format!("other-{}", i % 7)];
            if i < NAMING {
                subjects.push("exported-person".into());
            }
            reading(s, "person.list", subjects, &i.to_string())
        })
        .collect();
    for batch in records.chunks(500) {
        s.store.write(|c| regie_store::audit::append(c, batch)).expect("append");
    }
    let auditor = common::actor(s, "auditor", regie_domain::Role::Auditor, &[]);
    let filter = audit::AuditFilter { person_id: Some("exported-person".into()), ..Default::default() };
    let csv = String::from_utf8(audit::export_csv(s, &auditor, &filter).expect("export")).expect("utf-8");
    let mut lists: Vec<usize> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(';').nth(9).and_then(|id| id.trim_matches('"').parse().ok()).expect("object id"))
        .collect();
    assert_eq!(lists.len(), NAMING, "one line per record naming the person, none twice");
    lists.sort_unstable();
    assert_eq!(lists, (0..NAMING).collect::<Vec<_>>());
}

#[test]
fn a_batch_the_database_refuses_is_given_up_counted_and_reported_by_the_flush() {
    let db = regie_store::testdb::TestDb::new();
    let config = regie_service::Config { audit_write_attempts: 2, ..regie_service::Config::default() };
    let s = regie_service::Services::start(db.store(), config, regie_service::Clock::default()).expect("start");
    let read = |object: &str| reading(&s, "person.read", vec!["p1".into()], object);
    s.audit_read(read("written")).expect("queued");
    assert!(s.flush_audit_within(Duration::from_secs(30)), "a healthy writer reports its records written");
    assert_eq!(s.audit_records_lost(), 0);

    // The chain head gone, every transaction of the writer fails.
    s.store.execute_raw("DROP TABLE audit_head").expect("drop the chain head");
    s.audit_read(read("refused")).expect("queued");
    assert!(!s.flush_audit_within(Duration::from_secs(30)), "a flush does not report a given-up record as written");
    assert_eq!((s.audit_records_lost(), s.audit_backlog()), (1, 0), "counted as lost, and not left in the queue");
}

#[test]
fn a_read_whose_record_finds_no_room_in_time_is_refused_and_counted_and_the_trail_misses_nothing() {
    let db = regie_store::testdb::TestDb::new();
    let config =
        regie_service::Config { audit_wait_limit: Duration::from_millis(200), ..regie_service::Config::default() };
    let s = regie_service::Services::start(db.store(), config, regie_service::Clock::default()).expect("start");
    let read = |persons: usize, object: &str| {
        reading(&s, "person.read", (0..persons).map(|i| format!("person-{i}")).collect(), object)
    };
    let before = s.store.read(regie_store::audit::count).expect("count");

    // Another transaction holds the chain head (an audited write that does not finish): the
    // writer cannot commit, as when the database is stuck.
    let (held, holding) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let holder = {
        let (store, record) = (s.store.clone(), read(1, "held"));
        std::thread::spawn(move || {
            store.write(|c| {
                regie_store::audit::append(c, &[record])?;
                let _ = held.send(());
                let _ = released.recv_timeout(Duration::from_secs(120));
                Ok(())
            })
        })
    };
    holding.recv_timeout(Duration::from_secs(30)).expect("the chain head is held");

    // Reads naming 25,000 persons in all fill the queue; the next read waits for room, at most
    // the limit, and is refused: nothing may be shown without its record.
    for i in 0..5 {
        s.audit_read(read(5_000, &format!("heavy-{i}"))).expect("room for it");
    }
    let started = std::time::Instant::now();
    let refused = s.audit_read(read(1, "refused"));
    assert!(matches!(refused, Err(regie_service::ServiceError::AuditUnavailable)), "{refused:?}");
    assert!(started.elapsed() >= Duration::from_millis(200), "it waited the whole limit first");
    assert_eq!(s.audit_reads_refused(), 1);

    // The database free again, everything queued is written and reads go in again.
    release.send(()).expect("release");
    holder.join().expect("holder").expect("the held transaction commits");
    assert!(s.flush_audit_within(Duration::from_secs(120)), "the queue is written once the database is free");
    s.audit_read(read(1, "after")).expect("room again");
    assert!(s.flush_audit_within(Duration::from_secs(120)), "every queued record is written");
    assert_eq!((s.audit_records_lost(), s.audit_reads_refused()), (0, 1));
    let after = s.store.read(regie_store::audit::count).expect("count");
    assert_eq!(after, before + 7, "the held write, five heavy reads and the read after; not the refused one");
    assert!(matches!(audit::verify(&s.store).expect("verify"), Verification::Intact { .. }));
    let filter = audit::AuditFilter { person_id: Some("person-0".into()), ..Default::default() };
    let objects: Vec<String> = s
        .store
        .read(|c| regie_store::audit::search(c, &filter, 0, 100))
        .expect("search")
        .items
        .into_iter()
        .map(|r| r.object_id)
        .collect();
    assert!(!objects.contains(&"refused".to_string()), "{objects:?}");
    assert_eq!(objects.len(), 7, "{objects:?}");
}

/// The record of a read (`action`) by a case worker naming `subjects`.
fn reading(
    s: &regie_service::Services,
    action: &str,
    subjects: Vec<String>,
    object: &str,
) -> regie_store::audit::NewAudit {
    audit::entry(
        s,
        &Actor::system("test-reader"),
        "klantmanager",
        action,
        audit::purpose::INBURGERING,
        subjects,
        ("person", object),
        "success",
    )
}
