//! The what-if form: its fields as query parameters (a forecast changes
//! nothing, so it is a GET and a link can be shared), read into capa-forecast's
//! [`WhatIf`] with each change in words, and written back as the form and as
//! the hidden fields of the apply form.

use capa_core::{Initials, Team, dates::parse_date};
use capa_forecast::model::{Change, SessionKind, WhatIf};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Deserialize;

use crate::views::forecast::{Opt, WhatIfForm};

/// The form's fields, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WhatIfQuery {
    /// Referrals a week.
    #[serde(default)]
    pub referrals: String,
    /// Conversion to Core, percent.
    #[serde(default)]
    pub conversion: String,
    /// Initials of a leaver.
    #[serde(default)]
    pub leaver: String,
    /// Their last day.
    #[serde(default)]
    pub leaver_last_day: String,
    /// Whose sessions move.
    #[serde(default)]
    pub move_clinician: String,
    /// How many.
    #[serde(default)]
    pub move_sessions: String,
    /// From which kind.
    #[serde(default)]
    pub move_from: String,
    /// To which.
    #[serde(default)]
    pub move_to: String,
    /// From when.
    #[serde(default)]
    pub move_date: String,
    /// A colleague whose plan an extra clinician takes, or `blank`.
    #[serde(default)]
    pub extra_like: String,
    /// The extra clinician's first day.
    #[serde(default)]
    pub extra_start: String,
}

/// Longest value a field may hold (dates, initials, numbers, kinds).
const MAX_FIELD: usize = 80;

/// The what-if, the changes in words, and the problems found.
pub struct Read {
    /// The changes.
    pub what_if: WhatIf,
    /// Each change in words.
    pub words: Vec<String>,
    /// Problems, by field.
    pub errors: Vec<String>,
}

fn first_of_next_month(today: NaiveDate) -> NaiveDate {
    let (y, m) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(today)
}

fn kind_value(k: &SessionKind) -> String {
    match k {
        SessionKind::Choice => "choice".into(),
        SessionKind::Core => "core".into(),
        SessionKind::Other => "other".into(),
        SessionKind::Specific(s) => format!("specific:{s}"),
    }
}

fn kind_words(k: &SessionKind) -> String {
    match k {
        SessionKind::Choice => "Choice".into(),
        SessionKind::Core => "Core".into(),
        SessionKind::Other => "other work".into(),
        SessionKind::Specific(s) => format!("Specific ({s})"),
    }
}

fn kinds(team: &Team) -> Vec<SessionKind> {
    let mut k = vec![SessionKind::Core, SessionKind::Choice];
    k.extend(
        team.settings
            .stream_names()
            .into_iter()
            .map(SessionKind::Specific),
    );
    k.push(SessionKind::Other);
    k
}

/// Initials for an extra clinician that nobody in the team has.
fn free_initials(team: &Team) -> String {
    ["NEW", "NC", "XC", "XX", "ZZ"]
        .iter()
        .find(|i| team.clinicians.iter().all(|c| c.initials.as_str() != **i))
        .map_or_else(|| "NEWC".to_string(), |i| (*i).to_string())
}

impl WhatIfQuery {
    fn fields(&self) -> [(&'static str, &String); 11] {
        [
            ("referrals", &self.referrals),
            ("conversion", &self.conversion),
            ("leaver", &self.leaver),
            ("leaver_last_day", &self.leaver_last_day),
            ("move_clinician", &self.move_clinician),
            ("move_sessions", &self.move_sessions),
            ("move_from", &self.move_from),
            ("move_to", &self.move_to),
            ("move_date", &self.move_date),
            ("extra_like", &self.extra_like),
            ("extra_start", &self.extra_start),
        ]
    }

    /// The non-empty fields, for the apply form's hidden inputs and links.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.fields()
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| ((*k).to_string(), v.trim().to_string()))
            .collect()
    }

    /// The fields as a query string (`?a=1&b=2`, or empty).
    pub fn query_string(&self) -> String {
        let pairs = self.pairs();
        if pairs.is_empty() {
            String::new()
        } else {
            format!(
                "?{}",
                serde_urlencoded::to_string(&pairs).unwrap_or_default()
            )
        }
    }

    /// Reads the changes the fields ask for, against the team and today.
    pub fn read(&self, team: &Team, today: NaiveDate) -> Read {
        let mut out = Read {
            what_if: WhatIf::default(),
            words: Vec::new(),
            errors: Vec::new(),
        };
        for (name, value) in self.fields() {
            if value.chars().count() > MAX_FIELD {
                out.errors
                    .push(format!("{name}: at most {MAX_FIELD} characters"));
                return out;
            }
        }
        let date = |field: &str, text: &str, default: NaiveDate, errors: &mut Vec<String>| {
            if text.trim().is_empty() {
                return Some(default);
            }
            let d = parse_date(text.trim());
            if d.is_none() {
                errors.push(format!("{field}: '{text}' is not a date (yyyy-mm-dd)"));
            }
            d
        };
        let who = |text: &str, field: &str, errors: &mut Vec<String>| match Initials::parse(
            text.trim(),
        ) {
            Ok(i) if team.clinicians.iter().any(|c| c.initials == i) => Some(i),
            _ => {
                errors.push(format!("{field}: no clinician '{text}' in the team"));
                None
            }
        };
        let s = &team.settings;
        if !self.referrals.trim().is_empty() {
            match self.referrals.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && (0.0..=1000.0).contains(&v) => {
                    if (v - s.accepted_referrals_per_week).abs() > 1e-9 {
                        out.what_if
                            .changes
                            .push(Change::ReferralsPerWeek { value: v });
                        out.words.push(format!(
                            "{v} accepted referrals a week instead of {}",
                            s.accepted_referrals_per_week
                        ));
                    }
                }
                _ => out
                    .errors
                    .push("Referrals a week: a number from 0 to 1000".into()),
            }
        }
        if !self.conversion.trim().is_empty() {
            match self.conversion.trim().trim_end_matches('%').parse::<f64>() {
                Ok(v) if v.is_finite() && (0.0..=100.0).contains(&v) => {
                    let share = v / 100.0;
                    if (share - s.conversion_to_core).abs() > 1e-9 {
                        out.what_if
                            .changes
                            .push(Change::ConversionToCore { value: share });
                        out.words.push(format!(
                            "{v}% of Choice appointments go on to Core Partnership instead of {:.0}%",
                            s.conversion_to_core * 100.0
                        ));
                    }
                }
                _ => out
                    .errors
                    .push("Choice to Core Partnership: a percentage from 0 to 100".into()),
            }
        }
        let next_month = first_of_next_month(today);
        if !self.leaver.trim().is_empty()
            && let Some(i) = who(&self.leaver, "A clinician leaves", &mut out.errors)
            && let Some(last_day) = date(
                "Last day",
                &self.leaver_last_day,
                next_month - Duration::days(1),
                &mut out.errors,
            )
        {
            out.words.push(format!(
                "{i} leaves, last day {}",
                last_day.format("%d/%m/%Y")
            ));
            out.what_if.changes.push(Change::Leaver {
                clinician: i.to_string(),
                last_day,
            });
        }
        if !self.move_clinician.trim().is_empty() {
            let n: u32 = self.move_sessions.trim().parse().unwrap_or(0);
            let kind = |v: &str| kinds(team).into_iter().find(|k| kind_value(k) == v.trim());
            match (
                who(&self.move_clinician, "Sessions move", &mut out.errors),
                kind(&self.move_from),
                kind(&self.move_to),
            ) {
                (Some(_), _, _) if n == 0 => out
                    .errors
                    .push("Sessions a week: how many sessions move (1 to 10)".into()),
                (Some(i), Some(from), Some(to)) if from != to => {
                    if let Some(d) =
                        date("From the day", &self.move_date, next_month, &mut out.errors)
                    {
                        out.words.push(format!(
                            "{i} moves {n} {} a week from {} to {} from {}",
                            if n == 1 { "session" } else { "sessions" },
                            kind_words(&from),
                            kind_words(&to),
                            d.format("%d/%m/%Y")
                        ));
                        out.what_if.changes.push(Change::MoveSessions {
                            clinician: i.to_string(),
                            from,
                            to,
                            sessions: n.min(10),
                            from_date: Some(d),
                        });
                    }
                }
                (Some(_), Some(_), Some(_)) => out
                    .errors
                    .push("Sessions move: choose two different kinds of session".into()),
                (Some(_), _, _) => out
                    .errors
                    .push("Sessions move: choose the kinds of session".into()),
                (None, _, _) => {}
            }
        }
        if !self.extra_like.trim().is_empty() {
            let like = if self.extra_like.trim() == "blank" {
                Some(None)
            } else {
                who(&self.extra_like, "An extra clinician", &mut out.errors).map(Some)
            };
            if let Some(like) = like
                && let Some(start) =
                    date("First day", &self.extra_start, next_month, &mut out.errors)
            {
                let initials = free_initials(team);
                out.words.push(match &like {
                    Some(l) => format!(
                        "An extra clinician ({initials}) with {l}'s job plan and skills starts on {}",
                        start.format("%d/%m/%Y")
                    ),
                    None => format!(
                        "An extra full-time clinician ({initials}) doing Core work starts on {}",
                        start.format("%d/%m/%Y")
                    ),
                });
                out.what_if.changes.push(Change::ExtraClinician {
                    initials,
                    name: None,
                    start: Some(start),
                    like: like.map(|l| l.to_string()),
                    fte: None,
                });
            }
        }
        out
    }

    /// The form as typed, with the team's clinicians and kinds to choose from.
    pub fn view(
        &self,
        team: &Team,
        today: NaiveDate,
        action: String,
        headroom: String,
    ) -> WhatIfForm {
        let next_month = first_of_next_month(today);
        let people = |chosen: &str, none: &str, extra: Option<(&str, &str)>| {
            let mut o = vec![Opt {
                value: String::new(),
                label: none.into(),
                selected: chosen.trim().is_empty(),
            }];
            if let Some((v, l)) = extra {
                o.push(Opt {
                    value: v.into(),
                    label: l.into(),
                    selected: chosen.trim() == v,
                });
            }
            o.extend(team.clinicians.iter().map(|c| Opt {
                value: c.initials.to_string(),
                label: format!("{} {}", c.initials, c.name),
                selected: chosen.trim() == c.initials.as_str(),
            }));
            o
        };
        let kind_opts = |chosen: &str, default: &str| {
            let chosen = if chosen.trim().is_empty() {
                default
            } else {
                chosen.trim()
            };
            kinds(team)
                .iter()
                .map(|k| Opt {
                    value: kind_value(k),
                    label: kind_words(k),
                    selected: kind_value(k) == chosen,
                })
                .collect()
        };
        let or = |v: &str, d: NaiveDate| {
            if v.trim().is_empty() {
                d.to_string()
            } else {
                v.trim().to_string()
            }
        };
        let s = &team.settings;
        WhatIfForm {
            action,
            headroom_url: headroom,
            referrals: self.referrals.trim().to_string(),
            team_referrals: format!("{} a week", s.accepted_referrals_per_week),
            conversion: self.conversion.trim().to_string(),
            team_conversion: format!("{:.0}%", s.conversion_to_core * 100.0),
            leavers: people(&self.leaver, "Nobody", None),
            leaver_last_day: or(&self.leaver_last_day, next_month - Duration::days(1)),
            movers: people(&self.move_clinician, "Nobody", None),
            move_from: kind_opts(&self.move_from, "core"),
            move_to: kind_opts(&self.move_to, "choice"),
            move_sessions: if self.move_sessions.trim().is_empty() {
                "1".into()
            } else {
                self.move_sessions.trim().to_string()
            },
            move_date: or(&self.move_date, next_month),
            extra_like: people(
                &self.extra_like,
                "Nobody",
                Some(("blank", "Nobody in particular: all Core")),
            ),
            extra_start: or(&self.extra_start, next_month),
            errors: Vec::new(),
        }
    }
}
