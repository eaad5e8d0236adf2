//! Seeds the monitor benchmark's database (`bench/monitor.sh`): the demo team
//! grown to 15 clinicians (three more with AD's plan and skills), with three
//! past quarters of diary history and the current quarter so far, as of
//! now; then prints the team's id and an API token of the team lead.
//!
//!   cargo run --release -p capa-web --example monitor_fixture -- sqlite://PATH

use capa_store::{Actor, Store};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args()
        .nth(1)
        .ok_or("usage: monitor_fixture sqlite://PATH")?;
    let store = Store::open(&url).await?;
    let team = capa_web::demo::load(&store, "bench-password").await?;
    let stored = store.load_stored_team(team).await?;
    let ad = stored
        .team
        .clinicians
        .iter()
        .find(|c| c.initials.as_str() == "AD")
        .ok_or("the demo team has no AD")?
        .clone();
    for (initials, name) in [("BA", "Bench A"), ("BB", "Bench B"), ("BC", "Bench C")] {
        let mut c = ad.clone();
        c.initials = capa_core::Initials::parse(initials)?;
        c.name = name.into();
        store.add_clinician(Actor::System, team, &c).await?;
    }
    let now = chrono::Utc::now();
    capa_web::demo::populate_history(&store, team, now, 3).await?;
    let (user, _) = store
        .login_credentials("lead")
        .await?
        .ok_or("no lead account")?;
    let (_, token) = store
        .create_api_token(Actor::System, user.id, "monitor benchmark")
        .await?;
    let clinicians = store.load_stored_team(team).await?.team.clinicians.len();
    eprintln!("seeded: {clinicians} clinicians, 4 quarters");
    println!("{} {token}", team.0);
    store.close().await;
    Ok(())
}
