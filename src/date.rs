//! A calendar date without time zone: what a dossier records (`2025-02-03`).
//! Small and exact: ordering, day differences and validity, nothing more.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid date, or `None` for impossible ones such as 2025-02-30.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }

    /// Days since 1970-01-01 (negative before), after Howard Hinnant's algorithm.
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (inverse of [`Date::days`]).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today (UTC) from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// Number of days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days() - self.days()
    }

    /// The same day one year later (29 February becomes 28 February).
    pub fn plus_one_year(self) -> Date {
        self.plus_months(12)
    }

    /// The same day `months` months later, clamped to the month's last day
    /// (30 November + 3 months = 28 February).
    pub fn plus_months(self, months: i64) -> Date {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = total.div_euclid(12) as i32;
        let month = (total.rem_euclid(12) + 1) as u8;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// `15 januari 2025`.
    pub fn dutch_long(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS_NL[usize::from(self.month) - 1],
            self.year
        )
    }
}

impl Date {
    /// `15 januari 2025`, `15 January 2025`: a message, in the language it
    /// is rendered in.
    pub fn long(self) -> crate::diag::Msg {
        crate::diag::Msg::new("ui-date")
            .arg("day", self.day)
            .arg_key("month", MONTH_KEYS[usize::from(self.month) - 1])
            .arg("year", self.year)
    }
}

/// The months' messages, January first.
const MONTH_KEYS: [&str; 12] = [
    "ui-month-1",
    "ui-month-2",
    "ui-month-3",
    "ui-month-4",
    "ui-month-5",
    "ui-month-6",
    "ui-month-7",
    "ui-month-8",
    "ui-month-9",
    "ui-month-10",
    "ui-month-11",
    "ui-month-12",
];

/// Dutch month names, January first.
pub const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_and_arithmetic() {
        assert!(Date::new(2025, 2, 30).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 2, 29).is_none());
        let a = Date::parse("2025-01-31").unwrap();
        let b = Date::parse("2025-03-01").unwrap();
        assert_eq!(a.days_until(b), 29);
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(
            Date::parse("2024-02-29").unwrap().plus_one_year(),
            Date::parse("2025-02-28").unwrap()
        );
        assert_eq!(a.dutch_long(), "31 januari 2025");
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2025-11-30").plus_months(3), d("2026-02-28"));
        assert_eq!(d("2025-01-20").plus_months(3), d("2025-04-20"));
        assert_eq!(d("2025-10-31").plus_months(3), d("2026-01-31"));
        for s in ["1970-01-01", "2000-02-29", "2025-12-31", "1969-07-20"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_days(d.days()), d);
        }
    }
}
