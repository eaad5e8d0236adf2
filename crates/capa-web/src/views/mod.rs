//! Views: askama templates and the structs that feed them, one module per
//! page (named after it). Views format figures capa-core computed; they
//! compute none. No view field is a tuple: templates read named fields.

pub mod account;
pub mod audit;
pub mod chrome;
pub mod clinicians;
pub mod controls;
pub mod diary;
pub mod editor;
pub mod error;
pub mod figures;
pub mod files;
pub mod format;
pub mod home;
pub mod login;
pub mod markdown;
pub mod members;
pub mod method;
pub mod print;
pub mod settings;
pub mod skills;
pub mod team_plan;
pub mod users;
pub mod year;
