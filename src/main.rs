//! The `crowdgraph` command; everything lives in the library.

// A GraphQL answer is built from many small, short-lived allocations (one per field and
// value); mimalloc serves them markedly faster than the system allocator (bench/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    crowdgraph::cli::main()
}
