//! Which column of the header row holds which field.

use capa_core::demand::EpisodeField;

use super::RowError;

/// Header names accepted for each field, written as [`normalise`] leaves
/// them: lower case, letters and digits only ("F/F" is "ff", "NHI number" is
/// "nhinumber").
const SYNONYMS: &[(EpisodeField, &[&str])] = &[
    (
        EpisodeField::Nhi,
        &[
            "nhi",
            "nhinumber",
            "nhino",
            "nhinum",
            "nhiid",
            "clientnhi",
            "patientnhi",
            "nationalhealthindex",
            "nationalhealthindexnumber",
        ],
    ),
    (
        EpisodeField::Diagnosis,
        &[
            "diagnosis",
            "diag",
            "dx",
            "primarydiagnosis",
            "maindiagnosis",
            "principaldiagnosis",
            "diagnosiscode",
            "diagnosisdescription",
            "diagnosisname",
            "primarydx",
        ],
    ),
    (
        EpisodeField::DaysInService,
        &[
            "daysinservice",
            "days",
            "daysopen",
            "lengthofstay",
            "los",
            "lengthofstaydays",
            "lengthofepisode",
            "lengthofservice",
            "episodelength",
            "episodelengthdays",
            "episodedays",
            "durationdays",
        ],
    ),
    (
        EpisodeField::FaceToFace,
        &[
            "ff",
            "f2f",
            "facetoface",
            "facetofacecontacts",
            "facetofaceappointments",
            "contacts",
            "numberofff",
            "noofff",
            "numberoff2f",
            "nooff2f",
            "numberoffacetoface",
            "numberoffacetofacecontacts",
            "numberofcontacts",
            "noofcontacts",
            "ffcontacts",
            "f2fcontacts",
            "ffcount",
            "ffappointments",
            "totalff",
            "totalcontacts",
            "totalfacetoface",
        ],
    ),
    (
        EpisodeField::DischargeDate,
        &[
            "dischargedate",
            "discharged",
            "dateofdischarge",
            "dischargedon",
            "dischargeddate",
            "episodeenddate",
            "enddate",
            "closuredate",
            "closeddate",
            "dateclosed",
            "dateofclosure",
            "episodeclosuredate",
        ],
    ),
    (
        EpisodeField::StartDate,
        &[
            "startdate",
            "episodestartdate",
            "episodestart",
            "servicestartdate",
            "startofservice",
            "startofepisode",
        ],
    ),
];

/// Header names of a person's name: recognised so that they are never read.
const NAME_COLUMNS: &[&str] = &[
    "name",
    "clientname",
    "patientname",
    "fullname",
    "firstname",
    "surname",
    "lastname",
    "givenname",
    "givennames",
    "familyname",
    "preferredname",
];

/// The fields a report must have.
pub(crate) const REQUIRED: [EpisodeField; 5] = [
    EpisodeField::Nhi,
    EpisodeField::Diagnosis,
    EpisodeField::DaysInService,
    EpisodeField::FaceToFace,
    EpisodeField::DischargeDate,
];

/// Lower case, letters and digits only.
pub(crate) fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn field_of(normalised: &str) -> Option<EpisodeField> {
    SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&normalised))
        .map(|(f, _)| *f)
}

/// Where each field is in a row (0-based column positions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Columns {
    pub nhi: usize,
    pub diagnosis: usize,
    pub days: usize,
    pub ff: usize,
    pub discharge: usize,
    pub start: Option<usize>,
    /// How many columns the header has.
    pub width: usize,
    /// The header's own names of the columns used and ignored, for notes.
    pub used: Vec<(EpisodeField, String)>,
    /// Columns holding names: never read.
    pub names: Vec<String>,
    /// Other columns, ignored.
    pub ignored: Vec<String>,
}

impl Columns {
    /// Matches a header row; `row` is its row number, for errors.
    pub fn match_header(headers: &[String], row: u64) -> Result<Self, Vec<RowError>> {
        let mut found: Vec<(EpisodeField, usize)> = Vec::new();
        let mut errors = Vec::new();
        let mut names = Vec::new();
        let mut ignored = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let n = normalise(h);
            match field_of(&n) {
                Some(field) => {
                    if let Some((_, j)) = found.iter().find(|(f, _)| *f == field) {
                        errors.push(RowError::new(
                            row,
                            Some(field),
                            format!(
                                "columns {} ('{}') and {} ('{}') both look like {}; rename or remove one",
                                j + 1,
                                headers[*j].trim(),
                                i + 1,
                                h.trim(),
                                field.name()
                            ),
                        ));
                    } else {
                        found.push((field, i));
                    }
                }
                None if NAME_COLUMNS.contains(&n.as_str()) => names.push(h.trim().to_string()),
                None => ignored.push(h.trim().to_string()),
            }
        }
        let at = |field| found.iter().find(|(f, _)| *f == field).map(|(_, i)| *i);
        for field in REQUIRED {
            if at(field).is_none() {
                errors.push(RowError::new(
                    row,
                    Some(field),
                    format!(
                        "no {} column (accepted names: {}); the header has: {}",
                        field.name(),
                        accepted_names(field),
                        headers
                            .iter()
                            .map(|h| h.trim())
                            .filter(|h| !h.is_empty())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let need = |field| at(field).unwrap_or(0);
        let mut used: Vec<(EpisodeField, String)> = found
            .iter()
            .map(|(f, i)| (*f, headers[*i].trim().to_string()))
            .collect();
        used.sort_by_key(|(f, _)| *f as u8);
        Ok(Self {
            nhi: need(EpisodeField::Nhi),
            diagnosis: need(EpisodeField::Diagnosis),
            days: need(EpisodeField::DaysInService),
            ff: need(EpisodeField::FaceToFace),
            discharge: need(EpisodeField::DischargeDate),
            start: at(EpisodeField::StartDate),
            width: headers.len(),
            used,
            names,
            ignored,
        })
    }
}

/// A few of the accepted names, as a person would write them.
fn accepted_names(field: EpisodeField) -> &'static str {
    match field {
        EpisodeField::Nhi => "NHI, NHI number, NHI no",
        EpisodeField::Diagnosis => "Diagnosis, Primary diagnosis, Diagnosis code, Dx",
        EpisodeField::DaysInService => "Days in service, Days, Length of stay, Episode length",
        EpisodeField::FaceToFace => "F/F, Face to face, Contacts, Number of f/f, F2F",
        EpisodeField::DischargeDate => "Discharge date, Discharged, Date of discharge, End date",
        EpisodeField::StartDate => "Start date, Episode start date",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn synonyms_in_any_case_and_punctuation() {
        let c = Columns::match_header(
            &headers(&[
                "Client Name",
                "NHI Number",
                "Team",
                "PRIMARY DIAGNOSIS",
                "Days in service",
                "No. of F/F",
                "Discharge_Date",
            ]),
            1,
        )
        .unwrap();
        assert_eq!(
            (c.nhi, c.diagnosis, c.days, c.ff, c.discharge),
            (1, 3, 4, 5, 6)
        );
        assert_eq!(c.start, None);
        assert_eq!(c.names, ["Client Name"]);
        assert_eq!(c.ignored, ["Team"]);
    }

    #[test]
    fn missing_and_doubled_columns_are_reported_on_the_header_row() {
        let errors = Columns::match_header(&headers(&["NHI", "nhi no", "Diagnosis", "Days"]), 1)
            .unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            text[0],
            "row 1, nhi: columns 1 ('NHI') and 2 ('nhi no') both look like nhi; rename or remove one"
        );
        assert!(
            text[1]
                .starts_with("row 1, face_to_face: no face_to_face column (accepted names: F/F,")
        );
        assert!(text[1].ends_with("the header has: NHI, nhi no, Diagnosis, Days"));
        assert!(text[2].starts_with("row 1, discharge_date: no discharge_date column"));
        assert_eq!(errors.len(), 3);
    }
}
