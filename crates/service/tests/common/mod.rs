//! What the service test files share: a store of the engine the suite runs on with the demo
//! region in it, and actors for the demo's users.
#![allow(dead_code)] // each test file uses its own part of this

use regie_domain::Role;
use regie_service::{Actor, Clock, Config, ServiceError, Services};
use regie_store::testdb::TestDb;
use std::collections::BTreeMap;

pub struct Env {
    pub s: Services,
    _db: TestDb,
}

/// Services over a fresh database holding the demo region (password hashing kept cheap).
pub fn env() -> Env {
    let db = TestDb::new();
    let config = Config { argon2_memory_kib: 1024, argon2_iterations: 1, ..Config::default() };
    let s = Services::start(db.store(), config, Clock::default()).unwrap();
    regie_service::demo::create_demo(&s).unwrap();
    Env { s, _db: db }
}

/// A demo user acting in one role for some municipalities.
pub fn actor(s: &Services, username: &str, role: Role, codes: &[&str]) -> Actor {
    let user = s.store.read(|c| regie_store::users::find_by_username(c, username)).unwrap().unwrap();
    let mut a = Actor::system("test");
    a.user_id = Some(user.id);
    a.label = username.to_string();
    a.roles = BTreeMap::from([(role, codes.iter().map(|c| c.to_string()).collect())]);
    a
}

/// The demo case worker of Alkmaar.
pub fn klantmanager(s: &Services) -> Actor {
    actor(s, "klantmanager", Role::Klantmanager, &["GM0361"])
}

/// Records today as the day the person's case was housed (out of a COA case manager's sight).
#[allow(dead_code)] // not every test binary houses someone
pub fn house(s: &Services, person_id: &str) {
    let today = s.clock.today();
    s.store
        .write(|c| {
            let mut case = regie_store::cases::get(c, person_id)?.unwrap();
            let version = case.version;
            case.housed_on = Some(today);
            case.version += 1;
            regie_store::cases::update(c, &case, version)?;
            Ok(())
        })
        .unwrap();
}

/// The message of a refused step (a conflict); panics on anything else.
pub fn conflict(r: Result<impl std::fmt::Debug, ServiceError>) -> String {
    match r {
        Err(ServiceError::Conflict(m)) => m,
        other => panic!("expected a refused step, got {other:?}"),
    }
}

/// The fields of a refusal for bad input; panics on anything else.
pub fn fields(r: Result<impl std::fmt::Debug, ServiceError>) -> Vec<String> {
    match r {
        Err(ServiceError::Invalid(f)) => f.into_iter().map(|f| f.field).collect(),
        other => panic!("expected bad input, got {other:?}"),
    }
}
