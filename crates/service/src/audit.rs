//! The audit log (verwerkingenlogging): who, in which role, did what, about whom, why, when,
//! with what outcome. Writes are audited inside their own transaction; reads are queued and
//! group-committed by a background writer within a fraction of a second.

use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::audit::{chain_hash, GENESIS};
pub use regie_store::audit::AuditFilter;
use regie_store::audit::{AuditRow, NewAudit};
use regie_store::{Conn, Page, Store};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
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
    tx: SyncSender<Msg>,
    /// The writer thread, woken early by a flush.
    writer: std::thread::Thread,
    /// Records queued and not yet committed (or given up), for operations to watch.
    backlog: Arc<AtomicUsize>,
}

/// Records waiting to be written at most. When the database falls this far behind, readers
/// wait for the writer (back-pressure) instead of the queue growing without bound.
const QUEUE_CAPACITY: usize = 20_000;

/// Records per transaction at most, so the chain head is never held long and audited writes
/// of use cases interleave with the writer.
const MAX_BATCH: usize = 1_000;

impl AuditWriter {
    pub fn start(store: Store) -> AuditWriter {
        let (tx, rx) = mpsc::sync_channel(QUEUE_CAPACITY);
        let backlog = Arc::new(AtomicUsize::new(0));
        let written = backlog.clone();
        let handle = std::thread::Builder::new()
            .name("audit-writer".into())
            .spawn(move || run_writer(store, rx, &written))
            .expect("start audit writer");
        AuditWriter { tx, writer: handle.thread().clone(), backlog }
    }

    pub fn queue(&self, record: NewAudit) {
        self.backlog.fetch_add(1, Ordering::Relaxed);
        if self.tx.send(Msg::Record(Box::new(record))).is_err() {
            self.backlog.fetch_sub(1, Ordering::Relaxed);
            tracing::error!("audit writer has stopped; a read record was not queued");
        }
    }

    /// Read records queued and not yet in the database. Near zero on a healthy server; a
    /// backlog that stays high means the database cannot keep up, and at the queue's capacity
    /// (20,000) reads wait for the writer.
    pub fn backlog(&self) -> usize {
        self.backlog.load(Ordering::Relaxed)
    }

    /// Blocks until everything queued before this call is committed (at most 30 seconds).
    pub fn flush(&self) {
        let _ = self.flush_within(Duration::from_secs(30));
    }

    /// Blocks until everything queued before this call is committed, or `limit` has passed;
    /// whether it was committed. A full queue (the database far behind) counts against the
    /// limit too.
    pub fn flush_within(&self, limit: Duration) -> bool {
        let deadline = std::time::Instant::now() + limit;
        let (done_tx, done_rx) = mpsc::sync_channel(1);
        let mut message = Msg::Flush(done_tx);
        loop {
            match self.tx.try_send(message) {
                Ok(()) => break,
                Err(mpsc::TrySendError::Full(m)) if std::time::Instant::now() < deadline => {
                    message = m;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return false,
            }
        }
        // Cuts the writer's gathering pause short: the batch is written now.
        self.writer.unpark();
        done_rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())).is_ok()
    }
}

fn run_writer(store: Store, rx: Receiver<Msg>, backlog: &AtomicUsize) {
    // After the first record of a batch the writer pauses instead of waiting on the channel:
    // senders then never wake it, so a busy server pays one thread switch per batch, not one
    // per read. A flush wakes the writer (`unpark`) and does not wait for the pause. Longer
    // pauses were measured and made the tails worse (larger batches, longer commits).
    const GATHER: Duration = Duration::from_millis(50);
    loop {
        let first = match rx.recv() {
            Ok(m) => m,
            Err(_) => return,
        };
        let mut batch = Vec::new();
        let mut waiters = Vec::new();
        match first {
            Msg::Record(r) => {
                batch.push(*r);
                // May return early (a flush, or spuriously): the batch is then written sooner.
                std::thread::park_timeout(GATHER);
            }
            Msg::Flush(w) => waiters.push(w),
        }
        loop {
            let mut closed = false;
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(Msg::Record(r)) => batch.push(*r),
                    Ok(Msg::Flush(w)) => waiters.push(w),
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        closed = true;
                        break;
                    }
                }
            }
            let full = batch.len() >= MAX_BATCH;
            let taken = batch.len();
            write_batch(&store, &mut batch);
            backlog.fetch_sub(taken, Ordering::Relaxed);
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

fn write_batch(store: &Store, batch: &mut Vec<NewAudit>) {
    let mut attempt = 0;
    while !batch.is_empty() {
        match store.write(|c| regie_store::audit::append(c, batch)) {
            Ok(()) => break,
            Err(e) => {
                attempt += 1;
                tracing::error!(error = %e, attempt, "writing audit records failed; retrying");
                if attempt >= 50 {
                    tracing::error!(lost = batch.len(), "audit records could not be written");
                    break;
                }
                std::thread::sleep(Duration::from_millis(100 * attempt.min(10)));
            }
        }
    }
    batch.clear();
}

impl Services {
    /// Queues an audit record of a read; it is committed within a fraction of a second.
    pub fn audit_read(&self, record: NewAudit) {
        self.audit.queue(record);
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
    s.audit_read(entry(s, actor, "auditor", "audit.search", purpose::TOEZICHT, subjects, ("audit_log", ""), "success"));
    Ok(result)
}

/// Every matching record as CSV (semicolon-separated, as Dutch spreadsheets expect).
pub fn export_csv(s: &Services, actor: &Actor, filter: &AuditFilter) -> ServiceResult<Vec<u8>> {
    actor.require(Permission::ReadAudit)?;
    let mut rows = Vec::new();
    let mut offset = 0;
    loop {
        let page = s.store.read(|c| regie_store::audit::search(c, filter, offset, 5000))?;
        offset += page.items.len() as i64;
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
    s.audit_read(entry(s, actor, "auditor", "audit.export", purpose::TOEZICHT, subjects, ("audit_log", ""), "success"));
    Ok(bytes)
}

/// `2026-11-29T10:15:00.123456Z`
pub fn format_micros(micros: i64) -> String {
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .unwrap_or_default()
}
