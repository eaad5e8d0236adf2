//! The demo team and one login per role, for `capa demo` and the tests.

use capa_store::{Actor, NewUser, Role, Store, StoreError, TeamId};

mod history;

/// The demo team: a New Zealand CAMHS team of twelve with the seed's real plan among them.
pub const TEAM_FILE: &str = include_str!("../../../examples/demo-team.toml");

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The bundled team file is wrong (a bug).
    #[error("the demo team does not read: {0}")]
    TeamFile(String),
    /// The database refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The demo accounts: username, display name, role (None: administrator).
pub const USERS: [(&str, &str, Option<&str>); 5] = [
    ("admin", "Demo administrator", None),
    ("lead", "Fiona Smith (team lead)", Some("team-lead")),
    ("clinician", "Tui Rangi (clinician)", Some("clinician")),
    (
        "booking",
        "Demo booking administrator",
        Some("booking-administrator"),
    ),
    ("viewer", "Demo viewer", Some("viewer")),
];

/// Loads the demo team and its accounts into a store. Existing demo accounts
/// get the given password again, so the command can be run twice.
pub async fn load(store: &Store, password: &str) -> Result<TeamId, DemoError> {
    let tf = capa_io::team_file::parse(TEAM_FILE, "demo-team.toml")
        .map_err(|e| DemoError::TeamFile(e.to_string()))?;
    let name = tf.team.settings.name.clone();
    let team = match store.find_team(&name).await? {
        Some(id) => id,
        None => store.create_team(Actor::System, &tf.team).await?,
    };
    let stored = store.load_stored_team(team).await?;
    let seed_clinician = stored
        .team
        .clinicians
        .iter()
        .position(|c| c.initials.as_str() == "TR")
        .map(|i| stored.clinician_ids[i])
        .ok_or_else(|| DemoError::TeamFile("the demo team has no clinician TR".into()))?;
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(|e| DemoError::TeamFile(e.to_string()))?;
    for (username, display, role) in USERS {
        let id = match store.login_credentials(username).await? {
            Some((user, _)) => {
                store
                    .set_password_hash(Actor::System, user.id, &hash)
                    .await?;
                user.id
            }
            None => {
                store
                    .create_user(
                        Actor::System,
                        &NewUser {
                            username,
                            display_name: display,
                            password_hash: &hash,
                            is_admin: role.is_none(),
                        },
                    )
                    .await?
            }
        };
        let role = match role {
            None => continue,
            Some("team-lead") => Role::TeamLead,
            Some("clinician") => Role::Clinician(seed_clinician),
            Some("booking-administrator") => Role::BookingAdministrator,
            Some(_) => Role::Viewer,
        };
        store.set_membership(Actor::System, id, team, role).await?;
    }
    Ok(team)
}

/// Fills the demo team's diaries as of the clock's `now`: public holidays;
/// published Partnership offers and Choice slots for the previous, current
/// and next quarter; the previous quarter's families seen and the current
/// quarter's so far (see [`history`]: DNAs, re-offers, an under-target
/// clinician, a leaver, a new starter without a job plan, a high caseload);
/// and some families booked ahead. Does nothing when the team already has
/// appointments.
pub async fn populate_diary(
    store: &Store,
    team: TeamId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, DemoError> {
    populate_history(store, team, now, 1).await
}

/// [`populate_diary`] with `past` quarters of history before the current
/// one instead of one (the monitor's benchmark asks for three).
pub async fn populate_history(
    store: &Store,
    team: TeamId,
    now: chrono::DateTime<chrono::Utc>,
    past: u32,
) -> Result<usize, DemoError> {
    use capa_core::Quarter;
    use capa_core::diary::nz_public_holidays;
    use capa_store::AppointmentQuery;

    let stored = store.load_stored_team(team).await?;
    let today = stored.team.settings.time_zone.today(now);
    if !store
        .appointments(
            team,
            &AppointmentQuery {
                limit: Some(1),
                ..AppointmentQuery::default()
            },
        )
        .await?
        .is_empty()
    {
        return Ok(0);
    }
    let year = chrono::Datelike::year(&today);
    for y in (year - 1 - past as i32 / 4)..=(year + 1) {
        for (day, name) in nz_public_holidays(y) {
            store.add_holiday(Actor::System, team, day, name).await?;
        }
    }
    let q = Quarter::containing(today, stored.team.settings.year_start_month);
    history::set_leaver(store, &stored, q).await?;
    let stored = store.load_stored_team(team).await?;
    let mut quarters = vec![q];
    for _ in 0..past {
        let earliest = quarters[0].previous();
        quarters.insert(0, earliest);
    }
    let mut published = 0;
    for quarter in quarters.iter().copied().chain([q.next()]) {
        published += history::publish_quarter(store, &stored, quarter, q).await?;
    }
    history::families(store, &stored, &quarters, now).await?;
    history::add_new_starter(store, team, q, today).await?;
    Ok(published)
}
