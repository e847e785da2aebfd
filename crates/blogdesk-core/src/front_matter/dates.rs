//! Dates as writers write them in front matter: `2009-06-08 01:20:00`,
//! `2013-05-06 02:12:52 +0200`, `2019-03-11`, RFC 3339. A new date is written
//! in the format of the one it replaces, with the same separator, precision
//! and offset text: the clock time shown is the time as written, never
//! converted to another zone.

/// A date as written: its wall-clock parts and the text around them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub date: (u32, u32, u32),
    pub time: Option<Time>,
    /// Everything after the time (` +0200`, `Z`, `+02:00`, empty), verbatim.
    pub zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Time {
    /// `T`, `t` or the spaces between the date and the time.
    pub sep: String,
    pub hms: (u32, u32, u32),
    pub has_seconds: bool,
    /// Fraction digits after the seconds, as written (without the dot).
    pub fraction: String,
}

impl Written {
    /// Reads `YYYY-MM-DD`, then optionally a time `HH:MM[:SS[.fff]]` after
    /// `T` or spaces, then optionally a zone (`Z`, `±HH:MM`, `±HHMM`, `±HH`,
    /// after optional spaces). Anything else is not a date.
    pub fn parse(s: &str) -> Option<Written> {
        let b = s.as_bytes();
        let num = |from: usize, len: usize| -> Option<u32> {
            let part = s.get(from..from + len)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (y, m, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        if b.get(4) != Some(&b'-')
            || b.get(7) != Some(&b'-')
            || !(1..=12).contains(&m)
            || !(1..=31).contains(&d)
        {
            return None;
        }
        let mut w = Written {
            date: (y, m, d),
            time: None,
            zone: String::new(),
        };
        let rest = &s[10..];
        if rest.is_empty() {
            return Some(w);
        }
        let sep_len = if rest.starts_with(['T', 't']) {
            1
        } else {
            rest.len() - rest.trim_start_matches([' ', '\t']).len()
        };
        if sep_len == 0 {
            return None;
        }
        let t = &rest[sep_len..];
        let tnum = |from: usize| -> Option<u32> {
            let p = t.get(from..from + 2)?;
            p.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| p.parse().ok())?
        };
        let (h, mi) = (tnum(0)?, tnum(3)?);
        if t.as_bytes().get(2) != Some(&b':') || h > 23 || mi > 59 {
            return None;
        }
        let mut used = 5;
        let mut sec = 0;
        let mut has_seconds = false;
        if t.as_bytes().get(5) == Some(&b':') {
            sec = tnum(6)?;
            if sec > 60 {
                return None;
            }
            has_seconds = true;
            used = 8;
        }
        let mut fraction = String::new();
        if has_seconds && t.as_bytes().get(8) == Some(&b'.') {
            fraction = t[9..].chars().take_while(char::is_ascii_digit).collect();
            if fraction.is_empty() {
                return None;
            }
            used = 9 + fraction.len();
        }
        let zone = &t[used..];
        if !valid_zone(zone.trim_start_matches(' ')) {
            return None;
        }
        w.time = Some(Time {
            sep: rest[..sep_len].to_owned(),
            hms: (h, mi, sec),
            has_seconds,
            fraction,
        });
        w.zone = zone.to_owned();
        Some(w)
    }

    /// The date-time picker's value: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`,
    /// the clock time as written.
    pub fn local(&self) -> String {
        let (y, m, d) = self.date;
        match &self.time {
            None => format!("{y:04}-{m:02}-{d:02}"),
            Some(t) => {
                let (h, mi, s) = t.hms;
                format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
    }

    /// This date with the picker's value `local` (`YYYY-MM-DD`,
    /// `YYYY-MM-DDTHH:MM` or `…:SS`) put in, written in this date's format.
    /// A date-only value keeps this date's time; a date-only format ignores
    /// the picker's time. The fraction is kept when the time is unchanged,
    /// otherwise written as zeros of the same length.
    pub fn restyle(&self, local: &str) -> Option<String> {
        let new = Written::parse(&local.replacen('T', " ", 1))?;
        let (y, m, d) = new.date;
        let mut out = format!("{y:04}-{m:02}-{d:02}");
        if let Some(t) = &self.time {
            let hms = new.time.as_ref().map(|n| n.hms).unwrap_or(t.hms);
            let (h, mi, s) = hms;
            out.push_str(&t.sep);
            out.push_str(&format!("{h:02}:{mi:02}"));
            if t.has_seconds {
                out.push_str(&format!(":{s:02}"));
                if !t.fraction.is_empty() {
                    out.push('.');
                    if hms == t.hms {
                        out.push_str(&t.fraction);
                    } else {
                        out.push_str(&"0".repeat(t.fraction.len()));
                    }
                }
            }
            out.push_str(&self.zone);
        }
        Some(out)
    }
}

fn valid_zone(z: &str) -> bool {
    if z.is_empty() || z == "Z" || z == "z" || z == "UTC" {
        return true;
    }
    let Some(rest) = z.strip_prefix(['+', '-']) else {
        return false;
    };
    let digits = rest.replace(':', "");
    (digits.len() == 2 || digits.len() == 4)
        && digits.bytes().all(|c| c.is_ascii_digit())
        && (rest.len() == digits.len() || (rest.len() == 5 && rest.as_bytes()[2] == b':'))
}

/// The picker's value `local` written in the format of `old`, or, for a
/// field with no date yet, in the format of [`now`]. `None` when `local` is
/// not a date.
pub fn restyle_or_new(old: Option<Written>, local: &str, rfc3339: bool) -> Option<String> {
    old.or_else(|| Written::parse(&now(rfc3339)))?
        .restyle(local)
}

/// A new date for a post that has none: `YYYY-MM-DD HH:MM:SS +ZZZZ` in the
/// local zone (the Jekyll format), or RFC 3339 for TOML.
pub fn now(rfc3339: bool) -> String {
    let now = chrono::Local::now();
    if rfc3339 {
        now.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    } else {
        now.format("%Y-%m-%d %H:%M:%S %z").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_format_keeps_its_shape() {
        let cases = [
            (
                "2009-06-08 01:20:00",
                "2010-01-02T03:04:05",
                "2010-01-02 03:04:05",
            ),
            (
                "2013-05-06 02:12:52 +0200",
                "2013-05-07T02:12:52",
                "2013-05-07 02:12:52 +0200",
            ),
            ("2019-03-11", "2019-03-12", "2019-03-12"),
            ("2019-03-11", "2019-03-12T10:00:00", "2019-03-12"),
            (
                "2021-04-01T09:30:00Z",
                "2021-04-01T10:30",
                "2021-04-01T10:30:00Z",
            ),
            (
                "2021-04-01T09:30:00+02:00",
                "2022-04-01",
                "2022-04-01T09:30:00+02:00",
            ),
            (
                "2022-10-02T18:04:11.123-07:00",
                "2022-10-03T18:04:11",
                "2022-10-03T18:04:11.123-07:00",
            ),
            (
                "2022-10-02T18:04:11.123-07:00",
                "2022-10-02T18:05:11",
                "2022-10-02T18:05:11.000-07:00",
            ),
            (
                "2020-01-05 10:00",
                "2020-01-05T11:15:00",
                "2020-01-05 11:15",
            ),
        ];
        for (was, picked, want) in cases {
            let w = Written::parse(was).unwrap_or_else(|| panic!("{was}"));
            assert_eq!(w.restyle(picked).as_deref(), Some(want), "{was} + {picked}");
        }
    }

    #[test]
    fn the_picker_sees_the_clock_time_as_written() {
        assert_eq!(
            Written::parse("2013-05-06 02:12:52 +0200").unwrap().local(),
            "2013-05-06T02:12:52"
        );
        assert_eq!(Written::parse("2019-03-11").unwrap().local(), "2019-03-11");
    }

    #[test]
    fn non_dates_are_not_dates() {
        for s in [
            "2019",
            "2019-13-01",
            "2019-03-11x",
            "2019-03-11 25:00",
            "yesterday",
            "2019-3-1",
            "2019-03-11 10:00 +2",
        ] {
            assert!(Written::parse(s).is_none(), "{s}");
        }
    }
}

/// The day of a date as Jekyll and Hugo read it, more leniently than
/// [`Written::parse`] (which must write the format back): one-digit months,
/// days and hours (`2016-1-05`, `2014-02-20 7:00:00 +0000`), quotes around
/// it. `YYYY-MM-DD`, or `None` when no engine reads a date there.
pub fn engine_day(s: &str) -> Option<String> {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$",
        )
        .expect("regex")
    });
    let c = DATE.captures(s.trim().trim_matches(['"', '\'']))?;
    let n = |i: usize| c.get(i).map_or(Some(0), |m| m.as_str().parse::<u32>().ok());
    let (y, m, d, h, min, sec) = (n(1)?, n(2)?, n(3)?, n(4)?, n(5)?, n(6)?);
    let valid =
        chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some() && h < 24 && min < 60 && sec < 61;
    valid.then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod engine_day_tests {
    use super::engine_day;

    #[test]
    fn the_dates_engines_read() {
        assert_eq!(engine_day("2016-1-05").as_deref(), Some("2016-01-05"));
        assert_eq!(
            engine_day("2014-02-20 7:00:00 +0000").as_deref(),
            Some("2014-02-20")
        );
        assert_eq!(
            engine_day("'2024-03-05T10:00:00Z'").as_deref(),
            Some("2024-03-05")
        );
        for bad in [
            "2016-13-01",
            "2016-02-30",
            "yesterday",
            "05/03/2024",
            "2016-1-5 25:00",
        ] {
            assert_eq!(engine_day(bad), None, "{bad}");
        }
    }
}
