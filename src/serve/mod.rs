//! `popdoc serve`: the engine's session rendering into memory, the site
//! answered from there on 127.0.0.1 (another address only with `--bind`),
//! and the pages reloaded after every rebuild. `http.rs` is the server,
//! `overlay.rs` what it adds to pages.

pub mod http;
mod overlay;
mod slots;

use std::sync::Arc;

pub use http::{Access, DEFAULT_PORT, Reload, Server, bind};

use crate::build::memory::Memory;
use crate::build::session::Session;
use crate::build::{Bundles, Engine, Flags, Options};
use crate::cli::ServeArgs;
use crate::diag::Msg;
use crate::watch::{FileEvents, run_loop, say, say_stopped, stop_flag};

/// `popdoc serve`.
pub fn run(flags: &Flags, args: ServeArgs) -> anyhow::Result<i32> {
    let stop = stop_flag();
    let engine = Engine::new(flags)?;
    let lang = engine.lang();
    let events = FileEvents::new(&flags.root.canonicalize()?, args.poll)?;
    let opts = Options {
        drafts: true,
        // Pages first; each PDF is made when asked for.
        defer_pdfs: true,
        bundles: Bundles::Previews,
        keep_last_good: true,
        ..Options::default()
    };
    let memory = Arc::new(Memory::new());
    let mut session = Session::new(engine, opts)?;
    #[cfg(feature = "pdf")]
    memory.set_compiler(session.engine.compiler()?);
    let report = session.first(&*memory)?;
    say(&session, &report);
    let addr = args.bind.unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]));
    let server = Arc::new(bind(addr, args.port.unwrap_or(DEFAULT_PORT))?);
    let local = server.addr();
    if !addr.is_loopback() {
        eprintln!(
            "{}",
            Msg::new("ui-serve-exposed").arg("addr", local).render(lang)
        );
    }
    let url = format!("http://{local}/");
    println!("{}", Msg::new("ui-serving").arg("url", &url).render(lang));
    if args.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let reload = Arc::new(Reload::default());
    let thread = {
        let (server, memory, reload, stop) =
            (server.clone(), memory.clone(), reload.clone(), stop.clone());
        let access = Access {
            allowed_hosts: args.allow_host,
        };
        std::thread::spawn(move || http::serve(server, memory, reload, stop, access))
    };
    run_loop(&mut session, &events, &stop, |session, changes| {
        match session.apply(changes, &*memory) {
            Ok(report) => {
                // A new theme: PDFs made from now on follow it.
                #[cfg(feature = "pdf")]
                if (changes.settings || changes.templates)
                    && let Ok(c) = session.engine.compiler()
                {
                    memory.set_compiler(c);
                }
                say(session, &report);
            }
            // A template error or an unreadable popdoc.toml: the last good
            // output stays, with the error over every page.
            Err(e) => {
                let message = format!("{}: {e:#}", changes.describe(lang));
                eprintln!("[popdoc] {message}");
                memory.fail(message);
            }
        }
        reload.bump();
    });
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    server.unblock();
    let _ = thread.join();
    say_stopped(lang);
    Ok(0)
}
