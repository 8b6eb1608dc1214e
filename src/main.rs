//! The `popdoc` binary: parse the command line (in one language: `--lang`,
//! else `POPDOC_LANG`, else Dutch), run it, map the outcome to an exit code
//! (0 fine, 1 content errors, 2 operational failure).

use clap::FromArgMatches;

// Typst allocates and frees many small objects per document, from several
// threads at once; mimalloc does that with less time and less contention
// than the system allocator (see docs/benchmarks.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let text: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let lang = popdoc::help::lang_of_args(&text);
    // Messages made while the command line is read (a `--today` that is no
    // date) are in its language too.
    popdoc::diag::set_ui_lang(lang);
    let matches = match popdoc::help::command(lang).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                std::process::exit(0);
            }
            eprint!("{}", popdoc::help::error_text(&e, lang));
            std::process::exit(2);
        }
    };
    let cli = match popdoc::cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            eprint!("{}", popdoc::help::error_text(&e, lang));
            std::process::exit(2);
        }
    };
    let code = match popdoc::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", popdoc::app::error_report(&e));
            2
        }
    };
    std::process::exit(code);
}
