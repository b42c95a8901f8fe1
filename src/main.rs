//! The `crowdgraph` command; everything lives in the library.

fn main() -> std::process::ExitCode {
    crowdgraph::cli::main()
}
