//! Documents of a person: uploaded with a type from a fixed list (a PDF, PNG or JPEG of at most
//! 5 MB, checked by its bytes), listed on the dossier, downloaded (audited as a read of the
//! person) and withdrawn with a reason. A withdrawn document is kept for the audit trail and
//! no longer listed or served. A medical statement is health data: a role that may not see
//! health fields neither adds nor finds one.

use super::dossier_parts::{audit_read, document_visible, write};
use super::load_scoped;
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::dossier::{check_upload, DocumentType, UploadRefused};
use regie_store::dossier::{DocumentRow, NewDocument};
use sha2::Digest;

/// The uploaded file (the same shape as the signed machtiging of ontzorging).
pub use crate::ontzorging::plans::Upload;

/// Adds the checks of an uploaded file to `e` under `field`; `missing` is the message when no
/// file came with the request.
pub fn check_file(e: &mut Errors, field: &str, missing: &str, file: &Upload) {
    let refused = check_upload(&file.name, &file.content_type, &file.bytes);
    if refused.contains(&UploadRefused::Empty) {
        // No file at all: its name is no separate mistake.
        e.push(field, missing);
        return;
    }
    for r in refused {
        e.push(field, r.message());
    }
}

fn note_ok(e: &mut Errors, field: &str, note: &str) {
    if note.chars().count() > 2000 {
        e.push(field, "De toelichting heeft hoogstens 2000 tekens.");
    }
}

/// A reason for a withdrawal: 5 to 2000 characters.
pub(crate) fn reason_ok(e: &mut Errors, field: &str, reason: &str) {
    let n = reason.trim().chars().count();
    if !(5..=2000).contains(&n) {
        e.push(field, "Geef de reden (5 tot 2000 tekens).");
    }
}

/// Uploads a document of the person; returns its id.
pub fn upload(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    doc_type: &str,
    note: &str,
    file: &Upload,
) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let mut e = Errors::default();
    let kind = DocumentType::parse(doc_type.trim());
    match kind {
        None => e.push("docType", "Kies het soort document."),
        Some(k) if k.is_health() && !actor.can(Permission::ReadHealth) => {
            e.push("docType", "Een medische verklaring kan alleen een klantmanager of teamleider toevoegen.")
        }
        Some(_) => {}
    }
    note_ok(&mut e, "note", note);
    check_file(&mut e, "document", "Kies het bestand dat u wilt toevoegen (PDF, PNG of JPEG).", file);
    e.into_result()?;
    let kind = kind.expect("checked");
    let (now, name) = (s.clock.naive(), file.name.trim());
    let sha = hex::encode(sha2::Sha256::digest(&file.bytes));
    // The case history is read by roles without health access: no document type there.
    let detail = if kind.is_health() {
        "Document toegevoegd".to_string()
    } else {
        format!("Document toegevoegd: {}", kind.label().to_lowercase())
    };
    write(s, actor, person_id, "document.add", detail, |c, person| {
        Ok(regie_store::dossier::insert_document(
            c,
            &NewDocument {
                person_id: &person.id,
                doc_type: kind.code(),
                name,
                content_type: &file.content_type,
                size_bytes: file.bytes.len() as i64,
                content: &file.bytes,
                sha256: &sha,
                note: note.trim(),
                uploaded_by: &actor.label,
                uploaded_at: now,
            },
        )?)
    })
}

/// A current document of the person that the caller may see.
fn visible(c: &mut regie_store::Conn, health: bool, person_id: &str, doc_id: i64) -> ServiceResult<DocumentRow> {
    regie_store::dossier::document(c, person_id, doc_id)?
        .filter(|d| d.withdrawn_at.is_none() && document_visible(health, d))
        .ok_or(ServiceError::NotFound)
}

/// A document with its content, for a download. Audited as a read of the person.
pub fn download(s: &Services, actor: &Actor, person_id: &str, doc_id: i64) -> ServiceResult<(DocumentRow, Vec<u8>)> {
    let health = actor.can(Permission::ReadHealth);
    let found = s.store.read(|c| {
        Ok(load_scoped(c, actor, person_id, Permission::ReadPersons).and_then(|_| {
            let doc = visible(c, health, person_id, doc_id)?;
            let bytes = regie_store::dossier::document_content(c, person_id, doc_id)?.ok_or(ServiceError::NotFound)?;
            Ok((doc, bytes))
        }))
    })??;
    audit_read(s, actor, "document.read", person_id, ("person_document", &doc_id.to_string()))?;
    Ok(found)
}

/// Withdraws a document with a reason. It is kept for the audit trail, no longer listed.
pub fn withdraw(s: &Services, actor: &Actor, person_id: &str, doc_id: i64, reason: &str) -> ServiceResult<()> {
    actor.require(Permission::WritePersons)?;
    let mut e = Errors::default();
    reason_ok(&mut e, "reason", reason);
    e.into_result()?;
    let health = actor.can(Permission::ReadHealth);
    let now = s.clock.naive();
    write(s, actor, person_id, "document.withdraw", "Document ingetrokken".into(), |c, person| {
        visible(c, health, &person.id, doc_id)?;
        regie_store::dossier::withdraw_document(c, &person.id, doc_id, now, &actor.label, reason.trim())?;
        Ok(())
    })
}
