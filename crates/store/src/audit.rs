//! Storage of the hash-chained audit log. Appending takes the chain head row first, which
//! serialises appenders on both engines, so the chain never forks.

use crate::schema::{audit_head, audit_log, audit_subjects};
use crate::{copy_batch, insert_batch, Conn, Page, StoreResult};
use diesel::prelude::*;
use regie_domain::audit::{chain_hash, AuditFields};

/// A record to append; `seq`, hashes follow from the chain.
#[derive(Debug, Clone)]
pub struct NewAudit {
    pub at_micros: i64,
    pub actor: String,
    pub role: String,
    pub organisation: String,
    pub action: String,
    pub purpose: String,
    pub subjects: Vec<String>,
    pub object_type: String,
    pub object_id: String,
    pub outcome: String,
    pub request_id: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
pub struct AuditRow {
    pub seq: i64,
    pub at_micros: i64,
    pub actor: String,
    pub role: String,
    pub organisation: String,
    pub action: String,
    pub purpose: String,
    pub subjects: String,
    pub object_type: String,
    pub object_id: String,
    pub outcome: String,
    pub request_id: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    pub fn fields(&self) -> AuditFields<'_> {
        AuditFields {
            seq: self.seq,
            at_micros: self.at_micros,
            actor: &self.actor,
            role: &self.role,
            organisation: &self.organisation,
            action: &self.action,
            purpose: &self.purpose,
            subjects: &self.subjects,
            object_type: &self.object_type,
            object_id: &self.object_id,
            outcome: &self.outcome,
            request_id: &self.request_id,
        }
    }
}

/// One person named by one record: the index by which the auditor finds a person's records.
#[derive(Insertable)]
#[diesel(table_name = audit_subjects, treat_none_as_default_value = false)]
struct SubjectRow {
    person_id: String,
    seq: i64,
}

/// Appends records to the chain. Must run inside [`crate::Store::write`].
pub fn append(conn: &mut Conn, records: &[NewAudit]) -> StoreResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let n = records.len() as i64;
    // Taking the row lock first makes concurrent appenders wait for this transaction.
    diesel::update(audit_head::table.filter(audit_head::id.eq(1)))
        .set(audit_head::last_seq.eq(audit_head::last_seq + n))
        .execute(conn)?;
    let (last_seq, mut prev): (i64, String) = audit_head::table
        .filter(audit_head::id.eq(1))
        .select((audit_head::last_seq, audit_head::last_hash))
        .first(conn)?;
    let first = last_seq - n + 1;
    let mut rows = Vec::with_capacity(records.len());
    let mut subject_rows = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let seq = first + i as i64;
        let mut row = AuditRow {
            seq,
            at_micros: r.at_micros,
            actor: r.actor.clone(),
            role: r.role.clone(),
            organisation: r.organisation.clone(),
            action: r.action.clone(),
            purpose: r.purpose.clone(),
            subjects: r.subjects.join(","),
            object_type: r.object_type.clone(),
            object_id: r.object_id.clone(),
            outcome: r.outcome.clone(),
            request_id: r.request_id.clone(),
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        row.hash = chain_hash(&prev, &row.fields());
        prev = row.hash.clone();
        let mut seen = std::collections::HashSet::new();
        for s in &r.subjects {
            if seen.insert(s.as_str()) {
                subject_rows.push(SubjectRow { person_id: s.clone(), seq });
            }
        }
        rows.push(row);
    }
    // On PostgreSQL one `COPY` per table: a read-audit batch names thousands of persons (every
    // list of 50 names 50), and a multi-row `INSERT` of that size is parsed and planned anew
    // each time, on the cores that serve the requests.
    copy_batch!(&mut *conn, audit_log::table, &rows)?;
    copy_batch!(&mut *conn, audit_subjects::table, &subject_rows)?;
    diesel::update(audit_head::table.filter(audit_head::id.eq(1))).set(audit_head::last_hash.eq(prev)).execute(conn)?;
    Ok(())
}

/// Records with `seq > after`, in chain order, at most `limit`.
pub fn chunk_after(conn: &mut Conn, after: i64, limit: i64) -> StoreResult<Vec<AuditRow>> {
    Ok(audit_log::table
        .filter(audit_log::seq.gt(after))
        .order(audit_log::seq)
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)?)
}

/// The head as recorded: `(last_seq, last_hash)`.
pub fn head(conn: &mut Conn) -> StoreResult<(i64, String)> {
    Ok(audit_head::table
        .filter(audit_head::id.eq(1))
        .select((audit_head::last_seq, audit_head::last_hash))
        .first(conn)?)
}

#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub person_id: Option<String>,
    pub actor: Option<String>,
    pub from_micros: Option<i64>,
    pub to_micros: Option<i64>,
}

/// Newest first.
pub fn search(conn: &mut Conn, f: &AuditFilter, offset: i64, limit: i64) -> StoreResult<Page<AuditRow>> {
    let mut q = audit_log::table.select(AuditRow::as_select()).into_boxed();
    if let Some(p) = &f.person_id {
        let seqs = audit_subjects::table.filter(audit_subjects::person_id.eq(p.clone())).select(audit_subjects::seq);
        q = q.filter(audit_log::seq.eq_any(seqs));
    }
    if let Some(a) = &f.actor {
        q = q.filter(audit_log::actor.eq(a.clone()));
    }
    if let Some(from) = f.from_micros {
        q = q.filter(audit_log::at_micros.ge(from));
    }
    if let Some(to) = f.to_micros {
        q = q.filter(audit_log::at_micros.lt(to));
    }
    let rows = q.order(audit_log::seq.desc()).offset(offset).limit(limit + 1).load(conn)?;
    Ok(Page::from_overfetch(rows, limit))
}

pub fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(audit_log::table.count().get_result(conn)?)
}
