//! Payment runs survive a crash at any moment. The `regie` process drafting or approving a
//! month's run is killed (SIGKILL) at random moments, many times; after each round the step is
//! completed by running it again. Afterwards every plan is paid exactly once for each month, no
//! month has a second live run, and the ledger balances (`regie payments verify`).
//! On SQLite by default, on PostgreSQL with TEST_DATABASE_URL.

use regie_store::testdb::TestDb;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn regie(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regie"))
        .args(args)
        .env("REGIE_DATABASE_URL", db)
        .env("REGIE_LOG", "warn")
        .output()
        .expect("run regie")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Starts `regie` and kills it after `after`, unless it finished first.
fn killed_after(db: &str, args: &[&str], after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regie"))
        .args(args)
        .env("REGIE_DATABASE_URL", db)
        .env("REGIE_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn regie");
    let start = Instant::now();
    while start.elapsed() < after {
        if child.try_wait().expect("wait").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().ok();
    child.wait().ok();
    true
}

/// A small deterministic generator (the seed is printed, so a failure can be replayed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

fn month_code(offset: i32) -> String {
    let today = chrono::Utc::now().date_naive();
    regie_domain::ontzorging::Month::of(today).plus(offset).code()
}

#[test]
fn killed_runs_and_approvals_pay_every_plan_exactly_once() {
    let db = TestDb::new();
    let url = db.url.clone();
    let seeded = regie(&url, &["seed", "--scale", "2500"]);
    assert!(seeded.status.success(), "{}", text(&seeded));
    // Plans starting five months ago: the months below are full months for all of them.
    let plans = regie(&url, &["payments", "seed", "--plans", "400", "--month", &month_code(-4)]);
    assert!(plans.status.success(), "{}", text(&plans));

    // How long a complete draft takes here, to spread the kills over its whole life.
    let months = [month_code(-4), month_code(-3), month_code(-2)];
    let t0 = Instant::now();
    let first = regie(&url, &["payments", "draft", "--month", &months[0], "--as", "financien"]);
    assert!(first.status.success(), "{}", text(&first));
    let span = (t0.elapsed().as_millis() as u64 * 3 / 2).max(50);
    let reject = regie(&url, &["payments", "sepa", "--month", &months[0], "--as", "financien", "--out", "/dev/null"]);
    assert!(!reject.status.success(), "no SEPA file before approval");

    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    let mut rng = Lcg(seed);
    let mut kills = 0;
    for month in &months {
        for _ in 0..6 {
            let draft = ["payments", "draft", "--month", month.as_str(), "--as", "financien"];
            kills += killed_after(&url, &draft, Duration::from_millis(rng.next(span))) as u32;
            let approve = ["payments", "approve", "--month", month.as_str(), "--as", "financien.controle"];
            kills += killed_after(&url, &approve, Duration::from_millis(rng.next(span))) as u32;
        }
        // The restart completes whatever is left.
        let d = regie(&url, &["payments", "draft", "--month", month, "--as", "financien"]);
        assert!(d.status.success(), "seed {seed}: {}", text(&d));
        let a = regie(&url, &["payments", "approve", "--month", month, "--as", "financien.controle"]);
        let approved_already = text(&a).contains("geen betaalrun met status concept");
        assert!(a.status.success() || approved_already, "seed {seed}: {}", text(&a));
    }
    // Repeating a finished step is quick, so most later attempts finish before their kill.
    assert!(kills >= 3, "seed {seed}: only {kills} processes were killed before finishing");

    let verify = regie(&url, &["payments", "verify"]);
    assert!(verify.status.success(), "seed {seed}: {}", text(&verify));

    // Exactly one live run per month, approved, and every seeded plan paid once in each month.
    let store = regie_store::Store::open(&url).expect("open");
    for month in &months {
        let runs = store.read(|c| regie_store::ontzorging::list_runs(c, Some(month))).expect("runs");
        let live: Vec<_> = runs.iter().filter(|r| r.status != "verworpen").collect();
        assert_eq!(live.len(), 1, "seed {seed}: one live run for {month}: {runs:?}");
        assert_eq!(live[0].status, "goedgekeurd");
        let lines = store.read(|c| regie_store::ontzorging::lines_of_run(c, &live[0].id)).expect("lines");
        let mut paid_plans: Vec<&str> =
            lines.iter().filter(|l| l.kind == "inburgeraar").map(|l| l.plan_id.as_str()).collect();
        let n = paid_plans.len();
        paid_plans.sort_unstable();
        paid_plans.dedup();
        assert_eq!(n, paid_plans.len(), "seed {seed}: a plan paid twice in {month}");
        assert!(n >= 400, "seed {seed}: every seeded plan paid in {month} ({n})");
    }
    let audit = regie(&url, &["audit", "verify"]);
    assert!(audit.status.success(), "seed {seed}: {}", text(&audit));
}
