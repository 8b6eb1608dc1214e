//! The `popdoc` binary: parse the command line, run it, map the outcome to an
//! exit code (0 fine, 1 content errors, 2 operational failure).

use clap::Parser;

fn main() {
    let cli = popdoc::cli::Cli::parse();
    let code = match popdoc::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("popdoc: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
