//! The `regie` binary: web application, background worker and command line in one.
//! It only parses arguments and wires the crates together; every action is a service call.

use clap::{Parser, Subcommand};
use regie_service::{admin, audit, demo, Actor, Clock, Config, Services, Store};
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "regie", version, about = "Regie: regionaal platform voor de Wet inburgering 2021")]
struct Cli {
    /// Database: a SQLite file path, or postgres://… for PostgreSQL.
    #[arg(long, env = "REGIE_DATABASE_URL", default_value = "regie.db", global = true)]
    database_url: String,
    /// Log filter (tracing syntax), e.g. `info` or `regie=debug`.
    #[arg(long, env = "REGIE_LOG", default_value = "info", global = true)]
    log: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "REGIE_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Public base URL (for links and the OpenAPI servers entry).
    #[arg(long, env = "REGIE_PUBLIC_URL")]
    public_url: Option<String>,
    /// Send cookies without the Secure attribute (plain-HTTP test harnesses only).
    #[arg(long, env = "REGIE_INSECURE_COOKIES", default_value_t = false)]
    insecure_cookies: bool,
    /// Minutes without activity after which a session ends.
    #[arg(long, env = "REGIE_SESSION_IDLE_MINUTES", default_value_t = 30)]
    session_idle_minutes: i64,
    /// Smallest count shown in aggregate figures.
    #[arg(long, env = "REGIE_MIN_CELL_SIZE", default_value_t = 5)]
    min_cell_size: i64,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application and run the background worker.
    Serve(ServeArgs),
    /// Migrate, create the demo region when the database is empty, print the accounts, serve.
    Demo(ServeArgs),
    /// Apply pending database migrations.
    Migrate,
    /// Add N synthetic persons (for benchmarks); creates the demo region first if needed.
    Seed {
        #[arg(long)]
        scale: usize,
    },
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Write an online, consistent backup of the database to FILE.
    Backup { file: String },
    /// Import files from partners.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Ontzorging payment runs.
    #[command(subcommand)]
    Payments(PaymentsCommand),
}

#[derive(Subcommand)]
enum PaymentsCommand {
    /// Draft the run of a month for the user's municipalities (or show the existing one).
    Draft {
        #[arg(long)]
        month: String,
        /// The finance user who drafts.
        #[arg(long = "as")]
        user: String,
    },
    /// Approve the draft run of a month; must be another finance user than the drafter.
    Approve {
        #[arg(long)]
        month: String,
        #[arg(long = "as")]
        user: String,
    },
    /// Write the SEPA file (pain.001.001.03) of the approved run of a month.
    Sepa {
        #[arg(long)]
        month: String,
        #[arg(long = "as")]
        user: String,
        #[arg(long)]
        out: String,
    },
    /// Check the ledger: every plan paid exactly once per month, and the bookings add up.
    Verify,
    /// Add N active plans with four fixed costs each (for benchmarks and tests), for households
    /// of asielstatushouders that have none; MONTH is then their first full month.
    Seed {
        #[arg(long)]
        plans: usize,
        #[arg(long)]
        month: String,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// COA koppelingen from a CSV (semicolon-separated; UTF-8 or Windows-1252) or XLSX file.
    /// Every row is checked first; then all rows are applied, or none. Already registered
    /// V-nummers are skipped, so a file can safely be imported twice.
    Koppelingen {
        file: String,
        /// Only check the file; store nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Providers' hours (urenopgave) from a CSV or XLSX file with the columns vnummer and/or
    /// bsn, aanbieder, onderdeel, periode_van, periode_tot, uren_aanwezig, uren_gepland and
    /// keurmerk. Every row is checked first; then all rows are recorded, or none. A period
    /// recorded before with the same hours is skipped, so a file can safely be imported twice.
    Uren {
        file: String,
        /// Only check the file; store nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; prints a generated first password unless --password is given.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        organisation: String,
        #[arg(long)]
        role: String,
        #[arg(long = "municipality", required = true)]
        municipalities: Vec<String>,
        #[arg(long, env = "REGIE_NEW_PASSWORD")]
        password: Option<String>,
    },
    /// Block a user; their sessions end at once.
    Disable { username: String },
    /// Remove a user's authenticator; the next login enrols a new one.
    #[command(name = "reset-2fa")]
    Reset2fa { username: String },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token and print it once.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long = "municipality", required = true)]
        municipalities: Vec<String>,
        #[arg(long, default_value = demo::REGIONAL_ORG)]
        organisation: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the whole hash chain; exits non-zero at the first broken link.
    Verify,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&cli.log).unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("regie: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn open(url: &str) -> Result<Services, String> {
    open_with(url, Config::default())
}

fn open_with(url: &str, config: Config) -> Result<Services, String> {
    let store = Store::open(url).map_err(|e| e.to_string())?;
    store.migrate().map_err(|e| e.to_string())?;
    Services::start(store, config, Clock::default()).map_err(|e| format!("{e}"))
}

fn config_for(args: &ServeArgs) -> Config {
    Config { session_idle_minutes: args.session_idle_minutes, min_cell_size: args.min_cell_size, ..Config::default() }
}

fn describe(e: regie_service::ServiceError) -> String {
    match e {
        regie_service::ServiceError::Invalid(fields) => {
            fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("\n")
        }
        other => other.to_string(),
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Migrate => {
            let store = Store::open(&cli.database_url).map_err(|e| e.to_string())?;
            let n = store.migrate().map_err(|e| e.to_string())?;
            println!("{n} migrations applied ({})", store.engine().name());
        }
        Command::Serve(args) => serve(open_with(&cli.database_url, config_for(&args))?, args)?,
        Command::Demo(args) => {
            let services = open_with(&cli.database_url, config_for(&args))?;
            if demo::is_empty(&services).map_err(describe)? {
                demo::create_demo(&services).map_err(describe)?;
                println!("Demoregio aangemaakt.");
            }
            println!("Demo-accounts (wachtwoord voor allemaal: {}):", demo::demo_password());
            for a in demo::ACCOUNTS {
                println!("  {:<22} {}", a.username, a.description);
            }
            println!("Bij de eerste keer inloggen stelt u tweestapsverificatie in (behalve voor 'beleid').");
            println!("Open http://{}/", args.listen);
            serve(services, args)?;
        }
        Command::Seed { scale } => {
            let services = open(&cli.database_url)?;
            let start = std::time::Instant::now();
            let n = demo::seed_scale(&services, scale, |done| {
                if done % 100_000 == 0 {
                    eprintln!("{done} persons");
                }
            })
            .map_err(describe)?;
            services.flush_audit();
            println!("{n} persons seeded in {:.1} s", start.elapsed().as_secs_f64());
        }
        Command::User(cmd) => {
            let services = open(&cli.database_url)?;
            let system = Actor::system("cli");
            match cmd {
                UserCommand::Add { username, name, email, organisation, role, municipalities, password } => {
                    let generated = password.is_none();
                    let password = password.unwrap_or_else(|| regie_service::auth::random_token()[..20].to_string());
                    let input = admin::NewUserInput {
                        username: username.clone(),
                        display_name: name,
                        email,
                        organisation,
                        password: password.clone(),
                        roles: vec![(role, municipalities)],
                        person_id: None,
                    };
                    admin::add_user(&services, &system, &input).map_err(describe)?;
                    println!("Gebruiker {username} aangemaakt.");
                    if generated {
                        println!("Eerste wachtwoord (eenmalig getoond): {password}");
                    }
                }
                UserCommand::Disable { username } => {
                    admin::set_disabled(&services, &system, &username, true).map_err(describe)?;
                    println!("Gebruiker {username} geblokkeerd.");
                }
                UserCommand::Reset2fa { username } => {
                    admin::reset_second_factor(&services, &system, &username).map_err(describe)?;
                    println!("Tweestapsverificatie van {username} hersteld; bij de volgende login stelt de gebruiker die opnieuw in.");
                }
            }
        }
        Command::Token(TokenCommand::Create { name, role, municipalities, organisation }) => {
            let services = open(&cli.database_url)?;
            let token =
                admin::create_token(&services, &Actor::system("cli"), &name, &role, &municipalities, &organisation)
                    .map_err(describe)?;
            println!("{token}");
        }
        Command::Audit(AuditCommand::Verify) => {
            let store = Store::open(&cli.database_url).map_err(|e| e.to_string())?;
            match audit::verify(&store).map_err(describe)? {
                audit::Verification::Intact { records } => println!("{records} records verified"),
                audit::Verification::Broken { seq, reason } => {
                    eprintln!("audit chain broken at record {seq}: {reason}");
                    return Ok(ExitCode::from(2));
                }
            }
        }
        Command::Import(ImportCommand::Koppelingen { file, dry_run }) => {
            let bytes = std::fs::read(&file).map_err(|e| format!("kan {file} niet lezen: {e}"))?;
            let services = open(&cli.database_url)?;
            let actor = regie_service::cases::koppeling::operator_importer(&services).map_err(describe)?;
            match regie_service::cases::koppeling::import_file(&services, &actor, &bytes, dry_run) {
                Ok(r) => {
                    println!("{} rijen gelezen: {} nieuw, {} al aanwezig", r.rows, r.created, r.already_present);
                    if r.dry_run {
                        println!("Alleen gecontroleerd: er is niets opgeslagen.");
                    }
                }
                Err(e) => {
                    eprintln!("Het bestand is niet ingelezen; er is niets opgeslagen.");
                    eprintln!("{}", describe(e));
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Import(ImportCommand::Uren { file, dry_run }) => {
            let bytes = std::fs::read(&file).map_err(|e| format!("kan {file} niet lezen: {e}"))?;
            let services = open(&cli.database_url)?;
            let actor = regie_service::cases::koppeling::operator_as(&services, regie_domain::Role::Klantmanager)
                .map_err(describe)?;
            match regie_service::cases::progress::import::import_hour_file(&services, &actor, &bytes, dry_run) {
                Ok(r) => {
                    println!(
                        "{} rijen gelezen: {} nieuw voor {} personen, {} al aanwezig",
                        r.rows, r.created, r.persons, r.already_present
                    );
                    if r.dry_run {
                        println!("Alleen gecontroleerd: er is niets opgeslagen.");
                    }
                }
                Err(e) => {
                    eprintln!("Het bestand is niet ingelezen; er is niets opgeslagen.");
                    eprintln!("{}", describe(e));
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Payments(cmd) => return payments(&cli.database_url, cmd),
        Command::Backup { file } => {
            let store = Store::open(&cli.database_url).map_err(|e| e.to_string())?;
            backup(&store, &cli.database_url, &file)?;
            println!("backup written to {file}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn payments(url: &str, cmd: PaymentsCommand) -> Result<ExitCode, String> {
    use regie_service::ontzorging::{runs, synth};
    let services = open(url)?;
    let start = std::time::Instant::now();
    let month_run =
        |user: &str, month: &str, status: &str| -> Result<(Actor, regie_service::ontzorging::RunRow), String> {
            let actor = runs::operator(&services, user).map_err(describe)?;
            let run = runs::list(&services, &actor, Some(month))
                .map_err(describe)?
                .into_iter()
                .find(|r| r.status == status)
                .ok_or_else(|| format!("geen betaalrun met status {status} voor {month}"))?;
            Ok((actor, run))
        };
    match cmd {
        PaymentsCommand::Draft { month, user } => {
            let actor = runs::operator(&services, &user).map_err(describe)?;
            let (run, created) = runs::draft(&services, &actor, &month).map_err(describe)?;
            println!(
                "{} {} voor {}: {} plannen, {} betalingen, totaal {}, {} signalen ({:.2} s)",
                if created { "Betaalrun opgesteld" } else { "Bestaande betaalrun" },
                run.id,
                run.month,
                run.plan_count,
                run.line_count,
                regie_domain::Cents(run.total_cents).display_nl(),
                run.signal_count,
                start.elapsed().as_secs_f64()
            );
        }
        PaymentsCommand::Approve { month, user } => {
            let (actor, run) = month_run(&user, &month, "concept")?;
            let run = runs::approve(&services, &actor, &run.id).map_err(describe)?;
            println!("Betaalrun {} goedgekeurd en geboekt ({:.2} s)", run.id, start.elapsed().as_secs_f64());
        }
        PaymentsCommand::Sepa { month, user, out } => {
            let (actor, run) = month_run(&user, &month, "goedgekeurd")?;
            let xml = runs::sepa(&services, &actor, &run.id).map_err(describe)?;
            std::fs::write(&out, &xml).map_err(|e| format!("kan {out} niet schrijven: {e}"))?;
            println!("{} bytes geschreven naar {out} ({:.2} s)", xml.len(), start.elapsed().as_secs_f64());
        }
        PaymentsCommand::Verify => {
            let problems = runs::verify_ledger(&services).map_err(describe)?;
            if !problems.is_empty() {
                for p in &problems {
                    eprintln!("{p}");
                }
                return Ok(ExitCode::from(2));
            }
            println!("ledger in balance");
        }
        PaymentsCommand::Seed { plans, month } => {
            let month = regie_domain::ontzorging::Month::parse(&month).map_err(|e| e.message.to_string())?;
            let n = synth::seed_plans(&services, plans, month).map_err(describe)?;
            println!("{n} plannen toegevoegd ({:.1} s)", start.elapsed().as_secs_f64());
        }
    }
    services.flush_audit();
    Ok(ExitCode::SUCCESS)
}

/// SQLite: a consistent snapshot file via `VACUUM INTO`. PostgreSQL: `pg_dump` in custom
/// format, which reads one consistent snapshot while the application keeps running.
fn backup(store: &Store, url: &str, file: &str) -> Result<(), String> {
    match store.engine() {
        regie_service::Engine::Sqlite => store.backup_sqlite(file).map_err(|e| e.to_string()),
        regie_service::Engine::Postgres => {
            if std::path::Path::new(file).exists() {
                return Err(format!("{file} already exists"));
            }
            let status = std::process::Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--file", file, url])
                .status()
                .map_err(|e| format!("pg_dump could not be started: {e}"))?;
            if status.success() {
                Ok(())
            } else {
                Err(format!("pg_dump failed ({status})"))
            }
        }
    }
}

fn serve(services: Services, args: ServeArgs) -> Result<(), String> {
    let web = regie_web::WebConfig {
        secure_cookies: !args.insecure_cookies,
        public_url: args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.listen)),
        ..Default::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    let served = runtime.block_on(async {
        // Installed before the port opens: every stop asked from then on is a graceful one.
        let stop = stop_signals()?;
        let state = regie_web::AppState::new(services.clone(), web);
        let app = regie_web::router(state);
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        tracing::info!(%address, "serving");
        let worker = tokio::spawn(worker(services.clone()));
        let (stopping_tx, stopping) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            stop.await;
            tracing::info!("stopping: finishing open requests and writing queued audit records");
            let _ = stopping_tx.send(true);
        });
        let asked = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
            let _ = rx.wait_for(|stop| *stop).await;
        };
        let server = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(asked(stopping.clone()));
        // A client that never finishes its request or download must not hold the stop up
        // until the service manager kills the process (and the queued audit records with it).
        let outcome = tokio::select! {
            served = std::future::IntoFuture::into_future(server) => served.map_err(|e| e.to_string()),
            () = async { asked(stopping.clone()).await; tokio::time::sleep(STOP_GRACE).await } => {
                tracing::warn!(grace = ?STOP_GRACE, "connections still open after the stop; closing them");
                Ok(())
            }
        };
        worker.abort();
        outcome
    });
    // Requests cut off above may still be reading in the blocking pool and queue their audit
    // records; they get a moment to end before the queue is written.
    runtime.shutdown_timeout(STOP_GRACE);
    // Reads answered before the stop are audited before the process ends.
    if services.flush_audit_within(AUDIT_FLUSH_LIMIT) {
        tracing::info!("stopped; audit records written");
    } else {
        let lost = services.audit_records_lost();
        tracing::error!(limit = ?AUDIT_FLUSH_LIMIT, lost, "stopped, but not every read-audit record was written");
        served?;
        return Err(if lost > 0 {
            format!("{lost} read-audit records were given up after failed transactions (see the log)")
        } else {
            format!("queued read-audit records could not be written within {AUDIT_FLUSH_LIMIT:?}")
        });
    }
    served
}

/// How long open connections get to finish after a stop is asked, and running requests after that.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(15);
/// How long the queued read-audit records get to be written when the server stops.
const AUDIT_FLUSH_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Listens for the signals that ask the process to stop: Ctrl-C (SIGINT) and SIGTERM, which
/// service managers and container runtimes send; the future resolves at the first. Without a
/// handler SIGTERM would end the process at once, losing the read-audit records still queued
/// and cutting off a batch being written.
#[cfg(unix)]
fn stop_signals() -> Result<impl std::future::Future<Output = ()>, String> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt()).map_err(|e| format!("cannot listen for Ctrl-C: {e}"))?;
    let mut terminate = signal(SignalKind::terminate()).map_err(|e| format!("cannot listen for SIGTERM: {e}"))?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signals() -> Result<impl std::future::Future<Output = ()>, String> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}

/// Background work: ends expired sessions every few minutes.
async fn worker(services: Services) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(300)).await;
        let s = services.clone();
        let _ = tokio::task::spawn_blocking(move || regie_service::auth::purge_expired_sessions(&s)).await;
    }
}
