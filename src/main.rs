//! The `popdoc` binary: parse the command line, run it, map the outcome to an
//! exit code (0 fine, 1 content errors, 2 operational failure).

use clap::Parser;

fn main() {
    let cli = popdoc::cli::Cli::parse();
    let code = match popdoc::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            let mut message = format!("popdoc: {e:#}");
            if let Some(advice) = e
                .chain()
                .find_map(|c| c.downcast_ref::<popdoc::write::WriteError>())
                .and_then(|w| w.advice())
            {
                message.push_str(&format!("\n  tip: {advice}"));
            }
            eprintln!("{}", popdoc::text::terminal_safe(&message));
            2
        }
    };
    std::process::exit(code);
}
