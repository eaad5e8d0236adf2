//! A team's time zone: an IANA zone name, checked when it is read, so a
//! misspelt zone is an error where it was written rather than a silent
//! fallback at run time. Converts between the UTC instants the store keeps and
//! the team's local wall-clock times every CAPA rule works in.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone as _, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// A zone of the IANA time-zone database (`Pacific/Auckland`, `Europe/London`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone(chrono_tz::Tz);

/// A zone name that is not in the time-zone database.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("'{0}' is not a time zone; write it like Pacific/Auckland or Europe/London")]
pub struct ZoneError(pub String);

impl Zone {
    /// New Zealand's zone, the default.
    pub const AUCKLAND: Zone = Zone(chrono_tz::Pacific::Auckland);

    /// Reads a zone name as the database spells it (surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Self, ZoneError> {
        let t = text.trim();
        chrono_tz::Tz::from_str(t)
            .map(Zone)
            .map_err(|_| ZoneError(t.to_string()))
    }

    /// The zone's name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// A stored instant as the team's local time.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.0).naive_local()
    }

    /// The team's date at an instant.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        self.local(now).date()
    }

    /// A local time as the instant to store. In a daylight-saving gap the
    /// time an hour later is taken, at an overlap the earlier: sessions are
    /// never at 2-3 a.m. anyway.
    pub fn utc(&self, at: NaiveDateTime) -> DateTime<Utc> {
        self.0
            .from_local_datetime(&at)
            .earliest()
            .or_else(|| {
                self.0
                    .from_local_datetime(&(at + TimeDelta::hours(1)))
                    .earliest()
            })
            .map_or_else(|| Utc.from_utc_datetime(&at), |t| t.with_timezone(&Utc))
    }

    /// The instant a local day starts.
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        self.utc(day.and_time(chrono::NaiveTime::MIN))
    }
}

impl Default for Zone {
    fn default() -> Self {
        Self::AUCKLAND
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Zone {
    type Err = ZoneError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Zone::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_checked_when_read() {
        assert_eq!(
            Zone::parse(" Europe/London ").unwrap().name(),
            "Europe/London"
        );
        assert_eq!(Zone::parse("Pacific/Auckland").unwrap(), Zone::AUCKLAND);
        assert_eq!(
            Zone::parse("Europe/Londn").unwrap_err().to_string(),
            "'Europe/Londn' is not a time zone; write it like Pacific/Auckland or Europe/London"
        );
    }

    #[test]
    fn local_times_round_trip_through_utc() {
        let z = Zone::AUCKLAND;
        let local = NaiveDate::from_ymd_opt(2026, 10, 5)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let at = z.utc(local);
        assert_eq!(
            at.to_rfc3339(),
            "2026-10-04T20:00:00+00:00",
            "NZDT is UTC+13"
        );
        assert_eq!(z.local(at), local);
        assert_eq!(z.today(at), local.date());
        // 2:30 on 27 September 2026 does not exist in Auckland (clocks go forward).
        let gap = NaiveDate::from_ymd_opt(2026, 9, 27)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(z.local(z.utc(gap)).format("%H:%M").to_string(), "03:30");
    }
}
