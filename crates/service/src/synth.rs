//! Synthetic newcomers for the demo region and for benchmarks. Never real people: names are
//! drawn from common names of the large origin groups, identifiers are generated to be valid
//! but belong to nobody known. Deterministic for a given seed, so benchmarks are repeatable.

use chrono::{NaiveDate, NaiveDateTime};
use regie_domain::person::search_key;
use regie_domain::{Regime, TargetGroup};
use regie_store::persons::PersonRow;

/// SplitMix64: small, fast and good enough to spread synthetic data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct Origin {
    nationality: &'static str,
    weight: u64,
    male: &'static [&'static str],
    female: &'static [&'static str],
    family: &'static [&'static str],
    /// Share (percent) of persons registered with one name only.
    single_name: u64,
}

const ORIGINS: &[Origin] = &[
    Origin {
        nationality: "Syrische",
        weight: 34,
        male: &[
            "Mohammed",
            "Muhammad",
            "Ahmad",
            "Omar",
            "Khaled",
            "Yusuf",
            "Hassan",
            "Ali",
            "Abdulrahman",
            "Mahmoud",
            "Ibrahim",
        ],
        female: &["Fatima", "Aya", "Rama", "Nour", "Hala", "Lina", "Rasha", "Amal", "Yasmin", "Maryam"],
        family: &[
            "Al-Hassan",
            "Haddad",
            "Khalil",
            "Al-Ahmad",
            "Darwish",
            "Mansour",
            "Al-Khatib",
            "Hamdan",
            "Sabbagh",
            "Othman",
        ],
        single_name: 2,
    },
    Origin {
        nationality: "Eritrese",
        weight: 22,
        male: &["Tesfaye", "Yonas", "Dawit", "Mehari", "Filmon", "Samuel", "Habtom", "Kidane", "Berhane", "Goitom"],
        female: &["Senait", "Helen", "Saba", "Rahel", "Selam", "Luwam", "Freweini", "Mebrat", "Yordanos", "Ruth"],
        family: &[
            "Tesfamariam",
            "Gebremedhin",
            "Haile",
            "Tekle",
            "Ghebreyesus",
            "Woldu",
            "Kahsay",
            "Berhe",
            "Abraha",
            "Mengistu",
        ],
        single_name: 4,
    },
    Origin {
        nationality: "Afghaanse",
        weight: 14,
        male: &["Ahmad", "Mohammad", "Farid", "Jawad", "Hamid", "Nasir", "Rahim", "Sayed", "Zabihullah", "Mustafa"],
        female: &["Fatima", "Zahra", "Maryam", "Nargis", "Shabnam", "Parwana", "Fereshta", "Habiba", "Laila", "Sima"],
        family: &[
            "Ahmadi",
            "Hosseini",
            "Rahimi",
            "Mohammadi",
            "Karimi",
            "Sultani",
            "Noori",
            "Haidari",
            "Jafari",
            "Stanikzai",
        ],
        single_name: 15,
    },
    Origin {
        nationality: "Turkse",
        weight: 14,
        male: &["Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Emre", "Yusuf"],
        female: &["Ayşe", "Fatma", "Emine", "Zeynep", "Elif", "Hatice", "Merve", "Özlem", "Esra", "Büşra"],
        family: &["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan"],
        single_name: 0,
    },
    Origin {
        nationality: "Jemenitische",
        weight: 8,
        male: &["Abdullah", "Mohammed", "Ahmed", "Ali", "Saleh", "Nasser", "Fahd", "Hamza", "Khaled", "Tariq"],
        female: &["Amina", "Fatima", "Huda", "Samira", "Arwa", "Bushra", "Reem", "Hanan", "Salma", "Afrah"],
        family: &[
            "Al-Hakimi",
            "Al-Qadhi",
            "Saleh",
            "Al-Ahdal",
            "Al-Sharabi",
            "Al-Yafei",
            "Al-Zubairi",
            "Ba-Abbad",
            "Al-Maqtari",
            "Al-Eryani",
        ],
        single_name: 3,
    },
    Origin {
        nationality: "Somalische",
        weight: 8,
        male: &["Abdi", "Mohamed", "Ahmed", "Hassan", "Abdirahman", "Ismail", "Omar", "Yusuf", "Abdullahi", "Farah"],
        female: &["Hodan", "Fadumo", "Asha", "Hawa", "Sahra", "Amina", "Ifrah", "Ubah", "Khadra", "Nasra"],
        family: &["Warsame", "Jama", "Abdi", "Farah", "Hussein", "Mohamud", "Ali", "Osman", "Aden", "Nur"],
        single_name: 5,
    },
];

/// A valid BSN (elfproef) derived from a counter below 50 million; distinct counters give
/// distinct numbers.
pub fn synthetic_bsn(counter: u64) -> String {
    // Try the prefix in the lower range; when it has no valid check digit, the same counter in
    // the upper range has one (the first digit rises by 5 at weight 9: the sum moves by 45,
    // which is 1 mod 11, turning the impossible check 10 into 0).
    for base in [10_000_000u64, 60_000_000] {
        let first8 = base + counter % 40_000_000;
        let digits: Vec<u64> = format!("{first8:08}").bytes().map(|b| u64::from(b - b'0')).collect();
        let sum: u64 = digits.iter().enumerate().map(|(i, d)| (9 - i as u64) * d).sum();
        let check = sum % 11;
        if check < 10 {
            return format!("{first8:08}{check}");
        }
    }
    unreachable!("one of the two ranges always has a check digit")
}

/// Generated persons plus the date from which each lives in its municipality.
pub struct Batch {
    pub persons: Vec<PersonRow>,
    pub since: Vec<NaiveDate>,
}

/// Generates about `count` adults in households, over the cohorts of the given years.
/// `index_base` makes identifiers distinct across batches.
pub fn persons(
    rng: &mut Rng,
    count: usize,
    index_base: u64,
    municipalities: &[&str],
    cohort_years: std::ops::RangeInclusive<i32>,
    now: NaiveDateTime,
) -> Batch {
    let total_weight: u64 = ORIGINS.iter().map(|o| o.weight).sum();
    let years: Vec<i32> = cohort_years.collect();
    let mut out = Batch { persons: Vec::with_capacity(count), since: Vec::with_capacity(count) };
    let mut i = 0u64;
    while out.persons.len() < count {
        let mut w = rng.below(total_weight);
        let origin = ORIGINS.iter().find(|o| {
            if w < o.weight {
                true
            } else {
                w -= o.weight;
                false
            }
        });
        let origin = origin.unwrap_or(&ORIGINS[0]);
        let group = match rng.below(100) {
            0..=64 => TargetGroup::Asielstatushouder,
            65..=89 => TargetGroup::Gezinsmigrant,
            _ => TargetGroup::OverigeMigrant,
        };
        let year = *rng.pick(&years);
        let residence =
            NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32).unwrap_or_default();
        let municipality = rng.pick(municipalities).to_string();
        let household = uuid::Uuid::from_u64_pair(0x5EED_0000_0000_0000 | index_base, i).to_string();
        let family = *rng.pick(origin.family);
        let members = if out.persons.len() + 1 < count && rng.chance(40) { 2 } else { 1 };
        for m in 0..members {
            let female = if members == 2 { m == 1 } else { rng.chance(45) };
            let given = *rng.pick(if female { origin.female } else { origin.male });
            let (given, family_name) = if rng.chance(origin.single_name) { ("", given) } else { (given, family) };
            let birth_year = year - 18 - rng.below(40) as i32;
            let (birth_month, birth_day) = match rng.below(100) {
                0..=4 => (None, None),
                5..=14 => (Some(1 + rng.below(12) as i32), None),
                _ => (Some(1 + rng.below(12) as i32), Some(1 + rng.below(28) as i32)),
            };
            let n = index_base + i;
            let id = uuid::Uuid::from_u64_pair(0x0192_0000_7000_8000 | (index_base & 0xFFFF), n).to_string();
            out.persons.push(PersonRow {
                id,
                v_nummer: Some(format!("{:010}", 1_000_000_000 + n)),
                bsn: (!rng.chance(15)).then(|| synthetic_bsn(n)),
                given_names: given.to_string(),
                family_name: family_name.to_string(),
                search_key: search_key(given, family_name),
                birth_year,
                birth_month,
                birth_day,
                nationality: origin.nationality.to_string(),
                target_group: group.code().to_string(),
                regime: Regime::for_residence_date(residence).code().to_string(),
                residence_date: Some(residence),
                municipality_code: municipality.clone(),
                case_worker_id: None,
                household_id: household.clone(),
                postcode: None,
                iban: None,
                status: "open".into(),
                version: 1,
                created_at: now,
                updated_at: now,
            });
            out.since.push(residence);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_bsns_are_valid_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for c in 0..20_000 {
            let b = synthetic_bsn(c);
            assert!(regie_domain::Bsn::parse(&b).is_ok(), "{b}");
            assert!(seen.insert(b));
        }
    }

    #[test]
    fn generation_is_deterministic_and_complete() {
        let now = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let a = persons(&mut Rng::new(7), 500, 0, &["GM0361", "GM0399"], 2022..=2026, now);
        let b = persons(&mut Rng::new(7), 500, 0, &["GM0361", "GM0399"], 2022..=2026, now);
        assert_eq!(a.persons.len(), 500);
        assert_eq!(
            a.persons.iter().map(|p| &p.id).collect::<Vec<_>>(),
            b.persons.iter().map(|p| &p.id).collect::<Vec<_>>()
        );
        assert!(a.persons.iter().any(|p| p.given_names.is_empty()), "some persons have one name only");
        assert!(a.persons.iter().any(|p| p.birth_day.is_none()), "some birth days are unknown");
    }
}
