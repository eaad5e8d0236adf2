//! The discrete-event engine: an event calendar ordered by time, and a loop
//! that hands each event to a model in turn.
//!
//! Events at the same moment come out in the order they were scheduled, so a
//! run is a pure function of the model and its random numbers: nothing
//! depends on the heap's internal layout or on the machine.
//!
//! Time is a type parameter: continuous models use `f64`, the CAPA model
//! whole minutes in a `u32`, whose calendar orders events by one `u64`
//! comparison (time and sequence packed together).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A clock reading the calendar can order.
pub trait Time: Copy + PartialOrd + Default {
    /// Orders (time, sequence) pairs: by time, then sequence.
    type Key: Ord + Copy;

    /// The key of an event at this time, scheduled `seq`-th.
    fn key(self, seq: u64) -> Self::Key;

    /// The time a key holds.
    fn time_of(key: Self::Key) -> Self;
}

impl Time for f64 {
    type Key = (u64, u64);

    /// IEEE 754's total order as an unsigned integer, then the sequence.
    fn key(self, seq: u64) -> (u64, u64) {
        let bits = self.to_bits();
        let ordered = if bits >> 63 == 1 {
            !bits
        } else {
            bits | (1 << 63)
        };
        (ordered, seq)
    }

    fn time_of((ordered, _): (u64, u64)) -> f64 {
        let bits = if ordered >> 63 == 1 {
            ordered & !(1 << 63)
        } else {
            !ordered
        };
        f64::from_bits(bits)
    }
}

impl Time for u32 {
    type Key = u64;

    /// Time in the high half, sequence in the low: one replication of the
    /// CAPA model schedules far fewer than 2^32 events.
    fn key(self, seq: u64) -> u64 {
        debug_assert!(seq < 1 << 32, "more than 2^32 events in one run");
        (u64::from(self) << 32) | (seq & 0xffff_ffff)
    }

    fn time_of(key: u64) -> u32 {
        (key >> 32) as u32
    }
}

/// A model the engine can run: it reacts to each event, and may schedule more.
pub trait Model {
    /// What can happen.
    type Event;
    /// The clock's type.
    type Time: Time;

    /// Handles one event at time `now`, scheduling any that follow from it.
    fn handle(
        &mut self,
        now: Self::Time,
        event: Self::Event,
        calendar: &mut Calendar<Self::Event, Self::Time>,
    );
}

/// A pending event: its key (which holds its time) and what it is. Small, so
/// the heap moves little.
struct Entry<E, T: Time> {
    key: T::Key,
    event: E,
}

impl<E, T: Time> PartialEq for Entry<E, T> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<E, T: Time> Eq for Entry<E, T> {}

impl<E, T: Time> PartialOrd for Entry<E, T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E, T: Time> Ord for Entry<E, T> {
    /// Reversed, so that the max-heap yields the earliest event first; ties
    /// go to the one scheduled first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// The event calendar: what happens next, and when.
pub struct Calendar<E, T: Time = f64> {
    heap: BinaryHeap<Entry<E, T>>,
    /// The pending event of the one process that keeps exactly one event
    /// pending (arrivals): ordered with the rest by its key, but kept out of
    /// the heap, which then does a third less work.
    lane: Option<Entry<E, T>>,
    seq: u64,
    now: T,
}

impl<E, T: Time> Default for Calendar<E, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E, T: Time> Calendar<E, T> {
    /// An empty calendar at time 0.
    pub fn new() -> Self {
        Self {
            heap: BinaryHeap::new(),
            lane: None,
            seq: 0,
            now: T::default(),
        }
    }

    /// Empties the calendar and puts the clock back to 0, keeping its memory
    /// for the next replication.
    pub fn reset(&mut self) {
        self.heap.clear();
        self.lane = None;
        self.seq = 0;
        self.now = T::default();
    }

    /// The time of the event being handled (or of the last one).
    pub fn now(&self) -> T {
        self.now
    }

    /// Schedules an event at `time`. A time in the past is taken as now: the
    /// clock never runs backwards.
    pub fn schedule(&mut self, time: T, event: E) {
        let time = if time < self.now { self.now } else { time };
        self.heap.push(Entry {
            key: time.key(self.seq),
            event,
        });
        self.seq += 1;
    }

    /// Schedules the next event of the calendar's lane: for a process that
    /// keeps one event pending and schedules its next when it comes (such as
    /// arrivals). It comes out exactly where [`Calendar::schedule`] would
    /// have put it; a lane event not yet come when another is scheduled
    /// joins the others.
    pub fn schedule_lane(&mut self, time: T, event: E) {
        let time = if time < self.now { self.now } else { time };
        let entry = Entry {
            key: time.key(self.seq),
            event,
        };
        self.seq += 1;
        if let Some(old) = self.lane.replace(entry) {
            self.heap.push(old);
        }
    }

    /// Events still to happen.
    pub fn len(&self) -> usize {
        self.heap.len() + usize::from(self.lane.is_some())
    }

    /// Whether nothing is left to happen.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the lane's event comes before the heap's first.
    fn lane_first(&self) -> bool {
        match (&self.lane, self.heap.peek()) {
            (Some(l), Some(h)) => l.key < h.key,
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// The time of the next event, if any.
    pub fn peek_time(&self) -> Option<T> {
        if self.lane_first() {
            self.lane.as_ref().map(|e| T::time_of(e.key))
        } else {
            self.heap.peek().map(|e| T::time_of(e.key))
        }
    }

    fn pop(&mut self) -> Option<(T, E)> {
        let e = if self.lane_first() {
            self.lane.take()?
        } else {
            self.heap.pop()?
        };
        self.now = T::time_of(e.key);
        Some((self.now, e.event))
    }
}

impl<E> Calendar<E, f64> {
    /// Schedules an event `delay` after now.
    pub fn schedule_in(&mut self, delay: f64, event: E) {
        self.schedule(self.now + delay, event);
    }
}

/// Runs the model until the calendar is empty or the next event lies after
/// `until`; returns the number of events handled. The clock ends at the last
/// event handled (events after `until` stay in the calendar).
pub fn run_until<M: Model>(
    model: &mut M,
    calendar: &mut Calendar<M::Event, M::Time>,
    until: M::Time,
) -> u64 {
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
        type Time = f64;
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

    #[test]
    fn keys_order_by_time_then_sequence() {
        assert!(0.5f64.key(9) < 1.0f64.key(0));
        assert!(1.0f64.key(1) < 1.0f64.key(2));
        assert!((-1.0f64).key(0) < 0.0f64.key(0));
        assert!(7u32.key(u64::from(u32::MAX)) < 8u32.key(0));
        for t in [0.0, 1.5, 1e9, -2.0] {
            assert_eq!(f64::time_of(t.key(3)), t);
        }
        assert_eq!(u32::time_of(77u32.key(5)), 77);
        // The lane keeps the order `schedule` would give.
        let mut lane: Calendar<u8, u32> = Calendar::new();
        lane.schedule(5, 1);
        lane.schedule_lane(5, 2);
        lane.schedule(4, 3);
        lane.schedule_lane(9, 4);
        lane.schedule(9, 5);
        assert_eq!(lane.len(), 5);
        let order: Vec<u8> = std::iter::from_fn(|| lane.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, [3, 1, 2, 4, 5]);
        let mut cal: Calendar<u8, u32> = Calendar::new();
        cal.schedule(5, 1);
        cal.schedule(3, 2);
        cal.schedule(5, 3);
        let order: Vec<u8> = std::iter::from_fn(|| cal.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, [2, 1, 3]);
    }
}
