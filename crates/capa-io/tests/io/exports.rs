//! The exports: the team job plan workbook read back with calamine, and the
//! SVG charts parsed as XML.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use capa_core::{CapacityReport, PlanningYear, Team, YearReport, capacity, year};
use capa_io::chart::{capacity_chart_svg, year_chart_svg};
use capa_io::team_file;
use capa_io::xlsx::team_job_plan_xlsx;

fn seed() -> Team {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed-team.toml");
    team_file::load(&path).expect("the seed team reads").team
}

fn plan_year() -> PlanningYear {
    PlanningYear::new(2026, 7)
}

fn reports(team: &Team) -> (CapacityReport, YearReport) {
    (
        capacity::quarter(team, plan_year().quarters()[0]),
        year::year(team, plan_year()),
    )
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).expect("the workbook opens")
}

fn workbook(team: &Team, with_year: bool) -> Xlsx<Cursor<Vec<u8>>> {
    let (q, y) = reports(team);
    open(team_job_plan_xlsx(team, &q, with_year.then_some(&y)).expect("the workbook is written"))
}

/// A cell as text: numbers without trailing zeros, empty cells as "".
fn cell(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => capa_core::explain::num(*f, 4),
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => format!("{other:?}"),
    }
}

fn number(r: &Range<Data>, row: u32, col: u32) -> f64 {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

/// The first row whose first cell is `label`.
fn row_of(r: &Range<Data>, label: &str) -> u32 {
    let (rows, _) = r.get_size();
    (0..rows as u32 + r.start().map_or(0, |s| s.0))
        .find(|&i| cell(r, i, 0) == label)
        .unwrap_or_else(|| panic!("no row labelled {label:?}"))
}

/// The column whose header (row 3) is `header`.
fn col_of(r: &Range<Data>, header: &str) -> u32 {
    (0..40)
        .find(|&c| cell(r, 3, c) == header)
        .unwrap_or_else(|| panic!("no column headed {header:?}"))
}

#[test]
fn workbook_has_the_expected_sheets() {
    let team = seed();
    let wb = workbook(&team, true);
    let names = wb.sheet_names();
    assert_eq!(
        names[..4],
        ["Team job plan", "Warnings", "Year", "TR Tui Rangi"]
    );
    assert_eq!(names.len(), 3 + team.clinicians.len());
    assert!(names.contains(&"JW Dr Jo Walker".to_string()));

    let without = workbook(&team, false).sheet_names();
    assert!(!without.contains(&"Year".to_string()));
    assert_eq!(without.len(), 2 + team.clinicians.len());
}

#[test]
fn team_sheet_holds_the_seed_ot_and_the_totals() {
    let mut wb = workbook(&seed(), false);
    let r = wb.worksheet_range("Team job plan").unwrap();
    assert_eq!(cell(&r, 0, 0), "Team job plan: Seed CAMHS (example)");
    let tr = row_of(&r, "TR");
    let at = |h: &str| cell(&r, tr, col_of(&r, h));
    assert_eq!(at("Name"), "Tui Rangi");
    assert_eq!(at("Discipline"), "Occupational therapist");
    assert_eq!(at("FTE"), "1");
    assert_eq!(at("Job plan version"), "1");
    assert_eq!(at("Choice sessions"), "2");
    assert_eq!(at("Core sessions (free included)"), "3");
    assert_eq!(at("Specific sessions: DBT"), "1");
    assert_eq!(at("Specific sessions: OT"), "2");
    assert_eq!(at("Other sessions"), "12");
    assert_eq!(at("Core multiplier"), "3");
    assert_eq!(at("New Core target"), "9");
    assert_eq!(at("New Specific target: OT"), "5");
    assert_eq!(at("Plan holds Choice"), "Yes");
    let jw = row_of(&r, "JW");
    assert_eq!(cell(&r, jw, col_of(&r, "Plan holds Choice")), "Opted out");

    let total = row_of(&r, "Team (6 clinicians)");
    let core = col_of(&r, "New Core target");
    assert_eq!(number(&r, total, core), 54.0);
    assert_eq!(number(&r, total, col_of(&r, "Choice allocation")), 78.0);
    assert_eq!(number(&r, total, col_of(&r, "FTE")), 5.3);
    assert_eq!(cell(&r, total, col_of(&r, "Plan holds Choice")), "Yes");
    let formulas = wb.worksheet_formula("Team job plan").unwrap();
    let f = formulas.get_value((total, core)).expect("a totals formula");
    assert!(f.starts_with("SUM("), "{f}");
}

#[test]
fn team_figures_carry_their_explanations() {
    let mut wb = workbook(&seed(), false);
    let r = wb.worksheet_range("Team job plan").unwrap();
    let demand = row_of(&r, "Core demand (new Core Partnerships needed)");
    assert_eq!(number(&r, demand, 3), 53.04);
    assert!(cell(&r, demand, 6).contains("6 x 13 x 0.68 = 53.04"));
    let needed = row_of(&r, "Choice appointments needed this quarter");
    assert_eq!(number(&r, needed, 3), 78.0);
    let ratio = row_of(
        &r,
        "Balance ratio: new Core per quarter / referrals per week",
    );
    assert_eq!(number(&r, ratio, 3), 9.0);
    assert_eq!(cell(&r, ratio, 4), "8-9");
    assert_eq!(cell(&r, ratio, 5), "within");
    assert!(cell(&r, ratio, 6).contains("54 / 6 = 9"));
    let share = row_of(&r, "Choice + Core share of working sessions");
    assert!((number(&r, share, 3) - 28.0 / 104.0).abs() < 1e-9);
    assert_eq!(cell(&r, share, 4), "30%-40%");
    assert_eq!(cell(&r, share, 5), "below");
    let surplus = row_of(&r, "Surplus (+) or shortfall (-) against Core demand");
    assert!((number(&r, surplus, 3) - 0.96).abs() < 1e-9);
    assert_eq!(cell(&r, surplus, 5), "surplus");
    row_of(&r, "New Core Partnerships offered (team total)");
}

#[test]
fn warnings_sheet_lists_the_quarters_warnings() {
    let mut wb = workbook(&seed(), true);
    let r = wb.worksheet_range("Warnings").unwrap();
    assert_eq!(cell(&r, 2, 2), "What to look at");
    assert_eq!(cell(&r, 3, 0), "2026/27 Q1");
    assert!(cell(&r, 3, 2).contains("not enough Core"));
    assert_eq!(cell(&r, 3, 3), "share-low");
    // The rest of the year follows the quarter's own.
    assert_eq!(cell(&r, 4, 0), "2026/27 Q2");
}

#[test]
fn clinician_sheet_is_laid_out_like_the_seed_template() {
    let mut wb = workbook(&seed(), false);
    let r = wb.worksheet_range("TR Tui Rangi").unwrap();
    assert_eq!(cell(&r, 0, 0), "NAME:");
    assert_eq!(cell(&r, 0, 1), "Tui Rangi (TR)");
    assert_eq!(cell(&r, 1, 0), "JOB PLAN #");
    assert_eq!(cell(&r, 1, 1), "1");
    let days: Vec<String> = (1..=5).map(|c| cell(&r, 3, c)).collect();
    assert_eq!(
        days,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    );
    let row = |i: u32| -> Vec<String> { (0..=5).map(|c| cell(&r, i, c)).collect() };
    assert_eq!(row(4)[0], "Start 08:30-09:00");
    assert_eq!(
        row(5),
        [
            "Session 1\n09:00-10:00",
            "Business meeting",
            "DBT consult",
            "Travel",
            "",
            "Supervision (own)"
        ]
    );
    assert_eq!(row(6)[0], "Wriggle 10:00-11:00");
    assert_eq!(
        row(7),
        [
            "Session 2\n11:00-12:00",
            "",
            "Choice",
            "DBT consult",
            "Travel",
            "Supervision (others)"
        ]
    );
    assert_eq!(row(8)[0], "Lunch 12:00-13:00");
    assert_eq!(
        row(9),
        [
            "Session 3\n13:00-14:00",
            "Choice",
            "DBT group",
            "MDT",
            "",
            "Specific: OT"
        ]
    );
    assert_eq!(row(10)[0], "Wriggle 14:00-15:00");
    assert_eq!(
        row(11),
        [
            "Session 4\n15:00-16:00",
            "OT MTG",
            "DBT group",
            "travel",
            "Specific: DBT",
            "Specific: OT"
        ]
    );
    assert_eq!(row(12)[0], "Small admin 16:00-17:00");

    let choice = row_of(&r, "CHOICE =");
    let (report, _) = reports(&seed());
    assert_eq!(
        number(&r, choice, 1),
        f64::from(report.clinicians[0].choice_allocation)
    );
    let partnership = row_of(&r, "Partnership =");
    assert_eq!(number(&r, partnership, 1), 9.0);
    assert!(cell(&r, partnership, 2).contains("3 x 3 = 9"));
    let specific = row_of(&r, "Specific =");
    assert_eq!(number(&r, specific, 1), 6.0);
    let detail = cell(&r, specific, 2);
    assert!(detail.contains("DBT 1 (1 session a week"), "{detail}");
    assert!(
        detail.contains("OT 5 (2 sessions a week, 5.4 before rounding)"),
        "{detail}"
    );
    assert_eq!(partnership, choice + 1);
    assert_eq!(specific, choice + 2);
}

#[test]
fn year_sheet_adds_up() {
    let team = seed();
    let (_, y) = reports(&team);
    let mut wb = workbook(&team, true);
    let r = wb.worksheet_range("Year").unwrap();
    assert!(cell(&r, 1, 0).contains("rounded cumulatively"));
    assert!(cell(&r, 3, 2).starts_with("Q1\nfrom "));
    assert_eq!(cell(&r, 3, 6), "Year");
    let tr = row_of(&r, "TR");
    let quarters: f64 = (2..=5).map(|c| number(&r, tr, c)).sum();
    assert_eq!(number(&r, tr, 6), quarters);
    assert_eq!(quarters, f64::from(y.clinicians[0].new_core_total));
    let total = row_of(&r, "Team new Core");
    assert_eq!(number(&r, total, 6), f64::from(y.new_core_total));
    let demand = row_of(&r, "Core demand (new Core needed)");
    assert_eq!(number(&r, demand, 2), 53.04);
}

/// A team whose first clinician's texts look like formulas or break sheet names.
fn hostile() -> Team {
    let mut team = seed();
    let c = &mut team.clinicians[0];
    c.name = "=HYPERLINK(\"http://evil.example\",\"click\")".into();
    c.discipline = Some("+64 21 000 000".into());
    let c = &mut team.clinicians[1];
    c.name = "[Ana]: *who?* / \\ 'me' and a very long name indeed".into();
    team
}

#[test]
fn text_longer_than_a_cell_is_cut_and_says_so() {
    // Stored before capa limited text: built without `Team::new`, as the
    // store would have kept it.
    let mut team = seed();
    let long = "x".repeat(40_000);
    let c = &mut team.clinicians[0];
    c.name = format!("Tui {long}");
    c.job_plans[0].set(
        0,
        0,
        capa_core::Activity::Other {
            label: long.clone(),
            category: capa_core::OtherCategory::Admin,
        },
    );
    c.discipline = Some("nul\0 and bell\u{7}".into());
    let mut wb = workbook(&team, true);
    let r = wb.worksheet_range("Team job plan").unwrap();
    let name = cell(&r, row_of(&r, "TR"), col_of(&r, "Name"));
    assert_eq!(name.encode_utf16().count(), capa_io::xlsx::CELL_MAX_UTF16);
    assert!(name.starts_with("Tui xxx"));
    assert!(
        name.ends_with(" … [cut: the text has 40004 characters; an Excel cell holds 32767]"),
        "{}",
        &name[name.len() - 90..]
    );
    let sheet = wb
        .sheet_names()
        .into_iter()
        .find(|s| s.starts_with("TR "))
        .unwrap();
    let r = wb.worksheet_range(&sheet).unwrap();
    let (rows, cols) = r.get_size();
    let cut = (0..rows as u32)
        .flat_map(|row| (0..cols as u32).map(move |col| (row, col)))
        .map(|(row, col)| cell(&r, row, col))
        .find(|t| t.starts_with("xxx"))
        .expect("the long label is on the clinician's sheet");
    assert!(cut.ends_with("an Excel cell holds 32767]"));
}

#[test]
fn formula_like_text_is_stored_as_text() {
    let team = hostile();
    let mut wb = workbook(&team, true);
    let r = wb.worksheet_range("Team job plan").unwrap();
    let tr = row_of(&r, "TR");
    let name = col_of(&r, "Name");
    assert_eq!(
        r.get_value((tr, name)),
        Some(&Data::String(
            "=HYPERLINK(\"http://evil.example\",\"click\")".into()
        ))
    );
    assert_eq!(
        r.get_value((tr, col_of(&r, "Discipline"))),
        Some(&Data::String("+64 21 000 000".into()))
    );
    let formulas = wb.worksheet_formula("Team job plan").unwrap();
    assert!(formulas.get_value((tr, name)).is_none_or(|f| f.is_empty()));

    for sheet in wb.sheet_names() {
        assert!(sheet.encode_utf16().count() <= 31, "{sheet}");
        assert!(
            !sheet.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{sheet}"
        );
        assert!(
            !sheet.starts_with('\'') && !sheet.ends_with('\''),
            "{sheet}"
        );
    }
    let names = wb.sheet_names();
    let mut lower: Vec<String> = names.iter().map(|s| s.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), names.len(), "sheet names are unique");
    assert!(
        names.iter().any(|s| s.starts_with("AD -Ana-- -who-")),
        "{names:?}"
    );
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"))
}

/// The root's accessible name and description, checked to be wired up.
fn title_and_desc(doc: &roxmltree::Document<'_>) -> (String, String) {
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("viewBox").is_some());
    let labels: Vec<&str> = root
        .attribute("aria-labelledby")
        .expect("aria-labelledby")
        .split_whitespace()
        .collect();
    assert_eq!(labels.len(), 2);
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no element with id {id}"))
    };
    let title = by_id(labels[0]);
    let desc = by_id(labels[1]);
    assert_eq!(title.tag_name().name(), "title");
    assert_eq!(desc.tag_name().name(), "desc");
    let text = |n: roxmltree::Node<'_, '_>| n.text().unwrap_or_default().to_string();
    (text(title), text(desc))
}

fn assert_self_contained(svg: &str) {
    for banned in [
        "<script",
        "<style",
        "@import",
        "@font-face",
        "href=\"http",
        "url(http",
    ] {
        assert!(!svg.contains(banned), "{banned} in the chart");
    }
}

#[test]
fn capacity_chart_is_accessible_and_states_its_figures() {
    let team = seed();
    let (report, _) = reports(&team);
    let svg = capacity_chart_svg(&report);
    assert_self_contained(&svg);
    let doc = parse(&svg);
    let (title, desc) = title_and_desc(&doc);
    assert!(
        title.contains("Seed CAMHS (example)") && title.contains("2026/27 Q1"),
        "{title}"
    );
    for figure in [
        "TR Tui Rangi 9",
        "54 new Core Partnerships offered",
        "Core demand of 53.04",
        "a surplus of 0.96",
        "48 to 54",
        "balance ratio is 9, within",
    ] {
        assert!(desc.contains(figure), "{figure:?} missing from {desc}");
    }
    let visible: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for label in ["TR Tui Rangi", "9", "54", "53.04", "Core demand"] {
        assert!(visible.contains(&label), "{label:?} not drawn: {visible:?}");
    }
}

#[test]
fn chart_text_is_escaped() {
    let mut team = seed();
    team.clinicians[0].name = "<Ann & \"Bo\">".into();
    team.settings.name = "Team <'A' & B>".into();
    let (report, y) = reports(&team);
    let svg = capacity_chart_svg(&report);
    assert!(svg.contains("&lt;Ann &amp; &quot;Bo&quot;&gt;"));
    let doc = parse(&svg);
    let (title, desc) = title_and_desc(&doc);
    assert!(title.contains("Team <'A' & B>"));
    assert!(desc.contains("TR <Ann & \"Bo\"> 9"), "{desc}");
    parse(&year_chart_svg(&y));
}

#[test]
fn year_chart_compares_each_quarter_with_demand() {
    let team = seed();
    let (_, y) = reports(&team);
    let svg = year_chart_svg(&y);
    assert_self_contained(&svg);
    let doc = parse(&svg);
    let (title, desc) = title_and_desc(&doc);
    assert!(title.contains("2026/27"), "{title}");
    for (k, q) in y.quarters.iter().enumerate() {
        let figure = format!("Q{}", q.number);
        assert!(
            desc.contains(&format!(
                "{figure} (from {}): team new Core {}, Core demand 53.04",
                q.start().format("%d/%m/%Y"),
                y.new_core_targets[k]
            )),
            "{desc}"
        );
    }
    assert!(desc.contains(&format!("Year: {} new Core Partnerships", y.new_core_total)));
    // Two charts on one page must not share ids.
    let other = capacity_chart_svg(&reports(&team).0);
    let id = |s: &str| {
        parse(s)
            .root_element()
            .attribute("aria-labelledby")
            .unwrap()
            .to_string()
    };
    assert_ne!(id(&svg), id(&other));
}

#[test]
fn empty_team_still_draws() {
    let mut team = seed();
    team.clinicians.clear();
    team.settings.accepted_referrals_per_week = 0.0;
    let (report, y) = reports(&team);
    let svg = capacity_chart_svg(&report);
    let (_, desc) = title_and_desc(&parse(&svg));
    assert!(desc.contains("No clinicians"), "{desc}");
    assert!(desc.contains("no balance band"), "{desc}");
    parse(&year_chart_svg(&y));
    let mut wb = open(team_job_plan_xlsx(&team, &report, Some(&y)).unwrap());
    assert_eq!(wb.sheet_names(), ["Team job plan", "Warnings", "Year"]);
    let r = wb.worksheet_range("Team job plan").unwrap();
    row_of(&r, "Team (0 clinicians)");
    // One clinician is said in the singular.
    let mut one = seed();
    one.clinicians.truncate(1);
    let (report, y) = reports(&one);
    let mut wb = open(team_job_plan_xlsx(&one, &report, Some(&y)).unwrap());
    let r = wb.worksheet_range("Team job plan").unwrap();
    row_of(&r, "Team (1 clinician)");
}

#[test]
fn every_example_exports_and_the_uk_layout_has_half_days() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for name in [
        "seed-team.toml",
        "capa-uk-team.toml",
        "capa-hours-team.toml",
    ] {
        let team = team_file::load(&root.join(name)).unwrap().team;
        let (q, y) = reports(&team);
        let bytes = team_job_plan_xlsx(&team, &q, Some(&y)).unwrap();
        let mut wb = open(bytes);
        assert_eq!(wb.sheet_names().len(), 3 + team.clinicians.len(), "{name}");
        parse(&capacity_chart_svg(&q));
        parse(&year_chart_svg(&y));
        if name == "capa-uk-team.toml" {
            let r = wb.worksheet_range("AD Andrew Down").unwrap();
            assert_eq!(cell(&r, 4, 0), "AM\n09:00-12:30");
            assert_eq!(cell(&r, 5, 0), "Lunch 12:30-13:00");
            assert_eq!(cell(&r, 6, 0), "PM\n13:00-16:30");
            assert_eq!(cell(&r, 7, 0), "Admin 16:30-17:00");
            let partnership = row_of(&r, "Partnership =");
            assert_eq!(number(&r, partnership, 1), 9.0, "Andrew Down's 9");
        }
    }
}
