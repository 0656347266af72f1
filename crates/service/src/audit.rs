//! The audit log (verwerkingenlogging): who, in which role, did what, about whom, why, when,
//! with what outcome. Writes are audited inside their own transaction; reads are queued and
//! group-committed by a background writer within a fraction of a second.

use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::audit::{chain_hash, GENESIS};
pub use regie_store::audit::AuditFilter;
use regie_store::audit::{subject_block, AuditRow, IndexedSubjects, NewAudit};
use regie_store::{Conn, Page, Store};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::time::Duration;

/// Processing purposes (doelbinding), as recorded with every entry.
pub mod purpose {
    /// Carrying out the civic integration duty of the municipality (Wi2021 and Wi2013).
    pub const INBURGERING: &str = "uitvoering_wet_inburgering";
    /// Managing users, organisations and municipalities.
    pub const BEHEER: &str = "functioneel_beheer";
    /// Supervision of the processing itself (auditor, privacy officer).
    pub const TOEZICHT: &str = "toezicht_verwerkingen";
    /// Signing in and out.
    pub const TOEGANG: &str = "toegangsbeheer";
}

/// Builds one audit record for an actor. Every argument is a field the record must carry.
#[allow(clippy::too_many_arguments)]
pub fn entry(
    s: &Services,
    actor: &Actor,
    role: &str,
    action: &str,
    purpose: &str,
    subjects: Vec<String>,
    object: (&str, &str),
    outcome: &str,
) -> NewAudit {
    NewAudit {
        at_micros: s.clock.micros(),
        actor: actor.label.clone(),
        role: role.to_string(),
        organisation: actor.organisation_name.clone(),
        action: action.to_string(),
        purpose: purpose.to_string(),
        subjects,
        object_type: object.0.to_string(),
        object_id: object.1.to_string(),
        outcome: outcome.to_string(),
        request_id: actor.request_id.clone(),
    }
}

/// Appends within the caller's write transaction.
pub fn append_in(conn: &mut Conn, records: &[NewAudit]) -> ServiceResult<()> {
    regie_store::audit::append(conn, records).map_err(ServiceError::from)
}

enum Msg {
    Record(Box<NewAudit>),
    Flush(SyncSender<()>),
}

/// Queue of read records, written by one background thread in batches.
#[derive(Clone)]
pub struct AuditWriter {
    /// Unbounded as a channel: [`Room`] bounds what it holds, so that a reader only ever waits
    /// there, within its limit, and never in a send.
    tx: Sender<Msg>,
    /// The writer thread, woken early by a flush.
    writer: std::thread::Thread,
    /// Records queued and not yet committed (or given up), for operations to watch.
    backlog: Arc<AtomicUsize>,
    /// Records given up since the writer started: after the configured number of failed
    /// transactions a batch is dropped (logged, and counted here), so that one failing batch
    /// does not hold every later record and, through the full queue, every reader.
    lost: Arc<AtomicUsize>,
    /// Reads refused since the start because their record found no room in time, or the
    /// writer had stopped.
    refused: Arc<AtomicUsize>,
    /// How long a reader waits for room in a full queue before its read is refused.
    wait_limit: Duration,
    /// What the queued records weigh, and a signal when the writer takes some away: readers
    /// wait on it while the queue is full.
    room: Arc<Room>,
}

/// The weight of the queued records (see [`weight`]), under a lock readers wait on.
#[derive(Default)]
struct Room {
    state: std::sync::Mutex<RoomState>,
    freed: std::sync::Condvar,
}

#[derive(Default)]
struct RoomState {
    weight: usize,
    /// Records queued and not yet committed or given up (at most [`QUEUE_CAPACITY`]).
    records: usize,
    /// The writer has stopped (it panicked): nobody will make room, so nobody waits.
    closed: bool,
}

impl Room {
    fn lock(&self) -> std::sync::MutexGuard<'_, RoomState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits while the queue is full (by weight or by records), at most `limit`, then takes
    /// `w` and one record's place; whether it did. It does not when the limit passed first or
    /// the writer has stopped. The bound is soft: a record goes in whenever the queue weighs
    /// less than [`QUEUE_WEIGHT`], so it overshoots by at most one record and no record waits
    /// for an empty queue, which a busy server would not see.
    fn take(&self, w: usize, limit: Duration) -> bool {
        let start = std::time::Instant::now();
        let mut state = self.lock();
        while (state.weight >= QUEUE_WEIGHT || state.records >= QUEUE_CAPACITY) && !state.closed {
            let left = limit.saturating_sub(start.elapsed());
            if left.is_zero() {
                return false;
            }
            state = self.freed.wait_timeout(state, left).unwrap_or_else(|e| e.into_inner()).0;
        }
        if state.closed {
            return false;
        }
        state.weight += w;
        state.records += 1;
        true
    }

    /// Gives back the weight and places of `records` records written (or given up) and wakes
    /// the waiting readers.
    fn give_back(&self, w: usize, records: usize) {
        let mut state = self.lock();
        state.weight = state.weight.saturating_sub(w);
        state.records = state.records.saturating_sub(records);
        self.freed.notify_all();
    }

    fn close(&self) {
        self.lock().closed = true;
        self.freed.notify_all();
    }
}

/// Closes the room when the writer thread ends, also by a panic.
struct CloseOnExit<'a>(&'a Room);

impl Drop for CloseOnExit<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Records waiting to be written at most.
const QUEUE_CAPACITY: usize = 20_000;

/// What the queued records may weigh before readers wait (see [`weight`]). The writer's work
/// grows with the persons a record names (their ids are stored and hashed with it, and a
/// person not yet in the current block of the person index adds a row there), so lists of
/// fifty fill the queue long before its 20,000 records. When the database cannot keep up the
/// reads wait for the writer (back-pressure) instead of the trail falling ever further behind
/// (15,000 records, some 15 seconds, in session 12's list benchmark). With one index row per
/// person and record, lists naming this many persons took the writer about half a second on
/// PostgreSQL under full load (bench/RESULTS.md, session 13); with the index per block the
/// queue stays below this bound under the same load (session 15).
const QUEUE_WEIGHT: usize = 25_000;

/// A record's share of [`QUEUE_WEIGHT`]: the persons it names, at least one and at most
/// [`MAX_BATCH_WEIGHT`]. The cap keeps one very heavy record (the read of a payment run names
/// every household in it, up to 100,000) from filling the queue several times over, which
/// would make every reader wait seconds for that record's transaction; such a record delays
/// the trail, not the other readers.
fn weight(record: &NewAudit) -> usize {
    record.subjects.len().clamp(1, MAX_BATCH_WEIGHT)
}

/// Records per transaction at most, so the chain head is never held long and audited writes
/// of use cases interleave with the writer.
const MAX_BATCH: usize = 1_000;

/// What the records of one transaction weigh before it closes (a fifth of [`QUEUE_WEIGHT`]; the
/// record that reaches it closes the transaction): when the queue is full, readers wait for a transaction to commit, so a
/// queue written in smaller steps makes them wait shorter (bench/RESULTS.md, session 13: p99 of
/// a list of fifty under full load 52–55 ms, against 103 ms with transactions of the whole queue,
/// at the same throughput).
const MAX_BATCH_WEIGHT: usize = QUEUE_WEIGHT / 5;

impl AuditWriter {
    /// Starts the writer thread. A batch whose transaction fails is tried again, `attempts`
    /// times in all, waiting 0.1 s longer after each failure (at most 1 s), and then given up.
    /// A reader waits at most `wait_limit` for room in a full queue ([`AuditWriter::queue`]).
    pub fn start(store: Store, attempts: u32, wait_limit: Duration) -> AuditWriter {
        let (tx, rx) = mpsc::channel();
        let backlog = Arc::new(AtomicUsize::new(0));
        let lost = Arc::new(AtomicUsize::new(0));
        let room: Arc<Room> = Arc::default();
        let (written, given_up, freed) = (backlog.clone(), lost.clone(), room.clone());
        let handle = std::thread::Builder::new()
            .name("audit-writer".into())
            .spawn(move || {
                let _close = CloseOnExit(&freed);
                run_writer(store, rx, Counters { backlog: &written, lost: &given_up, room: &freed }, attempts.max(1))
            })
            .expect("start audit writer");
        AuditWriter { tx, writer: handle.thread().clone(), backlog, lost, refused: Arc::default(), wait_limit, room }
    }

    /// Read records given up since the writer started (see [`AuditWriter::start`]). Zero on a
    /// healthy server; anything else means the trail misses reads, each logged as an error.
    pub fn lost(&self) -> usize {
        self.lost.load(Ordering::Relaxed)
    }

    /// Reads refused since the start ([`AuditWriter::queue`]). Zero on a healthy server.
    pub fn refused(&self) -> usize {
        self.refused.load(Ordering::Relaxed)
    }

    /// Queues a read record, waiting while the queue is full ([`QUEUE_WEIGHT`]). Refuses the
    /// read ([`ServiceError::AuditUnavailable`]) when no room came within the wait limit or
    /// the writer has stopped: the caller then shows nothing, because a read of personal data
    /// is never served without its record, and a reader does not hang on a stuck database.
    pub fn queue(&self, record: NewAudit) -> ServiceResult<()> {
        let w = weight(&record);
        if !self.room.take(w, self.wait_limit) {
            return Err(self.refuse("the audit queue stayed full"));
        }
        self.backlog.fetch_add(1, Ordering::Relaxed);
        if self.tx.send(Msg::Record(Box::new(record))).is_err() {
            self.backlog.fetch_sub(1, Ordering::Relaxed);
            self.room.give_back(w, 1);
            return Err(self.refuse("the audit writer has stopped"));
        }
        Ok(())
    }

    fn refuse(&self, why: &str) -> ServiceError {
        let refused = self.refused.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::error!(reason = why, refused, "a read was refused: its audit record could not be queued");
        ServiceError::AuditUnavailable
    }

    /// Read records queued and not yet in the database. Near zero on a healthy server; a
    /// backlog that stays high means the database cannot keep up, and when the queue is full
    /// (20,000 records, or records naming 25,000 persons in all) reads wait for the writer.
    pub fn backlog(&self) -> usize {
        self.backlog.load(Ordering::Relaxed)
    }

    /// What the records in [`AuditWriter::backlog`] weigh ([`weight`]: about the persons they
    /// name): what fills the queue.
    pub fn backlog_persons(&self) -> usize {
        self.room.lock().weight
    }

    /// Blocks until everything queued before this call is committed (at most 30 seconds).
    pub fn flush(&self) {
        let _ = self.flush_within(Duration::from_secs(30));
    }

    /// Blocks until everything queued before this call is committed or given up, or `limit`
    /// has passed; whether every record queued since the writer started is in the database
    /// (false when the limit passed first, and false once any record was given up).
    pub fn flush_within(&self, limit: Duration) -> bool {
        let (done_tx, done_rx) = mpsc::sync_channel(1);
        if self.tx.send(Msg::Flush(done_tx)).is_err() {
            return false;
        }
        // Cuts the writer's gathering pause short: the batch is written now.
        self.writer.unpark();
        done_rx.recv_timeout(limit).is_ok() && self.lost() == 0
    }
}

/// What the writer thread keeps count of, shared with the queue's side.
struct Counters<'a> {
    backlog: &'a AtomicUsize,
    lost: &'a AtomicUsize,
    room: &'a Room,
}

fn run_writer(store: Store, rx: Receiver<Msg>, counters: Counters<'_>, attempts: u32) {
    // After the first record of a batch the writer pauses instead of waiting on the channel:
    // senders then never wake it, so a busy server pays one thread switch per batch, not one
    // per read. A flush wakes the writer (`unpark`) and does not wait for the pause. Longer
    // pauses were measured and made the tails worse (larger batches, longer commits).
    const GATHER: Duration = Duration::from_millis(50);
    // The person index rows this writer has committed in the current blocks: a list read again
    // adds no index row (regie_store::audit::SUBJECT_BLOCK).
    let mut indexed = IndexedSubjects::default();
    loop {
        let first = match rx.recv() {
            Ok(m) => m,
            Err(_) => return,
        };
        let mut batch = Vec::new();
        let mut batch_weight = 0;
        let mut waiters = Vec::new();
        match first {
            Msg::Record(r) => {
                batch_weight += weight(&r);
                batch.push(*r);
                // May return early (a flush, or spuriously): the batch is then written sooner.
                std::thread::park_timeout(GATHER);
            }
            Msg::Flush(w) => waiters.push(w),
        }
        loop {
            let mut closed = false;
            while batch.len() < MAX_BATCH && batch_weight < MAX_BATCH_WEIGHT {
                match rx.try_recv() {
                    Ok(Msg::Record(r)) => {
                        batch_weight += weight(&r);
                        batch.push(*r);
                    }
                    Ok(Msg::Flush(w)) => waiters.push(w),
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        closed = true;
                        break;
                    }
                }
            }
            let full = batch.len() >= MAX_BATCH || batch_weight >= MAX_BATCH_WEIGHT;
            let taken = batch.len();
            if !write_batch(&store, &mut batch, &mut indexed, attempts) {
                counters.lost.fetch_add(taken, Ordering::Relaxed);
            }
            counters.backlog.fetch_sub(taken, Ordering::Relaxed);
            counters.room.give_back(batch_weight, taken);
            batch_weight = 0;
            // A flush request is answered once everything queued before it is written.
            for w in waiters.drain(..) {
                let _ = w.send(());
            }
            if closed {
                return;
            }
            if !full {
                break;
            }
        }
    }
}

/// Writes the batch in one transaction, trying `attempts` times; whether it was written (an
/// empty batch is). The batch is empty afterwards either way.
fn write_batch(store: &Store, batch: &mut Vec<NewAudit>, indexed: &mut IndexedSubjects, attempts: u32) -> bool {
    let mut attempt = 0;
    let mut written = true;
    while !batch.is_empty() {
        match store.write(|c| regie_store::audit::append_indexed(c, batch, indexed)) {
            Ok(rows) => {
                indexed.remember(rows);
                break;
            }
            Err(e) => {
                attempt += 1;
                tracing::error!(error = %e, attempt, "writing audit records failed; retrying");
                if attempt >= attempts {
                    tracing::error!(lost = batch.len(), "audit records could not be written");
                    written = false;
                    break;
                }
                std::thread::sleep(Duration::from_millis(100 * u64::from(attempt.min(10))));
            }
        }
    }
    batch.clear();
    written
}

impl Services {
    /// Queues an audit record of a read; it is committed within a fraction of a second. A use
    /// case calls this before it returns what was read, and returns the error if there is one
    /// ([`AuditWriter::queue`]).
    pub fn audit_read(&self, record: NewAudit) -> ServiceResult<()> {
        self.audit.queue(record)
    }
}

/// Outcome of walking the chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    Intact { records: i64 },
    Broken { seq: i64, reason: String },
}

/// Walks the whole chain in order and recomputes every hash.
pub fn verify(store: &Store) -> ServiceResult<Verification> {
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut count = 0i64;
    loop {
        let rows = store.read(|c| regie_store::audit::chunk_after(c, expected_seq - 1, 5000))?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            if r.seq != expected_seq {
                return Ok(Verification::Broken {
                    seq: expected_seq,
                    reason: format!("record {expected_seq} is missing (next present is {})", r.seq),
                });
            }
            if r.prev_hash != prev {
                return Ok(Verification::Broken {
                    seq: r.seq,
                    reason: "link to the previous record does not match".into(),
                });
            }
            if chain_hash(&prev, &r.fields()) != r.hash {
                return Ok(Verification::Broken {
                    seq: r.seq,
                    reason: "contents do not match the record's hash".into(),
                });
            }
            prev = r.hash.clone();
            expected_seq += 1;
            count += 1;
        }
        if let Some(seq) = store.read(|c| first_unindexed(c, &rows))? {
            return Ok(Verification::Broken {
                seq,
                reason: "the person index does not list a person the record names, so a search by \
                         that person would not find it"
                    .into(),
            });
        }
    }
    let (head_seq, head_hash) = store.read(regie_store::audit::head)?;
    if head_seq != count || (count > 0 && head_hash != prev) {
        return Ok(Verification::Broken {
            seq: count + 1,
            reason: format!("the chain head records {head_seq} entries but {count} were found"),
        });
    }
    Ok(Verification::Intact { records: count })
}

/// The first of `rows` (consecutive records) naming a person whom the person index does not
/// list for the record's block: the auditor's search by person would miss that record.
fn first_unindexed(c: &mut Conn, rows: &[AuditRow]) -> regie_store::StoreResult<Option<i64>> {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Ok(None);
    };
    fn named(r: &AuditRow) -> impl Iterator<Item = &str> {
        r.subjects.split(',').filter(|p| !p.is_empty())
    }
    let persons: Vec<&str> = rows.iter().flat_map(named).collect::<HashSet<_>>().into_iter().collect();
    let indexed = regie_store::audit::indexed_among(c, &persons, subject_block(first.seq), subject_block(last.seq))?;
    Ok(rows.iter().find(|r| named(r).any(|p| !indexed.contains(&(subject_block(r.seq), p.to_string())))).map(|r| r.seq))
}

/// Search for auditors; searching is itself audited.
pub fn search(
    s: &Services,
    actor: &Actor,
    filter: &AuditFilter,
    page: i64,
    page_size: i64,
) -> ServiceResult<Page<AuditRow>> {
    actor.require(Permission::ReadAudit)?;
    let page = page.max(1);
    let result = s.store.read(|c| regie_store::audit::search(c, filter, (page - 1) * page_size, page_size))?;
    let subjects: Vec<String> = filter.person_id.iter().cloned().collect();
    s.audit_read(entry(
        s,
        actor,
        "auditor",
        "audit.search",
        purpose::TOEZICHT,
        subjects,
        ("audit_log", ""),
        "success",
    ))?;
    Ok(result)
}

/// Every matching record as CSV (semicolon-separated, as Dutch spreadsheets expect).
pub fn export_csv(s: &Services, actor: &Actor, filter: &AuditFilter) -> ServiceResult<Vec<u8>> {
    actor.require(Permission::ReadAudit)?;
    let mut rows = Vec::new();
    // Page by page, each starting below where the last one ended (an offset would make the
    // database read every earlier page again).
    let mut page_filter = filter.clone();
    loop {
        let page = s.store.read(|c| regie_store::audit::search(c, &page_filter, 0, 5000))?;
        page_filter.before_seq = page.items.last().map(|r| r.seq);
        rows.extend(page.items.into_iter().map(|r| {
            vec![
                r.seq.to_string(),
                format_micros(r.at_micros),
                r.actor,
                r.role,
                r.organisation,
                r.action,
                r.purpose,
                r.subjects,
                r.object_type,
                r.object_id,
                r.outcome,
                r.request_id,
                r.hash,
            ]
        }));
        if !page.has_next {
            break;
        }
    }
    let header = [
        "volgnummer",
        "tijdstip",
        "actor",
        "rol",
        "organisatie",
        "handeling",
        "doel",
        "betrokkenen",
        "objecttype",
        "objectid",
        "uitkomst",
        "verzoek",
        "hash",
    ];
    let bytes =
        regie_documents::csv::semicolon_csv(&header, &rows).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let subjects: Vec<String> = filter.person_id.iter().cloned().collect();
    s.audit_read(entry(
        s,
        actor,
        "auditor",
        "audit.export",
        purpose::TOEZICHT,
        subjects,
        ("audit_log", ""),
        "success",
    ))?;
    Ok(bytes)
}

/// `2026-11-29T10:15:00.123456Z`
pub fn format_micros(micros: i64) -> String {
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .unwrap_or_default()
}

#[cfg(test)]
mod room_tests {
    use super::*;

    /// A limit no test reaches.
    const LONG: Duration = Duration::from_secs(3600);

    /// Takes `w` on another thread; the receiver hears when it got it.
    fn take_elsewhere(room: &Arc<Room>, w: usize) -> mpsc::Receiver<()> {
        let (done, heard) = mpsc::channel();
        let (started, running) = mpsc::channel();
        let room = room.clone();
        std::thread::spawn(move || {
            let _ = started.send(());
            if room.take(w, LONG) {
                let _ = done.send(());
            }
        });
        // Checks that it is still waiting then cannot pass only because it has not started.
        running.recv_timeout(Duration::from_secs(10)).expect("the reader started");
        heard
    }

    #[test]
    fn a_reader_waits_while_the_queue_is_full_and_goes_on_when_the_writer_makes_room() {
        let room = Arc::new(Room::default());
        assert!(room.take(QUEUE_WEIGHT - 10, LONG) && room.take(50, LONG));
        // Full (the last list overshoots the bound): the next one must wait, however long.
        let heard = take_elsewhere(&room, 50);
        assert!(heard.recv_timeout(Duration::from_millis(200)).is_err(), "no room, so it waits");
        // The writer commits part of the queue, not enough to bring it under the bound.
        room.give_back(40, 1);
        assert!(heard.recv_timeout(Duration::from_millis(200)).is_err(), "still full");
        room.give_back(100, 1);
        heard.recv_timeout(Duration::from_secs(10)).expect("room for it now");
        assert_eq!(room.lock().weight, QUEUE_WEIGHT - 10 + 50 - 40 - 100 + 50);
    }

    #[test]
    fn a_record_heavier_than_the_bound_waits_for_room_not_for_an_empty_queue() {
        let room = Arc::new(Room::default());
        assert!(room.take(QUEUE_WEIGHT, LONG));
        let heard = take_elsewhere(&room, QUEUE_WEIGHT * 4);
        assert!(heard.recv_timeout(Duration::from_millis(200)).is_err(), "the queue is full, so it waits");
        // Reads of one person keep coming while the writer commits: the queue is never empty.
        room.give_back(1, 0);
        heard.recv_timeout(Duration::from_secs(10)).expect("room for one is room for it");
        assert_eq!(room.lock().weight, QUEUE_WEIGHT - 1 + QUEUE_WEIGHT * 4);
    }

    #[test]
    fn a_payment_run_weighs_no_more_than_a_transaction_and_an_unnamed_record_weighs_one() {
        let record = |n: usize| NewAudit {
            at_micros: 0,
            actor: String::new(),
            role: String::new(),
            organisation: String::new(),
            action: String::new(),
            purpose: String::new(),
            subjects: (0..n).map(|i| format!("p{i}")).collect(),
            object_type: String::new(),
            object_id: String::new(),
            outcome: String::new(),
            request_id: String::new(),
        };
        assert_eq!(weight(&record(0)), 1);
        assert_eq!(weight(&record(50)), 50);
        assert_eq!(weight(&record(100_000)), MAX_BATCH_WEIGHT);
    }

    #[test]
    fn nobody_waits_for_a_writer_that_has_stopped_and_the_read_is_refused() {
        let room = Arc::new(Room::default());
        assert!(room.take(QUEUE_WEIGHT, LONG));
        let (answer, answered) = mpsc::channel();
        let waiting = room.clone();
        std::thread::spawn(move || {
            let _ = answer.send(waiting.take(1, LONG));
        });
        assert!(answered.recv_timeout(Duration::from_millis(200)).is_err(), "the queue is full, so it waits");
        drop(CloseOnExit(&room));
        let taken = answered.recv_timeout(Duration::from_secs(10)).expect("released when the writer stops");
        assert!(!taken, "no writer will write it, so the read is refused");
        assert!(!room.take(1, LONG), "and so is every read after it, at once");
    }

    #[test]
    fn a_reader_waits_for_room_no_longer_than_the_limit() {
        let room = Arc::new(Room::default());
        assert!(room.take(QUEUE_WEIGHT, LONG));
        let started = std::time::Instant::now();
        assert!(!room.take(1, Duration::from_millis(150)), "refused: no room came");
        assert!(started.elapsed() >= Duration::from_millis(150), "after waiting the whole limit");
        assert_eq!(room.lock().weight, QUEUE_WEIGHT, "a refused read takes no room");
        room.give_back(1, 0);
        assert!(room.take(1, Duration::from_millis(150)), "room again, so it goes in");
    }

    #[test]
    fn reads_of_one_person_fill_the_queue_by_their_number_and_wait_no_longer_than_the_limit() {
        // 20,000 reads of one person weigh less than the bound by persons, but the queue holds
        // no more records: the next read waits in the room (within its limit), not in a send
        // to the writer without any.
        let room = Arc::new(Room::default());
        for _ in 0..QUEUE_CAPACITY {
            assert!(room.take(1, LONG));
        }
        assert!(room.lock().weight < QUEUE_WEIGHT);
        assert!(!room.take(1, Duration::from_millis(100)), "full by number: refused after the limit");
        room.give_back(1, 1);
        assert!(room.take(1, Duration::from_millis(100)), "one place free again");
    }
}
