//! A team's rows, read and written in layers, each using only those below it:
//! [`team`] (settings, streams, the team lock), [`job_plan`] (versions and
//! cells), [`clinician`] (details, skills, streams, and their plans), and
//! [`whole`] (the whole team read back and checked). The `impl Store` methods
//! in `teams.rs`, `clinicians.rs`, `job_plans.rs` and `import.rs` sit on top;
//! `module_graph` (a test in `lib.rs`) keeps the store's modules free of
//! import cycles.

pub(crate) mod clinician;
pub(crate) mod job_plan;
pub(crate) mod team;
pub(crate) mod whole;
