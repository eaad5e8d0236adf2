//! The discrete-event engine: an event calendar ordered by time, and a loop
//! that hands each event to a model in turn.
//!
//! Events at the same moment come out in the order they were scheduled, so a
//! run is a pure function of the model and its random numbers: nothing
//! depends on the heap's internal layout or on the machine.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A model the engine can run: it reacts to each event, and may schedule more.
pub trait Model {
    /// What can happen.
    type Event;

    /// Handles one event at time `now`, scheduling any that follow from it.
    fn handle(&mut self, now: f64, event: Self::Event, calendar: &mut Calendar<Self::Event>);
}

struct Entry<E> {
    time: f64,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Entry<E> {
    /// Reversed, so that the max-heap yields the earliest event first; ties
    /// go to the one scheduled first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// The event calendar: what happens next, and when.
pub struct Calendar<E> {
    heap: BinaryHeap<Entry<E>>,
    seq: u64,
    now: f64,
}

impl<E> Default for Calendar<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Calendar<E> {
    /// An empty calendar at time 0.
    pub fn new() -> Self {
        Self {
            heap: BinaryHeap::new(),
            seq: 0,
            now: 0.0,
        }
    }

    /// Empties the calendar and puts the clock back to 0, keeping its memory
    /// for the next replication.
    pub fn reset(&mut self) {
        self.heap.clear();
        self.seq = 0;
        self.now = 0.0;
    }

    /// The time of the event being handled (or of the last one).
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Schedules an event at `time`. A time in the past is taken as now: the
    /// clock never runs backwards.
    pub fn schedule(&mut self, time: f64, event: E) {
        let time = if time < self.now { self.now } else { time };
        self.heap.push(Entry {
            time,
            seq: self.seq,
            event,
        });
        self.seq += 1;
    }

    /// Schedules an event `delay` after now.
    pub fn schedule_in(&mut self, delay: f64, event: E) {
        self.schedule(self.now + delay, event);
    }

    /// Events still to happen.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether nothing is left to happen.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// The time of the next event, if any.
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time)
    }

    fn pop(&mut self) -> Option<(f64, E)> {
        let e = self.heap.pop()?;
        self.now = e.time;
        Some((e.time, e.event))
    }
}

/// Runs the model until the calendar is empty or the next event lies after
/// `until`; returns the number of events handled. The clock ends at the last
/// event handled (events after `until` stay in the calendar).
pub fn run_until<M: Model>(model: &mut M, calendar: &mut Calendar<M::Event>, until: f64) -> u64 {
    let mut handled = 0;
    while calendar.peek_time().is_some_and(|t| t <= until) {
        let Some((now, event)) = calendar.pop() else {
            break;
        };
        model.handle(now, event, calendar);
        handled += 1;
    }
    handled
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Log(Vec<(f64, &'static str)>);

    impl Model for Log {
        type Event = &'static str;
        fn handle(&mut self, now: f64, event: &'static str, calendar: &mut Calendar<&'static str>) {
            self.0.push((now, event));
            if event == "a" {
                calendar.schedule_in(1.0, "after a");
                calendar.schedule(0.0, "in the past");
            }
        }
    }

    #[test]
    fn events_come_in_time_order_then_scheduling_order() {
        let mut cal = Calendar::new();
        cal.schedule(2.0, "b");
        cal.schedule(1.0, "a");
        cal.schedule(2.0, "b2");
        cal.schedule(5.0, "late");
        let mut log = Log(Vec::new());
        assert_eq!(run_until(&mut log, &mut cal, 4.0), 5);
        assert_eq!(
            log.0,
            [
                (1.0, "a"),
                (1.0, "in the past"),
                (2.0, "b"),
                (2.0, "b2"),
                (2.0, "after a"),
            ]
        );
        assert_eq!(cal.len(), 1);
        assert_eq!(cal.now(), 2.0);
        cal.reset();
        assert!(cal.is_empty());
        assert_eq!(cal.now(), 0.0);
    }
}
