//! iCalendar feeds: a clinician's booked appointments for their calendar
//! program, with times in UTC and stable identifiers so updates replace events.
//!
//! A feed shows a client only by the team's local reference or display label,
//! never by NHI: a calendar program syncs to phones and other services that
//! must not hold health identifiers.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Class, Component, Event, EventLike, EventStatus};

/// One appointment in a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    /// The appointment's id in capa: the event's stable UID is made from it.
    pub id: i64,
    /// What it is, e.g. "Partnership AD3" or "Choice".
    pub title: String,
    /// The family booked, if any.
    pub client: Option<FeedClient>,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Where, if known.
    pub location: Option<String>,
    /// Whether it was cancelled (kept in the feed so calendars remove it).
    pub cancelled: bool,
}

/// The family of an appointment, as the diary knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedClient {
    /// The team's display label for the family, if it has one.
    pub label: Option<String>,
    /// The reference the family was booked under: an NHI or a local reference.
    pub reference: String,
    /// Whether `reference` is an NHI.
    pub is_nhi: bool,
}

impl FeedClient {
    /// What a calendar may show of the family: the label, or the local
    /// reference; never an NHI, which leaves nothing to show.
    pub fn shown(&self) -> Option<&str> {
        self.label
            .as_deref()
            .or((!self.is_nhi).then_some(self.reference.as_str()))
    }
}

/// Text as it may go into a feed: without control characters (CR, LF, NUL,
/// ESC ...) or Unicode line separators. A bare CR or LF would end the
/// content line early, and what follows it could be read as a property of
/// its own; the limits keep such text out of the database, and this keeps it
/// out of feeds whatever is stored.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}'))
        .collect()
}

/// A calendar (RFC 5545 text) of a clinician's appointments. `host` names the
/// server in UIDs (e.g. "capa.example.org"). Every text is written without
/// control characters.
pub fn calendar(name: &str, host: &str, events: &[FeedEvent]) -> String {
    let mut cal = Calendar::new();
    cal.name(&clean(name));
    let host = clean(host);
    for e in events {
        let summary = clean(&match e.client.as_ref().and_then(FeedClient::shown) {
            Some(c) => format!("{}: {c}", e.title),
            None => e.title.clone(),
        });
        let mut event = Event::new();
        event
            .uid(&format!("appointment-{}@{host}", e.id))
            .summary(&summary)
            .starts(e.starts_at)
            .ends(e.ends_at)
            .class(Class::Confidential)
            .status(if e.cancelled {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            });
        if let Some(l) = &e.location {
            event.location(&clean(l));
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn events_have_stable_uids_and_utc_times() {
        let e = FeedEvent {
            id: 42,
            title: "Partnership AD3".into(),
            client: Some(FeedClient {
                label: None,
                reference: "REF-0042".into(),
                is_nhi: false,
            }),
            starts_at: Utc.with_ymd_and_hms(2026, 10, 5, 22, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 10, 5, 23, 0, 0).unwrap(),
            location: Some("Awa Valley clinic".into()),
            cancelled: false,
        };
        let text = calendar("TR appointments", "capa.test", &[e]);
        assert!(text.starts_with("BEGIN:VCALENDAR"));
        assert!(text.contains("UID:appointment-42@capa.test"));
        assert!(text.contains("DTSTART:20261005T220000Z"));
        assert!(text.contains("SUMMARY:Partnership AD3: REF-0042"));
        assert!(text.contains("CLASS:CONFIDENTIAL"));
        assert!(text.contains("\r\n"), "RFC 5545 lines end in CRLF");
    }

    #[test]
    fn control_characters_never_reach_a_feed() {
        let e = FeedEvent {
            id: 7,
            title: "Choice\u{1b}[2J".into(),
            client: Some(FeedClient {
                label: None,
                reference: "REF\r\nDTSTART:19700101T000000Z\rX\0".into(),
                is_nhi: false,
            }),
            starts_at: Utc.with_ymd_and_hms(2026, 10, 5, 22, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 10, 5, 23, 0, 0).unwrap(),
            location: Some("Room\n1\u{2028}".into()),
            cancelled: false,
        };
        let text = calendar("TR\r\nX-INJECTED:1", "capa.test\n", &[e]);
        // Every line ends in CRLF, and no CR or LF stands anywhere else.
        let body = text.replace("\r\n", "");
        assert!(!body.contains(['\r', '\n']), "{text:?}");
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\r' && c != '\n')
        );
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Choice[2J: REFDTSTART:19700101T000000ZX\r\n"));
        assert!(unfolded.contains("LOCATION:Room1\r\n"));
        assert!(unfolded.contains("UID:appointment-7@capa.test\r\n"));
        assert!(
            !unfolded
                .lines()
                .any(|l| l.starts_with("DTSTART:1970") || l.starts_with("X-INJECTED"))
        );
    }

    #[test]
    fn never_an_nhi() {
        let nhi = FeedClient {
            label: None,
            reference: "ZZZ0016".into(),
            is_nhi: true,
        };
        assert_eq!(nhi.shown(), None);
        let labelled = FeedClient {
            label: Some("Family A".into()),
            ..nhi.clone()
        };
        assert_eq!(labelled.shown(), Some("Family A"));
        let e = FeedEvent {
            id: 1,
            title: "Choice (TR Choice)".into(),
            client: Some(nhi),
            starts_at: Utc.with_ymd_and_hms(2026, 10, 5, 22, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 10, 5, 23, 0, 0).unwrap(),
            location: None,
            cancelled: false,
        };
        let text = calendar("TR appointments", "capa.test", &[e]);
        assert!(!text.contains("ZZZ0016"));
        assert!(text.contains("SUMMARY:Choice (TR Choice)\r\n"));
    }
}
