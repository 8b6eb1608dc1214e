//! Belgian enterprise numbers (ondernemingsnummer, KBO/BCE): ten digits, the
//! first 0 or 1 (numbers issued since September 2023 start with 1), the last
//! two a check on the first eight: 97 minus their remainder by 97. Written
//! with or without `BE`, dots and spaces; the old nine-digit form has an
//! implied leading 0. Printed as `0812.763.592`.

/// Why a written number is not an enterprise number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not ten digits (nine in the old form), or a letter other than `BE`.
    Form,
    /// Ten digits, but the first is neither 0 nor 1.
    FirstDigit,
    /// The check digits do not match the first eight.
    Check,
}

/// The number in its printed form, or why it is not one.
pub fn normalise(written: &str) -> Result<String, Problem> {
    let mut s = written.trim();
    if let Some(rest) = s
        .strip_prefix("BE")
        .or_else(|| s.strip_prefix("be"))
        .or_else(|| s.strip_prefix("Be"))
    {
        s = rest;
    }
    let mut digits = String::with_capacity(10);
    for c in s.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '.' | ' ' | '\u{a0}' => {}
            _ => return Err(Problem::Form),
        }
    }
    if digits.len() == 9 {
        digits.insert(0, '0');
    }
    if digits.len() != 10 {
        return Err(Problem::Form);
    }
    if !digits.starts_with(['0', '1']) {
        return Err(Problem::FirstDigit);
    }
    let body: u64 = digits[..8].parse().map_err(|_| Problem::Form)?;
    let check: u64 = digits[8..].parse().map_err(|_| Problem::Form)?;
    if 97 - body % 97 != check {
        return Err(Problem::Check);
    }
    Ok(format!(
        "{}.{}.{}",
        &digits[..4],
        &digits[4..7],
        &digits[7..]
    ))
}

/// The number `popdoc init` writes: it passes the check and is plainly made up.
pub const EXAMPLE: &str = "0000.000.097";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_check_digits() {
        assert_eq!(normalise("0000.000.097").as_deref(), Ok("0000.000.097"));
        // Written every way a coach might.
        for w in [
            "BE 0000.000.097",
            "BE0000000097",
            "0000 000 097",
            "000.000.097",
        ] {
            assert_eq!(normalise(w).as_deref(), Ok("0000.000.097"), "{w}");
        }
        // A number issued since 2023 starts with 1.
        let one = 10_000_000u64;
        let check = 97 - one % 97;
        let w = format!("1000.000.0{check:02}");
        assert_eq!(normalise(&w).as_deref(), Ok(w.as_str()));
        // The placeholder of older versions and a typo of one digit fail.
        assert_eq!(normalise("0123.456.789"), Err(Problem::Check));
        assert_eq!(normalise("0712.345.678"), Err(Problem::Check));
        assert_eq!(normalise("0000.000.098"), Err(Problem::Check));
        assert_eq!(normalise("2000.000.097"), Err(Problem::FirstDigit));
        assert_eq!(normalise("000.000.09"), Err(Problem::Form));
        assert_eq!(normalise("NL 0000.000.097"), Err(Problem::Form));
    }
}
