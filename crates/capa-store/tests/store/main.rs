//! The store's test suite. Every test runs on SQLite, and also on PostgreSQL
//! when `CAPA_TEST_DATABASE_URL` names a server (CI sets it; unreachable
//! fails), each time in a fresh database of its own.

mod assessments;
mod attempts;
mod audit;
mod backup;
mod clients;
mod demand;
mod diary;
mod diary_calendar;
mod diary_crash;
mod diary_load;
mod diary_next;
mod diary_rules;
mod forecast;
mod import;
mod job_plans;
mod monitor;
mod review;
mod schema;
mod support;
mod teams;
mod tokens;
mod upgrade;
mod users;
