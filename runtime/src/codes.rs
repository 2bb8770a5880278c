//! The tables behind every generated error enum, which its `from_code`,
//! `code`, `description`, `http_status` and `is_retryable` read: the per-code
//! facts are written once, as data, instead of once per method as a `match`.
//!
//! An enum `E` has two private tables of the same length and order: `VARIANTS:
//! &[E]`, its documented variants, and `CODES: &[KnownCode]`, what the doc says
//! of each. Two tables rather than one of `(variant, facts)` rows because each
//! row of either then fits on a line (the variant is a long name and so is the
//! code). Generated code reaches this as `rt::KnownCode`; it is not part of the
//! supported API.

/// One documented error code and what the doc says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownCode {
    /// The code as the API returns it.
    pub code: &'static str,
    /// The doc's description of the code.
    pub description: &'static str,
    /// The HTTP status the doc gives for the code, if any.
    pub http_status: Option<u16>,
    /// Whether the doc says retrying later may succeed.
    pub retryable: bool,
}

impl KnownCode {
    /// A row for `code`, with no HTTP status and not retryable; the setters
    /// below add what the doc says, so a row states only what is not the default.
    pub const fn new(code: &'static str, description: &'static str) -> Self {
        Self { code, description, http_status: None, retryable: false }
    }

    /// The row with the HTTP status the doc gives.
    #[must_use]
    pub const fn http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// The row marked retryable.
    #[must_use]
    pub const fn retryable(mut self) -> Self {
        self.retryable = true;
        self
    }

    /// The codes of `rows`, in order: an enum's `KNOWN_CODES`, derived from its
    /// table in a `const` so the codes are written once.
    pub const fn codes<const N: usize>(rows: &[Self; N]) -> [&'static str; N] {
        let mut codes = [""; N];
        let mut i = 0;
        while i < N {
            codes[i] = rows[i].code;
            i += 1;
        }
        codes
    }

    /// The variant documented for `code`: the one at the index of its row in `rows`.
    pub fn variant<E: Clone>(variants: &[E], rows: &[Self], code: &str) -> Option<E> {
        let index = rows.iter().position(|row| row.code == code)?;
        variants.get(index).cloned()
    }

    /// The row of `value`: the one at its index in `variants`; `None` for a
    /// value `variants` does not hold (an enum's `Unknown`).
    pub fn of<'a, E: PartialEq>(variants: &[E], rows: &'a [Self], value: &E) -> Option<&'a Self> {
        let index = variants.iter().position(|variant| variant == value)?;
        rows.get(index)
    }

    /// The code of `value`'s row; empty for a value without one. A generated
    /// enum asks only for its documented variants, each of which has a row:
    /// its `Unknown` keeps its own code.
    pub fn code_of<E: PartialEq>(variants: &[E], rows: &[Self], value: &E) -> &'static str {
        Self::of(variants, rows, value).map_or("", |row| row.code)
    }
}

#[cfg(test)]
mod tests {
    use super::KnownCode;

    #[derive(Debug, Clone, PartialEq)]
    enum Code {
        Busy,
        Gone,
        Unknown(String),
    }

    const VARIANTS: &[Code; 2] = &[Code::Busy, Code::Gone];
    const ROWS: &[KnownCode; 2] = &[
        KnownCode::new("Busy", "Try later.").retryable(),
        KnownCode::new("Gone", "It is gone.").http_status(410),
    ];
    const CODES: &[&str] = &KnownCode::codes(ROWS);

    #[test]
    fn rows_answer_both_ways() {
        assert_eq!(CODES, ["Busy", "Gone"]);
        assert_eq!(KnownCode::variant(VARIANTS, ROWS, "Gone"), Some(Code::Gone));
        assert_eq!(KnownCode::variant(VARIANTS, ROWS, "gone"), None);
        let busy = KnownCode::of(VARIANTS, ROWS, &Code::Busy).copied();
        assert_eq!(
            busy,
            Some(
                KnownCode { http_status: None, ..KnownCode::new("Busy", "Try later.") }.retryable()
            )
        );
        let gone = KnownCode::of(VARIANTS, ROWS, &Code::Gone);
        assert_eq!(
            gone.map(|row| (row.description, row.http_status, row.retryable)),
            Some(("It is gone.", Some(410), false))
        );
        let unknown = Code::Unknown("Busy".into());
        assert_eq!(KnownCode::of(VARIANTS, ROWS, &unknown), None);
        assert_eq!(KnownCode::code_of(VARIANTS, ROWS, &Code::Gone), "Gone");
        assert_eq!(KnownCode::code_of(VARIANTS, ROWS, &unknown), "");
    }

    #[test]
    fn tables_of_different_lengths_answer_none_not_panic() {
        assert_eq!(KnownCode::variant(&[Code::Busy], ROWS, "Gone"), None);
        assert_eq!(KnownCode::of(VARIANTS, &ROWS[..1], &Code::Gone), None);
    }
}
