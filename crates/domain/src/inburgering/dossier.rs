//! The parts of a dossier besides the case itself: documents of a person, consents
//! (toestemmingen) and referrals (verwijzingen) to partner organisations. The fixed lists and
//! the rules on them live here: which uploads are accepted, which document types and referral
//! kinds are health data, when a referral may share data, and when an outcome may be recorded.
//!
//! Nothing here stores or reads anything; the caller passes the facts it holds.

use chrono::NaiveDate;

/// Largest document kept (a scanned form or certificate).
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// The content type the bytes show: PDF, PNG or JPEG, by their magic bytes; `None` for
/// anything else.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G']) {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Why an upload is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadRefused {
    Empty,
    TooLarge,
    /// Not a PDF, PNG or JPEG, or the bytes are not what the declared type says.
    WrongType,
    /// No usable file name (empty or longer than 200 characters).
    BadName,
}

impl UploadRefused {
    /// The Dutch message; `Empty` is left to the caller, which knows what is missing.
    pub fn message(self) -> &'static str {
        match self {
            UploadRefused::Empty => "Voeg een bestand toe (PDF, PNG of JPEG).",
            UploadRefused::TooLarge => "Het bestand is groter dan 5 MB.",
            UploadRefused::WrongType => "Alleen een PDF, PNG of JPEG kan worden opgeslagen.",
            UploadRefused::BadName => "Het bestand heeft geen bruikbare naam.",
        }
    }
}

/// Checks an uploaded document: a PDF, PNG or JPEG of at most [`MAX_DOCUMENT_BYTES`] whose
/// bytes are what `content_type` says, with a usable name. Every problem is returned, the
/// content first.
pub fn check_upload(name: &str, content_type: &str, bytes: &[u8]) -> Vec<UploadRefused> {
    let mut out = vec![];
    if bytes.is_empty() {
        out.push(UploadRefused::Empty);
    } else if bytes.len() > MAX_DOCUMENT_BYTES {
        out.push(UploadRefused::TooLarge);
    } else if sniff(bytes) != Some(content_type) {
        out.push(UploadRefused::WrongType);
    }
    if name.trim().is_empty() || name.chars().count() > 200 {
        out.push(UploadRefused::BadName);
    }
    out
}

/// A fixed list of codes with Dutch labels.
macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The identifier used in forms, the API and the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The name shown on Dutch screens.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}

/// Shared with the other fixed lists of the chain (exams, components).
pub(crate) use code_list;

code_list! {
    /// The type of a person's document.
    DocumentType {
        Identiteitsbewijs => ("identiteitsbewijs", "Identiteitsbewijs"),
        Verblijfsvergunning => ("verblijfsvergunning", "Verblijfsvergunning"),
        Diploma => ("diploma", "Diploma of getuigschrift"),
        MedischeVerklaring => ("medische_verklaring", "Medische verklaring"),
        Machtiging => ("machtiging", "Machtiging"),
        Toestemming => ("toestemming", "Getekende toestemming"),
        Overig => ("overig", "Overig"),
    }
}

impl DocumentType {
    /// Health data: only roles that may see health fields see such a document at all.
    pub fn is_health(self) -> bool {
        matches!(self, DocumentType::MedischeVerklaring)
    }
}

code_list! {
    /// Where another spelling of a person's name comes from.
    NameSource {
        Paspoort => ("paspoort", "Paspoort of ander reisdocument"),
        Verblijfsdocument => ("verblijfsdocument", "Verblijfsdocument (IND)"),
        Brp => ("brp", "BRP"),
        Coa => ("coa", "COA"),
        Persoon => ("persoon", "Opgegeven door de persoon"),
        Anders => ("anders", "Anders"),
    }
}

code_list! {
    /// What a person consents to.
    ConsentKind {
        DelenMetPartners => ("delen_met_partners", "Gegevens delen met partnerorganisaties"),
        MachtigingOntzorging => ("machtiging_ontzorging", "Machtiging ontzorging"),
    }
}

code_list! {
    /// The kind of partner a person is referred to.
    ReferralKind {
        Taalaanbieder => ("taalaanbieder", "Taalaanbieder"),
        Werkgever => ("werkgever", "Werkgever"),
        Vrijwilligersorganisatie => ("vrijwilligersorganisatie", "Vrijwilligersorganisatie"),
        Gezondheidszorg => ("gezondheidszorg", "Gezondheidszorg"),
        Schuldhulp => ("schuldhulp", "Schuldhulpverlening"),
        Overig => ("overig", "Overig"),
    }
}

impl ReferralKind {
    /// A referral to health care says something about the person's health.
    pub fn is_health(self) -> bool {
        matches!(self, ReferralKind::Gezondheidszorg)
    }
}

code_list! {
    /// What came of a referral.
    ReferralOutcome {
        Gestart => ("gestart", "Gestart"),
        Afgerond => ("afgerond", "Afgerond"),
        NietGestart => ("niet_gestart", "Niet gestart"),
        Afgewezen => ("afgewezen", "Afgewezen door de partner"),
    }
}

/// A consent as far as the rules need it.
#[derive(Clone, Copy, Debug)]
pub struct ConsentSpan {
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}

impl ConsentSpan {
    /// Whether the consent holds on `day`: given on or before it and not withdrawn by then.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.given_on <= day && self.withdrawn_on.is_none_or(|w| w > day)
    }
}

/// A referral that shares the person's data needs a consent to share with partners that
/// holds on the day of the referral.
pub fn check_referral(shares_data: bool, referred_on: NaiveDate, consents: &[ConsentSpan]) -> Result<(), &'static str> {
    if shares_data && !consents.iter().any(|c| c.holds_on(referred_on)) {
        return Err("Er is geen geldige toestemming om gegevens te delen met partners op de datum van de \
                    verwijzing. Leg eerst de toestemming vast, of verwijs zonder gegevens te delen.");
    }
    Ok(())
}

/// The outcome of a referral as recorded or offered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub outcome: ReferralOutcome,
    pub on: NaiveDate,
    pub note: String,
}

/// Whether `new` is to be stored: an outcome is recorded once. The same outcome again is
/// accepted and changes nothing (`Ok(false)`); a different one is refused.
pub fn outcome_step(referred_on: NaiveDate, recorded: Option<&Outcome>, new: &Outcome) -> Result<bool, &'static str> {
    match recorded {
        Some(r) if r == new => Ok(false),
        Some(_) => Err("De uitkomst van deze verwijzing is al vastgelegd en kan niet worden gewijzigd."),
        None if new.on < referred_on => Err("De uitkomst kan niet vóór de datum van de verwijzing liggen."),
        None => Ok(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn uploads_are_checked_by_their_bytes_and_size() {
        assert!(check_upload("a.pdf", "application/pdf", b"%PDF-1.4").is_empty());
        assert!(check_upload("a.png", "image/png", &[0x89, b'P', b'N', b'G', 1]).is_empty());
        assert!(check_upload("a.jpg", "image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]).is_empty());
        assert_eq!(check_upload("a.pdf", "image/png", b"%PDF-1.4"), vec![UploadRefused::WrongType]);
        assert_eq!(check_upload("a.exe", "application/pdf", b"MZ\x90"), vec![UploadRefused::WrongType]);
        assert_eq!(check_upload("", "application/pdf", b""), vec![UploadRefused::Empty, UploadRefused::BadName]);
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_DOCUMENT_BYTES + 1, b' ');
        assert_eq!(check_upload("a.pdf", "application/pdf", &big), vec![UploadRefused::TooLarge]);
        big.truncate(MAX_DOCUMENT_BYTES);
        assert!(check_upload("a.pdf", "application/pdf", &big).is_empty());
    }

    #[test]
    fn codes_parse_back_and_health_is_marked() {
        for t in DocumentType::ALL {
            assert_eq!(DocumentType::parse(t.code()), Some(*t));
        }
        for k in ReferralKind::ALL {
            assert_eq!(ReferralKind::parse(k.code()), Some(*k));
        }
        assert!(DocumentType::MedischeVerklaring.is_health());
        assert_eq!(DocumentType::ALL.iter().filter(|t| t.is_health()).count(), 1);
        assert!(ReferralKind::Gezondheidszorg.is_health());
        assert_eq!(ReferralOutcome::parse("bestaat_niet"), None);
    }

    #[test]
    fn sharing_data_needs_a_consent_that_holds_on_the_day() {
        let given = ConsentSpan { given_on: d(2026, 3, 1), withdrawn_on: Some(d(2026, 6, 1)) };
        assert!(check_referral(false, d(2026, 1, 1), &[]).is_ok());
        assert!(check_referral(true, d(2026, 1, 1), &[]).is_err());
        assert!(check_referral(true, d(2026, 2, 28), &[given]).is_err());
        assert!(check_referral(true, d(2026, 3, 1), &[given]).is_ok());
        assert!(check_referral(true, d(2026, 5, 31), &[given]).is_ok());
        assert!(check_referral(true, d(2026, 6, 1), &[given]).is_err());
    }

    #[test]
    fn an_outcome_is_recorded_once_and_the_same_one_again_changes_nothing() {
        let o = Outcome { outcome: ReferralOutcome::Gestart, on: d(2026, 5, 1), note: "Begonnen".into() };
        assert_eq!(outcome_step(d(2026, 4, 1), None, &o), Ok(true));
        assert_eq!(outcome_step(d(2026, 4, 1), Some(&o), &o), Ok(false));
        let other = Outcome { outcome: ReferralOutcome::Afgewezen, ..o.clone() };
        assert!(outcome_step(d(2026, 4, 1), Some(&o), &other).is_err());
        assert!(outcome_step(d(2026, 6, 1), None, &o).is_err());
    }
}
