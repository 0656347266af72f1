//! `regie serve` as a service manager runs it: started, used, and stopped with SIGTERM. A stop
//! finishes what was asked before it, and every read the server answered is in the audit log
//! afterwards (reads are audited by a background writer, so a stop that skipped it would lose
//! them). On SQLite by default, on PostgreSQL with TEST_DATABASE_URL.
#![cfg(unix)]

use regie_store::audit::AuditFilter;
use regie_store::testdb::TestDb;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

fn regie(db: &str, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_regie"))
        .args(args)
        .env("REGIE_DATABASE_URL", db)
        .env("REGIE_LOG", "warn")
        .output()
        .expect("run regie");
    assert!(out.status.success(), "regie {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// One HTTP/1.1 request on its own connection; the status code and the body.
fn request(addr: SocketAddr, path: &str, token: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

/// The server process; killed if the test ends before it stopped, and its log shown then.
struct Server {
    child: Child,
    log: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.child.kill().ok();
            self.child.wait().ok();
        }
        if std::thread::panicking() {
            eprintln!("server log:\n{}", std::fs::read_to_string(&self.log).unwrap_or_default());
        }
        std::fs::remove_file(&self.log).ok();
    }
}

/// Waits until the server, started on port 0, has logged the address the system gave it and
/// answers `/healthz` there; that address. (A port probed free beforehand could be taken by
/// another process before the server binds it.)
fn wait_ready(server: &mut Child, log: &std::path::Path) -> SocketAddr {
    let start = Instant::now();
    let mut addr = None;
    loop {
        assert!(server.try_wait().expect("poll server").is_none(), "the server exited during start-up");
        if addr.is_none() {
            addr = std::fs::read_to_string(log).unwrap_or_default().lines().find_map(served_address);
        }
        if let Some(addr) = addr {
            if matches!(request(addr, "/healthz", ""), Ok((200, _))) {
                return addr;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(60), "/healthz did not answer within 60 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The address in the server's JSON log line `serving`.
fn served_address(line: &str) -> Option<SocketAddr> {
    let entry: serde_json::Value = serde_json::from_str(line).ok()?;
    let fields = entry.get("fields")?;
    if fields.get("message")?.as_str()? != "serving" {
        return None;
    }
    fields.get("address")?.as_str()?.parse().ok()
}

fn wait_exit(server: &mut Child, within: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = server.try_wait().expect("poll server") {
            return status;
        }
        if start.elapsed() > within {
            server.kill().ok();
            panic!("the server did not stop within {within:?} of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigterm_stops_the_server_cleanly_and_every_answered_read_is_audited() {
    let db = TestDb::new();
    regie(&db.url, &["seed", "--scale", "60"]);
    let token =
        regie(&db.url, &["token", "create", "--name", "serve", "--role", "klantmanager", "--municipality", "GM0361"]);
    let token = String::from_utf8_lossy(&token.stdout).lines().last().unwrap_or_default().trim().to_string();
    let store = regie_store::Store::open(&db.url).expect("open");
    let person = store
        .read(|c| regie_store::persons::list_scoped(c, &["GM0361".to_string()], 0, 1))
        .expect("list")
        .items
        .remove(0)
        .id;
    let reads_of_person = || {
        let filter = AuditFilter { person_id: Some(person.clone()), ..Default::default() };
        let page = store.read(|c| regie_store::audit::search(c, &filter, 0, 1000)).expect("audit search");
        page.items.iter().filter(|r| r.action == "person.read").count()
    };
    assert_eq!(reads_of_person(), 0);

    let unique = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    let log = std::env::temp_dir().join(format!("regie-serve-test-{}-{unique}.log", std::process::id()));
    let child = Command::new(env!("CARGO_BIN_EXE_regie"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("REGIE_DATABASE_URL", &db.url)
        .env("REGIE_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("server log file"))
        .spawn()
        .expect("start regie serve");
    let mut server = Server { child, log };
    let addr = wait_ready(&mut server.child, &server.log);

    const READS: usize = 25;
    for _ in 0..READS {
        let (status, body) = request(addr, &format!("/api/v1/persons/{person}"), &token).expect("read");
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(&person), "{body}");
    }
    // At once, while the last reads' records may still wait in the writer's queue (it gathers
    // them for up to 50 ms). Whether any still wait depends on the machine's speed, so the
    // clean exit is what shows the stop was graceful; the count shows nothing was lost.
    let killed = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().expect("run kill");
    assert!(killed.success());
    let status = wait_exit(&mut server.child, Duration::from_secs(60));
    assert!(status.success(), "a stop on SIGTERM is a clean exit, not {status:?}");
    let log = std::fs::read_to_string(&server.log).unwrap_or_default();
    assert!(log.contains("audit records written"), "{log}");

    assert_eq!(reads_of_person(), READS, "every answered read is in the audit log");
    let verified = regie(&db.url, &["audit", "verify"]);
    assert!(String::from_utf8_lossy(&verified.stdout).trim_end().ends_with("records verified"));
}
