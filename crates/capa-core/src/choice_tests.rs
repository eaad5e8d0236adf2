//! Choice capacity, with hand-checked cases.

use super::*;
use crate::explain::check::reproduces;
use proptest::prelude::*;

fn cand(initials: &str, fte: f64, does_choice: bool) -> Candidate {
    Candidate {
        initials: Initials::parse(initials).unwrap(),
        fte,
        does_choice,
        in_post_days: 65,
        quarter_days: 65,
        manual: None,
    }
}

fn get(a: &Allocation, i: &str) -> u32 {
    a.per_clinician[&Initials::parse(i).unwrap()]
}

fn share<'a>(a: &'a Allocation, i: &str) -> &'a Share {
    &a.shares[&Initials::parse(i).unwrap()]
}

#[test]
fn need_is_referrals_times_13_rounded_up() {
    assert_eq!(needed_per_quarter(6.0).0, 78);
    assert_eq!(needed_per_quarter(4.5).0, 59);
    assert_eq!(needed_per_quarter(0.0).0, 0);
}

#[test]
fn per_week_beside_per_quarter() {
    assert_eq!(needed_per_week(4.5).0, 4.5);
    // 78 a quarter, one appointment a session, 11.25 weeks: 6.93, so 7 sessions a week.
    let (n, e) = sessions_needed_per_week(78, 1.0, 11.25);
    assert_eq!(n, 7);
    assert_eq!(e.working, "ceil(78 / (1 x 11.25)) = ceil(6.93) = 7");
    assert!(reproduces(&e.working, 7.0).is_ok());
}

#[test]
fn equal_split_breaks_ties_by_fte_then_initials() {
    let c = vec![
        cand("ZB", 0.5, true),
        cand("AD", 0.5, true),
        cand("MK", 1.0, true),
        cand("PT", 1.0, false),
    ];
    let a = allocate(ChoicePolicy::Equal, 8, &c);
    // 8 / 3 = 2.67 each: two remainders go to MK (FTE 1.0), then AD (initials).
    assert_eq!(
        (get(&a, "MK"), get(&a, "AD"), get(&a, "ZB"), get(&a, "PT")),
        (3, 3, 2, 0)
    );
    assert_eq!(a.total, 8);
    assert_eq!(
        share(&a, "MK").explain.working,
        "8 / 3 = 2.67; floor(2.67) + 1 = 3"
    );
    assert_eq!(
        share(&a, "ZB").explain.working,
        "8 / 3 = 2.67; floor(2.67) = 2"
    );
    assert_eq!(share(&a, "PT").explain.working, "opted out of Choice: 0");
    assert_eq!(
        a.explain.working,
        "8 / 3 = 2.67 each; whole parts 2 + 2 + 2 = 6; 8 - 6 = 2 left over, to AD, MK; allocated 2 + 3 + 3 = 8"
    );
    assert!(reproduces(&a.explain.working, 8.0).is_ok());
}

#[test]
fn fte_split_shows_unrounded_shares_and_remainders() {
    // 26 among FTE 1.0 and 0.6: 26 x 1 / 1.6 = 16.25 and 26 x 0.6 / 1.6 = 9.75.
    let c = vec![cand("AA", 1.0, true), cand("BB", 0.6, true)];
    let a = allocate(ChoicePolicy::Fte, 26, &c);
    assert_eq!((get(&a, "AA"), get(&a, "BB")), (16, 10));
    assert_eq!(
        a.explain.working,
        "weights AA 1, BB 0.6 (sum 1.6); unrounded shares AA 16.25, BB 9.75; remainders AA 0.25, BB 0.75; whole parts 16 + 9 = 25; 26 - 25 = 1 left over, to BB; allocated 16 + 10 = 26"
    );
    assert_eq!(
        share(&a, "BB").explain.working,
        "26 x 0.6 / 1.6 = 9.75; floor(9.75) + 1 = 10"
    );
    let a = allocate(
        ChoicePolicy::Fte,
        30,
        &[cand("AA", 1.0, true), cand("BB", 0.5, true)],
    );
    assert_eq!((get(&a, "AA"), get(&a, "BB")), (20, 10));
    assert_eq!(share(&a, "AA").explain.working, "30 x 1 / 1.5 = 20");
}

#[test]
fn a_leavers_split_shows_the_weights() {
    // LV leaves after 20 of 65 working days: weights 65, 65, 20 (sum 150).
    let mut lv = cand("LV", 1.0, true);
    lv.in_post_days = 20;
    let c = vec![cand("AA", 1.0, true), cand("BB", 1.0, true), lv];
    let a = allocate(ChoicePolicy::Equal, 78, &c);
    // 78 x 65 / 150 = 33.8 each for AA and BB; 78 x 20 / 150 = 10.4 for LV.
    assert_eq!((get(&a, "AA"), get(&a, "BB"), get(&a, "LV")), (34, 34, 10));
    assert!(
        a.explain
            .working
            .starts_with("weights AA 65, BB 65, LV 20 (sum 150)")
    );
    assert_eq!(
        share(&a, "LV").explain.working,
        "78 x 20 / 150 = 10.4; floor(10.4) = 10"
    );
    for s in a.shares.values() {
        assert!(reproduces(&s.explain.working, f64::from(s.allocated)).is_ok());
    }
}

#[test]
fn manual_keeps_the_numbers_given() {
    let mut c = vec![cand("AA", 1.0, true), cand("BB", 0.5, false)];
    c[0].manual = Some(12);
    c[1].manual = Some(5);
    let a = allocate(ChoicePolicy::Manual, 30, &c);
    assert_eq!((get(&a, "AA"), get(&a, "BB"), a.total), (12, 0, 12));
    assert_eq!(a.explain.working, "allocated 12 + 0 = 12 of 30 needed");
    assert!(reproduces(&a.explain.working, 12.0).is_ok());
}

#[test]
fn plan_holds_floors_half_an_appointment() {
    // 2 Choice sessions x 1 x 11.25 = 22.5 holds 22, so a 23 allocation is short.
    let f = fit(2, 1.0, 11.25, InPost::whole(65), 23);
    assert_eq!((f.holds, f.fits), (22, false));
    assert_eq!(f.explain.working, "floor(2 x 1 x 11.25) = floor(22.5) = 22");
    assert_eq!(
        f.explain.notes,
        ["plan holds 22 of 23 allocated Choice appointments"]
    );
    let f = fit(1, 1.0, 11.25, InPost::whole(65), 11);
    assert_eq!((f.holds, f.fits), (11, true));
    let f = fit(2, 1.0, 11.25, InPost { days: 20, of: 65 }, 6);
    assert_eq!(
        f.explain.working,
        "floor(2 x 1 x 11.25 x 20/65) = floor(6.92) = 6"
    );
    assert!(reproduces(&f.explain.working, 6.0).is_ok());
}

#[test]
fn weekly_flex_check() {
    // 4.5 a week x 6 + 3 unbooked = 30; 31 vacant is enough, 27 is 3 short.
    let f = flex_check(31, 4.5, 3, 6);
    assert_eq!((f.needed, f.enough), (30.0, true));
    assert_eq!(f.explain.working, "4.5 x 6 + 3 = 30");
    let f = flex_check(27, 4.5, 3, 6);
    assert!(!f.enough);
    assert!(
        f.explain.notes[0].contains("3 short"),
        "{:?}",
        f.explain.notes
    );
    // One slot is said in the singular.
    let f = flex_check(1, 0.0, 0, 6);
    assert_eq!(
        f.explain.notes[0],
        "1 vacant Choice slot in the next 6 weeks: enough"
    );
    let f = flex_check(19, 3.25, 0, 6);
    assert!(
        f.explain.notes[0].contains("about 0.5 short"),
        "{:?}",
        f.explain.notes
    );
}

proptest! {
    #[test]
    fn equal_and_fte_allocations_add_up_exactly(
        need in 0u32..500,
        people in proptest::collection::vec((0.1f64..=1.0, any::<bool>(), 0u32..=65), 1..20),
        by_fte in any::<bool>(),
    ) {
        let letters = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S", "T", "U", "V"];
        let c: Vec<Candidate> = people.iter().enumerate().map(|(i, (fte, does, days))| Candidate {
            initials: Initials::parse(&format!("X{}", letters[i])).unwrap(),
            fte: (fte * 100.0).round() / 100.0,
            does_choice: *does,
            in_post_days: *days,
            quarter_days: 65,
            manual: None,
        }).collect();
        let policy = if by_fte { ChoicePolicy::Fte } else { ChoicePolicy::Equal };
        let a = allocate(policy, need, &c);
        let anyone = c.iter().any(|c| c.does_choice && c.in_post_days > 0);
        prop_assert_eq!(a.total, if anyone { need } else { 0 });
        for c in c.iter().filter(|c| !c.does_choice) {
            prop_assert_eq!(a.per_clinician[&c.initials], 0);
        }
        prop_assert!(reproduces(&a.explain.working, f64::from(a.total)).is_ok(), "{}", a.explain.working);
        for s in a.shares.values() {
            let r = reproduces(&s.explain.working, f64::from(s.allocated));
            prop_assert!(r.is_ok(), "{:?}", r);
        }
    }
}
