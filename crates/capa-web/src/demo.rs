//! The demo team and one login per role, for `capa demo` and the tests.

use capa_store::{Actor, NewUser, Role, Store, StoreError, TeamId};

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

/// Fills the demo team's diaries for the current and next quarter, as of the
/// clock's `now`: public holidays, published Partnership offers and Choice
/// slots, past appointments attended (one DNA'd and waiting to be
/// re-offered), and some families booked ahead. Does nothing when the team
/// already has appointments.
pub async fn populate_diary(
    store: &Store,
    team: TeamId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, DemoError> {
    use capa_core::Quarter;
    use capa_core::diary::proposal::SlotKind;
    use capa_core::diary::{Outcome, nz_public_holidays};
    use capa_store::{AppointmentQuery, ClientKey};

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
    for y in [year - 1, year, year + 1] {
        for (day, name) in nz_public_holidays(y) {
            store.add_holiday(Actor::System, team, day, name).await?;
        }
    }
    let q = Quarter::containing(today, stored.team.settings.year_start_month);
    let map = |e: crate::error::AppError| DemoError::TeamFile(e.to_string());
    let mut published = 0;
    for quarter in [q, q.next()] {
        for index in 0..stored.team.clinicians.len() {
            let mut kinds = vec![SlotKind::Core, SlotKind::Choice];
            kinds.extend(
                stored
                    .team
                    .settings
                    .stream_names()
                    .into_iter()
                    .map(SlotKind::Specific),
            );
            for kind in kinds {
                let (proposal, existing) =
                    crate::diary::proposal_for(store, &stored, index, quarter, kind.clone())
                        .await
                        .map_err(map)?;
                let chosen: Vec<_> = proposal
                    .suggested
                    .iter()
                    .map(|i| proposal.candidates[*i].clone())
                    .collect();
                published += chosen.len();
                crate::diary::publish(
                    store,
                    Actor::System,
                    &stored,
                    crate::diary::DiaryOf {
                        index,
                        quarter,
                        kind: &kind,
                    },
                    &existing,
                    &chosen,
                )
                .await
                .map_err(map)?;
            }
        }
    }
    // Families: past Partnership offers were booked and attended; a quarter of
    // the coming ones are booked. Local references only: no NHIs in a demo.
    let offers = store
        .appointments(
            team,
            &AppointmentQuery {
                quarter: Some(q),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let mut n = 0;
    let mut dna_done = false;
    for (i, a) in offers.iter().enumerate() {
        let past = a.starts_at < now;
        if !past && i % 4 != 0 {
            continue;
        }
        n += 1;
        let key = ClientKey::local(&format!("AV-{n:04}"))?;
        let client = store
            .find_or_create_client(Actor::System, team, &key, None, None)
            .await?;
        store.book(Actor::System, a.id, client.id, None).await?;
        if past {
            let outcome = if !dna_done
                && a.clinician_initials == "TR"
                && a.kind != capa_store::AppointmentKind::Choice
            {
                dna_done = true;
                Outcome::Dna
            } else {
                Outcome::Attended
            };
            store.record_outcome(Actor::System, a.id, outcome).await?;
        }
    }
    Ok(published)
}
