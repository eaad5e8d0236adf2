//! The matrix's fixture: the callers signed in, and the ids their cases act on.

use super::*;

/// A stored demand analysis of the demo's report, made as an upload makes one.
pub(super) async fn stored_demand(app: &App) -> i64 {
    let mut o = capa_io::discharge::DischargeOptions::new(
        app.today(),
        capa_core::demand::DemandSettings::default(),
    );
    o.threads = 0;
    let bytes = crate::demand::REPORT.as_bytes().to_vec();
    let a = capa_io::discharge::analyse_csv(std::io::Cursor::new(bytes), None, o).unwrap();
    let figures = capa_core::demand::StoredDemand::from_report(&a.report, a.rows, 0);
    let file = capa_store::UploadedFile {
        name: "report.csv".into(),
        size: 1,
        sha256: "0".repeat(64),
    };
    app.store
        .save_demand_analysis(Actor::System, app.team, &file, &figures, app.now)
        .await
        .unwrap()
        .0
}

pub async fn account(app: &App, username: &str, role: Option<Role>, team: TeamId) -> i64 {
    let id = app
        .store
        .create_user(
            Actor::System,
            &NewUser {
                username,
                display_name: username,
                password_hash: &password_hash(),
                is_admin: false,
            },
        )
        .await
        .unwrap();
    if let Some(role) = role {
        app.store
            .set_membership(Actor::System, id, team, role)
            .await
            .unwrap();
    }
    id.0
}

/// `partnership` Core offers and `choice` Choice slots of a clinician that
/// started in the hours before the tests' clock, vacant.
pub async fn past_appointments(
    app: &App,
    clinician: capa_store::ClinicianId,
    partnership: usize,
    choice: usize,
) -> (Vec<AppointmentId>, Vec<AppointmentId>) {
    // Distinct numbers and times however often it is called (numbers count
    // down, so a re-offer, numbered after the highest, takes none of them).
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let base = NEXT.fetch_add(partnership + choice, std::sync::atomic::Ordering::Relaxed);
    let slots = |n: usize, numbered: bool, from: usize| {
        (0..n)
            .map(|k| {
                let at = base + from + k;
                // A minute apart, so however many tests call this first, they
                // all stay on the clock's own (working) morning: at 10
                // minutes apart a late caller's fell on the Sunday before,
                // which the week view does not show.
                let starts = app.now - chrono::Duration::minutes(at as i64 + 1);
                NewSlot {
                    number: numbered.then_some(5000 - at as u32),
                    starts_at: starts,
                    ends_at: starts + chrono::Duration::seconds(30),
                    location: None,
                }
            })
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for (kind, n, from) in [
        (AppointmentKind::Partnership, partnership, 0),
        (AppointmentKind::Choice, choice, partnership),
    ] {
        out.push(
            app.store
                .publish_offers(
                    Actor::System,
                    &NewOffers {
                        clinician,
                        quarter: app.quarter(),
                        kind,
                        slots: slots(n, kind.is_numbered(), from),
                    },
                )
                .await
                .unwrap(),
        );
    }
    let choice = out.pop().unwrap();
    (out.pop().unwrap(), choice)
}

/// The callers, logged in, and what their cases act on.
pub(super) async fn fixture(app: &App) -> (Vec<User>, Fixture) {
    crate::diary::populated(app).await;
    let team = app.team;
    let stored = app.store.load_stored_team(team).await.unwrap();
    let ad = app
        .store
        .find_clinician(team, &Initials::parse("AD").unwrap())
        .await
        .unwrap()
        .unwrap();
    let tr = app
        .store
        .find_clinician(team, &Initials::parse("TR").unwrap())
        .await
        .unwrap()
        .unwrap();
    account(app, "other-clinician", Some(Role::Clinician(ad)), team).await;
    let mut other = capa_io::team_file::parse(capa_web::demo::TEAM_FILE, "other.toml")
        .unwrap()
        .team;
    other.settings.name = "Other Valley CAMHS".into();
    let other_team = app.store.create_team(Actor::System, &other).await.unwrap();
    account(app, "other-team", Some(Role::TeamLead), other_team).await;
    let mut users = Vec::new();
    for who in &WHO[..N - 1] {
        users.push(User::login(app, who).await);
    }
    users.push(User::anonymous(app));

    let vacant = |kind| async move {
        app.store
            .appointments(
                team,
                &AppointmentQuery {
                    states: vec![AppointmentState::Vacant],
                    kind: Some(kind),
                    from: Some(app.now),
                    ..AppointmentQuery::default()
                },
            )
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    let offers = vacant(AppointmentKind::Partnership).await;
    let slots = vacant(AppointmentKind::Choice).await;
    assert!(
        offers.len() >= 6 * N && slots.len() >= 3 * N,
        "enough vacant offers and slots"
    );
    let mut n = 0;
    let mut book = |id: AppointmentId| {
        n += 1;
        let store = app.store.clone();
        async move {
            let key = ClientKey::local(&format!("AV-F{n}")).unwrap();
            let client = store
                .find_or_create_client(Actor::System, team, &key, None, None)
                .await
                .unwrap();
            store
                .book(Actor::System, id, client.id, None)
                .await
                .unwrap();
            id.0
        }
    };
    // Outcomes are recorded once an appointment has started: TR's
    // appointments of the last hours, booked.
    let started = past_appointments(app, tr, 5 * N, 2 * N).await;
    let mut booked = Vec::new();
    for id in &started.0[..2 * N] {
        booked.push(book(*id).await);
    }
    let mut attended = Vec::new();
    for id in &started.0[2 * N..4 * N] {
        let id = book(*id).await;
        app.store
            .record_outcome_at(Actor::System, AppointmentId(id), Outcome::Attended, app.now)
            .await
            .unwrap();
        attended.push(id);
    }
    let mut choice_attended = Vec::new();
    for id in &started.1[N..2 * N] {
        let id = book(*id).await;
        app.store
            .record_outcome_at(Actor::System, AppointmentId(id), Outcome::Attended, app.now)
            .await
            .unwrap();
        choice_attended.push(id);
    }
    let mut dna = Vec::new();
    for id in &offers[4 * N..5 * N] {
        let id = book(*id).await;
        app.store
            .record_outcome(Actor::System, AppointmentId(id), Outcome::Dna)
            .await
            .unwrap();
        dna.push(id);
    }
    let mut choice_booked = Vec::new();
    for id in &started.1[..N] {
        choice_booked.push(book(*id).await);
    }
    let mut holidays = Vec::new();
    let mut leave = Vec::new();
    let mut feeds = Vec::new();
    let mut managed = Vec::new();
    let mut members = Vec::new();
    let mut accounts = Vec::new();
    for i in 0..N {
        let day = chrono::NaiveDate::from_ymd_opt(2031, 4, i as u32 + 2).unwrap();
        holidays.push(
            app.store
                .add_holiday(Actor::System, team, day, "To remove")
                .await
                .unwrap()
                .0,
        );
        let day = chrono::NaiveDate::from_ymd_opt(2031, 6, i as u32 + 2).unwrap();
        leave.push(
            app.store
                .add_leave(Actor::System, tr, day, day)
                .await
                .unwrap()
                .0,
        );
        feeds.push(
            app.store
                .create_calendar_feed(Actor::System, tr)
                .await
                .unwrap()
                .0
                .id
                .0,
        );
        let key = ClientKey::local(&format!("AV-W{i}")).unwrap();
        let client = app
            .store
            .find_or_create_client(Actor::System, team, &key, None, None)
            .await
            .unwrap();
        managed.push(
            app.store
                .add_to_managed_list(
                    Actor::System,
                    team,
                    client.id,
                    "nothing fits",
                    &serde_json::json!({}),
                )
                .await
                .unwrap()
                .0,
        );
        members.push(account(app, &format!("member-{i}"), Some(Role::Viewer), team).await);
    }
    for j in 0..4 * N {
        accounts.push(account(app, &format!("account-{j}"), Some(Role::Viewer), team).await);
    }
    let feed_token = app
        .store
        .create_calendar_feed(Actor::System, tr)
        .await
        .unwrap()
        .1;
    let mut tokens = Vec::new();
    for who in WHO {
        let name = if who == "anonymous" { "lead" } else { who };
        let user = app.store.login_credentials(name).await.unwrap().unwrap().0;
        tokens.push(
            app.store
                .create_api_token(Actor::System, user.id, "matrix")
                .await
                .unwrap()
                .0
                .id
                .0,
        );
    }
    let quarter = app.quarter().next().next();
    let index = stored.clinician_ids.iter().position(|c| *c == tr).unwrap();
    let (proposal, _) =
        capa_web::diary::proposal_for(&app.store, &stored, index, quarter, SlotKind::Core)
            .await
            .unwrap();
    let slot_values = proposal
        .candidates
        .iter()
        .take(N)
        .map(|s| format!("{}|{}|{}", s.date, s.session, s.seat))
        .collect();
    // The file is exported after the leave above is added, so importing it
    // (the import case) keeps the leave the removal cases remove.
    let toml = capa_io::team_file::to_toml(&app.store.load_team(team).await.unwrap());
    let fixture = Fixture {
        team: team.0,
        vacant: offers[..2 * N].iter().map(|a| a.0).collect(),
        booked,
        dna,
        choice_vacant: slots[..2 * N].iter().map(|a| a.0).collect(),
        choice_booked,
        attended,
        choice_attended,
        holidays,
        leave,
        feeds,
        feed_token,
        managed,
        tokens,
        members,
        users: accounts,
        slots: slot_values,
        quarter: quarter.key(),
        today: app.today().to_string(),
        toml,
        assessment: app
            .store
            .create_assessment(Actor::System, team, app.today(), None)
            .await
            .unwrap()
            .id
            .0,
        demand: stored_demand(app).await,
        dbt_stream: app
            .store
            .streams(team)
            .await
            .unwrap()
            .iter()
            .find(|s| s.stream.name == "DBT")
            .unwrap()
            .id
            .0,
    };
    (users, fixture)
}
