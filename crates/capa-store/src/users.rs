//! User accounts and their roles in teams.
//!
//! The store keeps a password only as the PHC string of its hash (the web
//! application hashes with Argon2id); no read function but
//! [`Store::login_credentials`] returns it, and the audit log never records
//! it. Administrator is a property of the account, global to all teams;
//! every other role is held in one team.

use capa_core::limits::{TextField, check_text};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Row, Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, TeamId, UserId};
use crate::rows::team::team_of;
use crate::rows::team::{lock_team, no_team};
use crate::{Store, now};

/// A user account (without its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Row id.
    pub id: UserId,
    /// Sign-in name: lower case, unique.
    pub username: String,
    /// Name shown in the interface and the audit log.
    pub display_name: String,
    /// Whether the user administers capa (all teams, all accounts).
    pub is_admin: bool,
    /// A disabled account cannot sign in or use its tokens.
    pub disabled: bool,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// Signed in with a one-time password an administrator set: until it is
    /// changed, the account may do nothing but change it.
    pub must_change_password: bool,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Sign-in name; stored in lower case.
    pub username: &'a str,
    /// Name shown in the interface.
    pub display_name: &'a str,
    /// The PHC string of the password's hash, e.g. `$argon2id$v=19$...`.
    pub password_hash: &'a str,
    /// Whether the user administers capa.
    pub is_admin: bool,
}

/// Who chose a new password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordKind {
    /// Its owner: it stays until they change it.
    Chosen,
    /// An administrator, for the owner to sign in once with and then change.
    OneTime,
}

/// A user's role in one team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "role", content = "clinician_id")]
pub enum Role {
    /// Plans the team: edits settings, clinicians and every job plan.
    TeamLead,
    /// A clinician of the team, who edits only their own job plan.
    Clinician(ClinicianId),
    /// Books appointments (the diaries).
    BookingAdministrator,
    /// Reads, changes nothing.
    Viewer,
}

impl Role {
    /// The identifier stored and shown: `team-lead`, `clinician`,
    /// `booking-administrator`, `viewer`.
    pub fn id(self) -> &'static str {
        match self {
            Self::TeamLead => "team-lead",
            Self::Clinician(_) => "clinician",
            Self::BookingAdministrator => "booking-administrator",
            Self::Viewer => "viewer",
        }
    }

    fn from_columns(role: &str, clinician: Option<i64>) -> Result<Self> {
        Ok(match (role, clinician) {
            ("team-lead", _) => Self::TeamLead,
            ("clinician", Some(c)) => Self::Clinician(ClinicianId(c)),
            ("booking-administrator", _) => Self::BookingAdministrator,
            ("viewer", _) => Self::Viewer,
            _ => return Err(StoreError::Invalid(format!("unknown role '{role}'"))),
        })
    }

    fn clinician(self) -> Option<ClinicianId> {
        match self {
            Self::Clinician(c) => Some(c),
            _ => None,
        }
    }
}

/// A user's membership of a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The user.
    pub user_id: UserId,
    /// The team.
    pub team_id: TeamId,
    /// The team's name.
    pub team_name: String,
    /// The user's role in it.
    pub role: Role,
}

const USER_COLUMNS: &str =
    "id, username, display_name, is_admin, disabled, created_at, must_change_password";

pub(crate) fn user_from(row: &Row) -> Result<User> {
    Ok(User {
        id: UserId(row.get("id")?),
        username: row.get("username")?,
        display_name: row.get("display_name")?,
        is_admin: row.get("is_admin")?,
        disabled: row.get("disabled")?,
        created_at: row.get("created_at")?,
        must_change_password: row.get("must_change_password")?,
    })
}

/// A username as stored: trimmed, lower case, and only ASCII letters,
/// digits and `. _ - @`, so that both backends compare it alike.
fn username(text: &str) -> Result<String> {
    let name = text.trim().to_ascii_lowercase();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    if name.is_empty() || name.len() > 64 || !name.chars().all(allowed) {
        return Err(StoreError::Invalid(format!(
            "'{}' cannot be a username: use 1 to 64 letters, digits, '.', '_', '-' or '@'",
            text.trim()
        )));
    }
    Ok(name)
}

fn no_user(id: UserId) -> StoreError {
    StoreError::NotFound(format!("no user with id {id}"))
}

async fn read_user(tx: &mut Tx, id: UserId) -> Result<User> {
    let row = tx
        .fetch_optional(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"),
            args![id.0],
        )
        .await?
        .ok_or_else(|| no_user(id))?;
    user_from(&row)
}

fn membership_json(role: Role) -> serde_json::Value {
    json!({ "role": role.id(), "clinician_id": role.clinician() })
}

impl Store {
    /// Creates an account. A username already taken (ignoring case) gives `Conflict`.
    pub async fn create_user(&self, actor: Actor, new: &NewUser<'_>) -> Result<UserId> {
        let name = username(new.username)?;
        check_text(TextField::PersonName, new.display_name.trim())?;
        let mut tx = self.write().await?;
        let id = UserId(
            tx.insert(
                "INSERT INTO users (username, password_hash, display_name, is_admin, disabled, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                args![
                    name.as_str(),
                    new.password_hash,
                    new.display_name.trim(),
                    new.is_admin,
                    false,
                    now()
                ],
            )
            .await
            .map_err(|e| e.conflict_as(|| format!("the username '{name}' is taken")))?,
        );
        let user = read_user(&mut tx, id).await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: None,
                kind: EntityKind::User,
                id: id.0,
                action: Action::Create,
                before: None,
                after: Some(audit_user(&user)),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An account by id.
    pub async fn user(&self, id: UserId) -> Result<User> {
        let mut tx = self.read().await?;
        let user = read_user(&mut tx, id).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Every account, by username.
    pub async fn users(&self) -> Result<Vec<User>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                &format!("SELECT {USER_COLUMNS} FROM users ORDER BY username"),
                args![],
            )
            .await?;
        tx.commit().await?;
        rows.iter().map(user_from).collect()
    }

    /// The account and password hash for a sign-in name (any case), if the
    /// account exists. The caller checks `disabled` and the password.
    pub async fn login_credentials(&self, username: &str) -> Result<Option<(User, String)>> {
        let name = username.trim().to_ascii_lowercase();
        let mut tx = self.read().await?;
        let row = tx
            .fetch_optional(
                &format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = $1"),
                args![name],
            )
            .await?;
        tx.commit().await?;
        row.map(|r| Ok((user_from(&r)?, r.get("password_hash")?)))
            .transpose()
    }

    /// Replaces an account's password hash with one of a password its owner
    /// chose (the command line's `capa user password`): nothing is left to
    /// change at the next sign-in.
    pub async fn set_password_hash(&self, actor: Actor, id: UserId, hash: &str) -> Result<()> {
        self.set_password(actor, id, hash, PasswordKind::Chosen, None)
            .await
            .map(|_| ())
    }

    /// Sets an account's password and ends its browser sessions, but for
    /// `keep` (the cookie of the session that made the change), in one
    /// transaction with the audit record; returns how many sessions ended. A
    /// [`PasswordKind::OneTime`] password must be changed at the next
    /// sign-in. The audit log records which kind was set, never a hash.
    pub async fn set_password(
        &self,
        actor: Actor,
        id: UserId,
        hash: &str,
        kind: PasswordKind,
        keep: Option<&str>,
    ) -> Result<u64> {
        let one_time = kind == PasswordKind::OneTime;
        let mut tx = self.write().await?;
        read_user(&mut tx, id).await?;
        tx.execute(
            "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3",
            args![hash, one_time, id.0],
        )
        .await?;
        let keep = keep.map(crate::secret::session_hash).unwrap_or_default();
        let ended = tx
            .execute(
                "DELETE FROM web_sessions WHERE user_id = $1 AND token_hash <> $2",
                args![id.0, keep],
            )
            .await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: None,
                kind: EntityKind::User,
                id: id.0,
                action: Action::Update,
                before: None,
                after: Some(json!({
                    "password": if one_time { "one-time" } else { "changed" },
                    "sessions_ended": ended,
                })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Changes the name an account shows.
    pub async fn set_display_name(&self, actor: Actor, id: UserId, name: &str) -> Result<()> {
        check_text(TextField::PersonName, name.trim())?;
        self.change_user(actor, id, "display_name", name.trim().into(), audit_user)
            .await
    }

    /// Makes an account an administrator, or not.
    pub async fn set_admin(&self, actor: Actor, id: UserId, is_admin: bool) -> Result<()> {
        self.change_user(actor, id, "is_admin", is_admin.into(), audit_user)
            .await
    }

    /// Disables an account (it can no longer sign in, and its tokens are
    /// revoked, so enabling it again revives none of them), or enables it
    /// again.
    pub async fn set_disabled(&self, actor: Actor, id: UserId, disabled: bool) -> Result<()> {
        self.change_user(actor, id, "disabled", disabled.into(), audit_user)
            .await
    }

    async fn change_user(
        &self,
        actor: Actor,
        id: UserId,
        column: &'static str,
        value: crate::db::Value,
        view: impl Fn(&User) -> serde_json::Value,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let before = read_user(&mut tx, id).await?;
        tx.execute(
            &format!("UPDATE users SET {column} = $1 WHERE id = $2"),
            vec![value, id.0.into()],
        )
        .await?;
        let after = read_user(&mut tx, id).await?;
        if column == "disabled" && after.disabled {
            // Revoked, not merely unusable: enabling the account again starts with no tokens.
            tx.execute(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
                args![crate::now(), id.0],
            )
            .await?;
        }
        let (before, after) = (Some(view(&before)), Some(view(&after)));
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: None,
                kind: EntityKind::User,
                id: id.0,
                action: Action::Update,
                before,
                after,
            },
        )
        .await?;
        tx.commit().await
    }

    /// Gives a user a role in a team, replacing any role they had there. A
    /// clinician role must name a clinician of that team.
    pub async fn set_membership(
        &self,
        actor: Actor,
        user: UserId,
        team: TeamId,
        role: Role,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        read_user(&mut tx, user).await?;
        tx.fetch_optional("SELECT id FROM teams WHERE id = $1", args![team.0])
            .await?
            .ok_or_else(|| no_team(team))?;
        if let Some(clinician) = role.clinician()
            && team_of(&mut tx, clinician).await? != team
        {
            return Err(StoreError::Invalid(format!(
                "clinician {clinician} is not in team {team}"
            )));
        }
        let before = membership_role(&mut tx, user, team).await?;
        if before == Some(Role::TeamLead) && role != Role::TeamLead {
            keep_a_lead(&mut tx, user, team).await?;
        }
        tx.execute(
            "INSERT INTO memberships (user_id, team_id, role, clinician_id) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, team_id) DO UPDATE SET role = excluded.role, clinician_id = excluded.clinician_id",
            args![user.0, team.0, role.id(), role.clinician().map(|c| c.0)],
        )
        .await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Membership,
                id: user.0,
                action: if before.is_some() {
                    Action::Update
                } else {
                    Action::Create
                },
                before: before.map(membership_json),
                after: Some(membership_json(role)),
            },
        )
        .await?;
        tx.commit().await
    }

    /// Takes a user out of a team. `NotFound` if they were not in it.
    pub async fn remove_membership(&self, actor: Actor, user: UserId, team: TeamId) -> Result<()> {
        let mut tx = self.write().await?;
        let before = membership_role(&mut tx, user, team)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {user} is not in team {team}")))?;
        if before == Role::TeamLead {
            keep_a_lead(&mut tx, user, team).await?;
        }
        tx.execute(
            "DELETE FROM memberships WHERE user_id = $1 AND team_id = $2",
            args![user.0, team.0],
        )
        .await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Membership,
                id: user.0,
                action: Action::Delete,
                before: Some(membership_json(before)),
                after: None,
            },
        )
        .await?;
        tx.commit().await
    }

    /// The user's role in a team, if they are in it.
    pub async fn membership(&self, user: UserId, team: TeamId) -> Result<Option<Role>> {
        let mut tx = self.read().await?;
        let role = membership_role(&mut tx, user, team).await?;
        tx.commit().await?;
        Ok(role)
    }

    /// The teams a user is in, by team name.
    pub async fn memberships(&self, user: UserId) -> Result<Vec<Membership>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                "SELECT m.user_id, m.team_id, t.name, m.role, m.clinician_id FROM memberships m \
                 JOIN teams t ON t.id = m.team_id WHERE m.user_id = $1 ORDER BY t.name",
                args![user.0],
            )
            .await?;
        tx.commit().await?;
        rows.iter().map(membership_from).collect()
    }

    /// A team's members with their roles, by username.
    pub async fn team_members(&self, team: TeamId) -> Result<Vec<(User, Role)>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                "SELECT u.id, u.username, u.display_name, u.is_admin, u.disabled, u.created_at, u.must_change_password, \
                 m.role, m.clinician_id FROM memberships m JOIN users u ON u.id = m.user_id \
                 WHERE m.team_id = $1 ORDER BY u.username",
                args![team.0],
            )
            .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                let role = Role::from_columns(&r.get::<String>("role")?, r.get("clinician_id")?)?;
                Ok((user_from(r)?, role))
            })
            .collect()
    }
}

fn audit_user(u: &User) -> serde_json::Value {
    json!({
        "username": u.username,
        "display_name": u.display_name,
        "is_admin": u.is_admin,
        "disabled": u.disabled,
    })
}

fn membership_from(row: &Row) -> Result<Membership> {
    Ok(Membership {
        user_id: UserId(row.get("user_id")?),
        team_id: TeamId(row.get("team_id")?),
        team_name: row.get("name")?,
        role: Role::from_columns(&row.get::<String>("role")?, row.get("clinician_id")?)?,
    })
}

/// Refuses to leave a team without a lead: `user`, a lead of `team`, may stop
/// being one only while another enabled lead remains. The team's row is
/// locked first (PostgreSQL), so two leads demoting each other at once cannot
/// both succeed.
async fn keep_a_lead(tx: &mut Tx, user: UserId, team: TeamId) -> Result<()> {
    lock_team(tx, team).await?;
    let others = tx
        .fetch_optional(
            "SELECT COUNT(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.team_id = $1 AND m.role = 'team-lead' AND m.user_id <> $2 AND u.disabled = $3",
            args![team.0, user.0, false],
        )
        .await?
        .map(|r| r.get::<i64>("n"))
        .transpose()?
        .unwrap_or(0);
    if others == 0 {
        return Err(StoreError::Conflict(
            "this is the team's last lead: make another member team lead first".into(),
        ));
    }
    Ok(())
}

async fn membership_role(tx: &mut Tx, user: UserId, team: TeamId) -> Result<Option<Role>> {
    let row = tx
        .fetch_optional(
            "SELECT role, clinician_id FROM memberships WHERE user_id = $1 AND team_id = $2",
            args![user.0, team.0],
        )
        .await?;
    row.map(|r| Role::from_columns(&r.get::<String>("role")?, r.get("clinician_id")?))
        .transpose()
}
