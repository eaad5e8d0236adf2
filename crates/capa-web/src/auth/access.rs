//! What a user may do in one team. Every permission is a [`Permission`], and
//! the rule for each is written once, in [`Access::may`]; pages hide what a
//! role may not do by asking the same methods the handlers check with.

use capa_store::{ClinicianId, Role, Store, TeamId, TeamSummary};

use crate::auth::CurrentUser;
use crate::error::AppError;

/// Something a user may or may not do in a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Plan the team: settings, clinicians' details, members, holidays,
    /// imports, the audit log, anyone's job plan and offers.
    PlanTeam,
    /// Change this clinician's job plan, publish their offers, enter their
    /// leave, and keep their calendar feeds.
    ActFor(ClinicianId),
    /// Publish offers for anyone at all (a planner, or a clinician for themselves).
    PublishSome,
    /// Book families in, record outcomes, re-offer, keep the managed list.
    Book,
    /// Correct a wrong outcome of this clinician's appointment: the
    /// clinician themselves, or a lead.
    CorrectFor(ClinicianId),
}

impl Permission {
    /// What the user is told when refused.
    pub fn refusal(self) -> &'static str {
        match self {
            Self::PlanTeam => "only the team lead or an administrator can change this",
            Self::ActFor(_) => {
                "you can change only your own job plan, offers, leave and calendar; the team lead can change anyone's"
            }
            Self::PublishSome => "only clinicians and team leads publish offers",
            Self::Book => "a viewer cannot book, record outcomes or change the managed list",
            Self::CorrectFor(_) => {
                "only the clinician of the appointment or the team lead can correct its outcome"
            }
        }
    }
}

/// A user's standing in one team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// The team.
    pub team: TeamId,
    /// Administrators may do everything in every team.
    pub admin: bool,
    /// The user's role in the team, if a member.
    pub role: Option<Role>,
}

impl Access {
    /// The user's access to a team: members and administrators only; to
    /// anyone else the team does not exist.
    pub async fn of(store: &Store, user: &CurrentUser, team: TeamId) -> Result<Self, AppError> {
        let role = store.membership(user.user.id, team).await?;
        if role.is_none() && !user.user.is_admin {
            return Err(AppError::NotFound(
                "no such team, or you are not a member of it".into(),
            ));
        }
        Ok(Self {
            team,
            admin: user.user.is_admin,
            role,
        })
    }

    /// The teams a user sees, with their role's name: every team for an
    /// administrator, their memberships for anyone else.
    pub async fn visible_teams(
        store: &Store,
        user: &CurrentUser,
    ) -> Result<Vec<(TeamSummary, String)>, AppError> {
        Ok(if user.user.is_admin {
            store
                .teams()
                .await?
                .into_iter()
                .map(|t| (t, "administrator".to_string()))
                .collect()
        } else {
            store
                .memberships(user.user.id)
                .await?
                .into_iter()
                .map(|m| {
                    (
                        TeamSummary {
                            id: m.team_id,
                            name: m.team_name,
                        },
                        m.role.id().to_string(),
                    )
                })
                .collect()
        })
    }

    /// Whether the user may: the one place each rule is written.
    pub fn may(&self, p: Permission) -> bool {
        let plans = self.admin || self.role == Some(Role::TeamLead);
        match p {
            Permission::PlanTeam => plans,
            Permission::ActFor(c) | Permission::CorrectFor(c) => {
                plans || self.role == Some(Role::Clinician(c))
            }
            Permission::PublishSome => plans || matches!(self.role, Some(Role::Clinician(_))),
            Permission::Book => {
                plans
                    || matches!(
                        self.role,
                        Some(Role::Clinician(_) | Role::BookingAdministrator)
                    )
            }
        }
    }

    /// Refuses unless the user may.
    pub fn require(&self, p: Permission) -> Result<(), AppError> {
        if self.may(p) {
            Ok(())
        } else {
            Err(AppError::Forbidden(p.refusal().into()))
        }
    }

    /// Team leads and administrators plan the team.
    pub fn may_plan_team(&self) -> bool {
        self.may(Permission::PlanTeam)
    }

    /// Whether the user may change this clinician's plan, publish their
    /// offers, enter their leave and keep their calendar.
    pub fn may_act_for(&self, clinician: ClinicianId) -> bool {
        self.may(Permission::ActFor(clinician))
    }

    /// Whether the user may publish offers for anyone.
    pub fn may_publish(&self) -> bool {
        self.may(Permission::PublishSome)
    }

    /// Whether the user may book, record outcomes, re-offer and keep the managed list.
    pub fn may_book(&self) -> bool {
        self.may(Permission::Book)
    }

    /// Whether the user may correct the outcome of this clinician's appointment.
    pub fn may_correct_for(&self, clinician: ClinicianId) -> bool {
        self.may(Permission::CorrectFor(clinician))
    }

    /// The user's own clinician record in the team, if they are a clinician.
    pub fn own_clinician(&self) -> Option<ClinicianId> {
        match self.role {
            Some(Role::Clinician(c)) => Some(c),
            _ => None,
        }
    }

    /// The role as the API names it (`administrator` for an administrator
    /// who is not a member).
    pub fn role_id(&self) -> &'static str {
        self.role.map_or("administrator", |r| r.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(admin: bool, role: Option<Role>) -> Access {
        Access {
            team: TeamId(1),
            admin,
            role,
        }
    }

    #[test]
    fn each_role_may_what_the_method_gives_it() {
        let me = ClinicianId(7);
        let other = ClinicianId(8);
        let lead = access(false, Some(Role::TeamLead));
        let clinician = access(false, Some(Role::Clinician(me)));
        let booking = access(false, Some(Role::BookingAdministrator));
        let viewer = access(false, Some(Role::Viewer));
        let admin = access(true, None);
        for a in [lead, admin] {
            assert!(a.may_plan_team() && a.may_act_for(other) && a.may_book() && a.may_publish());
        }
        assert!(
            !clinician.may_plan_team()
                && clinician.may_act_for(me)
                && !clinician.may_act_for(other)
        );
        assert!(clinician.may_book() && clinician.may_publish());
        assert!(booking.may_book() && !booking.may_publish() && !booking.may_act_for(me));
        assert!(!viewer.may_book() && !viewer.may_publish() && !viewer.may_plan_team());
        assert_eq!(
            viewer.require(Permission::Book).unwrap_err().to_string(),
            Permission::Book.refusal()
        );
    }
}
