//! Views: askama templates and the structs that feed them. Views format
//! figures that capa-core computed; they compute none.

pub mod chrome;
pub mod diary;
pub mod markdown;
pub mod misc;
pub mod pages;
pub mod plan_editor;
pub mod team_plan;
