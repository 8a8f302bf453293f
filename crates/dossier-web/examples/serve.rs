//! Runs the web app on a database until stopped: `cargo run -p dossier-web --example serve --
//! DB [ADDR]`, for trying the app before the `dossier serve` subcommand exists.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use dossier_web::{serve, write_report, ServeOptions};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve DB [ADDR | --report OUT.html]");
        return ExitCode::from(2);
    };
    let next = args.next();
    if next.as_deref() == Some("--report") {
        let Some(out) = args.next().map(PathBuf::from) else {
            eprintln!("usage: serve DB --report OUT.html");
            return ExitCode::from(2);
        };
        return match write_report(&db, &out) {
            Ok(summary) => {
                eprintln!("wrote {}: {summary:?}", out.display());
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("report: {err}");
                ExitCode::FAILURE
            }
        };
    }
    let addr: SocketAddr = match next.as_deref().unwrap_or("127.0.0.1:8080").parse() {
        Ok(addr) => addr,
        Err(err) => {
            eprintln!("bad address: {err}");
            return ExitCode::from(2);
        }
    };
    match serve(ServeOptions { db, addr }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("serve: {err}");
            ExitCode::FAILURE
        }
    }
}
