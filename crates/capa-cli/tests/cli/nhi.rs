use crate::{capa, stdout};

#[test]
fn valid_numbers_exit_0() {
    let o = capa(&["nhi", "check", "JBX3656", "zbn77vl"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("JBX3656: valid (old format, check digit)"),
        "{out}"
    );
    assert!(
        out.contains("ZBN77VL: valid (new format, check letter, test number)"),
        "{out}"
    );
}

#[test]
fn any_invalid_number_exits_2_and_says_why() {
    let o = capa(&["nhi", "check", "JBX3656", "ZZZ0044", "ZZZ00AX"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains("ZZZ0044: invalid: checksum remainder is 0"),
        "{out}"
    );
    assert!(
        out.contains("ZZZ00AX: invalid: check letter does not match"),
        "{out}"
    );
}
