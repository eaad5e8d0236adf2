//! `capa user add`: accounts and their roles in teams, from the command line
//! (the first administrator, above all); `capa user password`: setting one's password.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, Result, bail};
use capa_core::Initials;
use capa_store::{Actor, NewUser, PasswordKind, Role};
use clap::{Args, Subcommand};

use crate::database;

/// `capa user` subcommands.
#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account, or give an existing one a role in another team.
    /// The password is read from standard input when it is not a terminal,
    /// otherwise prompted for.
    Add(AddArgs),
    /// Set an account's password (an administrator's reset, or a forgotten
    /// one); every session of the account ends. Read like `add`'s.
    Password(PasswordArgs),
}

/// `capa user password` options.
#[derive(Args)]
pub struct PasswordArgs {
    /// The account's sign-in name.
    username: String,
    /// Database URL (default: the SQLite file `capa serve` uses).
    #[arg(long, env = "CAPA_DATABASE_URL")]
    database_url: Option<String>,
}

/// `capa user add` options.
#[derive(Args)]
pub struct AddArgs {
    /// Sign-in name (letters, digits, . _ - @).
    username: String,
    /// admin, team-lead, clinician, booking (booking administrator) or viewer.
    #[arg(long)]
    role: String,
    /// The team the role is in (all roles but admin).
    #[arg(long)]
    team: Option<String>,
    /// For the clinician role: the clinician's initials in the team.
    #[arg(long)]
    clinician: Option<String>,
    /// Name shown in the interface (default: the username).
    #[arg(long)]
    name: Option<String>,
    /// Database URL (default: the SQLite file `capa serve` uses).
    #[arg(long, env = "CAPA_DATABASE_URL")]
    database_url: Option<String>,
}

fn read_password(username: &str) -> Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {username}: "))?;
        let again = rpassword::prompt_password("Again: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    capa_core::password::check(&password, username)?;
    Ok(password)
}

/// Runs `capa user password`.
async fn set_password(a: PasswordArgs) -> Result<()> {
    let url = database::resolve(a.database_url)?;
    let store = database::open(&url).await?;
    let (user, _) = store
        .login_credentials(&a.username)
        .await?
        .with_context(|| format!("there is no account '{}'", a.username))?;
    let password = read_password(&user.username)?;
    let hash = tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?;
    let ended = store
        .set_password(Actor::System, user.id, &hash, PasswordKind::Chosen, None)
        .await?;
    println!(
        "Set the password of {}; {ended} session(s) ended.",
        user.username
    );
    store.close().await;
    Ok(())
}

/// Runs a user subcommand.
pub async fn run(cmd: UserCommand) -> Result<()> {
    let a = match cmd {
        UserCommand::Add(a) => a,
        UserCommand::Password(a) => return set_password(a).await,
    };
    let role_name = a.role.trim().to_ascii_lowercase();
    let admin = matches!(role_name.as_str(), "admin" | "administrator");
    if !admin
        && ![
            "team-lead",
            "lead",
            "clinician",
            "booking",
            "booking-administrator",
            "viewer",
        ]
        .contains(&role_name.as_str())
    {
        bail!(
            "unknown role '{}'; expected admin, team-lead, clinician, booking or viewer",
            a.role
        );
    }
    let url = database::resolve(a.database_url)?;
    let store = database::open(&url).await?;
    let team = match (&a.team, admin) {
        (Some(name), _) => Some(
            store
                .find_team(name)
                .await?
                .with_context(|| format!("there is no team named '{name}'"))?,
        ),
        (None, true) => None,
        (None, false) => bail!("the {role_name} role is in a team: add --team NAME"),
    };
    let user = match store.login_credentials(&a.username).await? {
        Some((user, _)) => {
            if admin && !user.is_admin {
                store.set_admin(Actor::System, user.id, true).await?;
            }
            println!(
                "{} exists already; its password is unchanged.",
                user.username
            );
            user.id
        }
        None => {
            let password = read_password(&a.username)?;
            let hash =
                tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?;
            let display = a.name.clone().unwrap_or_else(|| a.username.clone());
            let id = store
                .create_user(
                    Actor::System,
                    &NewUser {
                        username: &a.username,
                        display_name: &display,
                        password_hash: &hash,
                        is_admin: admin,
                    },
                )
                .await?;
            println!(
                "Created {}{}.",
                a.username.to_ascii_lowercase(),
                if admin { ", an administrator" } else { "" }
            );
            id
        }
    };
    if let Some(team) = team {
        let role = match role_name.as_str() {
            "team-lead" | "lead" => Role::TeamLead,
            "booking" | "booking-administrator" => Role::BookingAdministrator,
            "clinician" => {
                let initials = a.clinician.as_deref().context(
                    "the clinician role links the account to a clinician: add --clinician INITIALS",
                )?;
                let initials = Initials::parse(initials)?;
                let id = store
                    .find_clinician(team, &initials)
                    .await?
                    .with_context(|| {
                        format!("the team has no clinician with initials {initials}")
                    })?;
                Role::Clinician(id)
            }
            "viewer" => Role::Viewer,
            _ => Role::Viewer,
        };
        if !admin {
            store
                .set_membership(Actor::System, user, team, role)
                .await?;
            println!(
                "{} is {} in {}.",
                a.username.to_ascii_lowercase(),
                role.id(),
                a.team.as_deref().unwrap_or("")
            );
        }
    }
    store.close().await;
    Ok(())
}
