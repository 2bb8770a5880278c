//! Alibaba Cloud's RPC style on the wire, as the official SDKs send it: every
//! parameter in the query string, objects and arrays flattened with 1-based
//! indexes (`CustomFields.1.FieldName`), the action, version, date and nonce in
//! `x-acs-*` headers, signed with ACS3-HMAC-SHA256.
//!
//! The way back, for a server (a stand-in built from the specs): [`unflatten`]
//! turns the pairs into a JSON tree of strings, reporting names that do not fit
//! together, and [`Operation::decode_query`] decodes that tree into the typed
//! request through the same decoder as a JSON body.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

use super::{Endpoint, RequestError, SendConfig, WireRequest, header};
use crate::decode::{DecodeContext, DecodeJson, Decoded, ViolationCodes, decode_value};
use crate::operation::Operation;
use crate::sign::{SigningParams, acs3};
use crate::validate::FieldPath;
use crate::validate::{QueryProblem, Rule, Validate, Violation};

/// The signed `POST /?…` for `O`.
pub(super) fn signed_request<O: Operation>(
    request: &O::Request,
    config: &SendConfig,
    endpoint: &Endpoint,
    params: &SigningParams,
) -> Result<WireRequest, RequestError> {
    let query = query_string(&parameters(request)?);
    let path = if query.is_empty() { "/".to_owned() } else { format!("/?{query}") };
    let mut request = http::Request::post(endpoint.uri(&path)?)
        .header(http::header::HOST, header(endpoint.authority())?)
        .header("x-acs-action", header(O::ACTION)?)
        .header("x-acs-version", header(O::VERSION)?)
        .body(Vec::new())
        .map_err(|e| RequestError::Endpoint(e.to_string()))?;
    acs3::prepare(&mut request, params)?;
    acs3::sign(&mut request, config.credentials())?;
    Ok(request)
}

/// The request's RPC parameters, or why it cannot be sent as a query.
pub(super) fn parameters<R: serde::Serialize>(
    request: &R,
) -> Result<Vec<(String, String)>, RequestError> {
    let value = serde_json::to_value(request).map_err(|e| RequestError::Encode(e.to_string()))?;
    flatten(&value)
}

/// A JSON request as RPC parameters: `(name, value)` pairs, objects joined
/// with `.`, array items numbered from 1, booleans as `true`/`false`, `null`s
/// and empty arrays left out (the official SDKs send nothing for them).
///
/// # Errors
/// [`RequestError::EmptyListItem`] for a list item that would send nothing
/// (an object with no field set, `null`, an empty list): items are numbered
/// by what is sent, so leaving it out would renumber the items after it
/// (`CustomFields.2` arriving as the first item) or drop it unseen.
pub fn flatten(value: &Value) -> Result<Vec<(String, String)>, RequestError> {
    let mut out = Vec::new();
    walk(None, value, &mut out)?;
    Ok(out)
}

fn walk(
    prefix: Option<&str>,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), RequestError> {
    let key = |name: &str| match prefix {
        Some(prefix) => format!("{prefix}.{name}"),
        None => name.to_owned(),
    };
    match value {
        Value::Null => {}
        Value::Object(object) => {
            for (name, item) in object {
                walk(Some(&key(name)), item, out)?;
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let name = key(&(index + 1).to_string());
                let sent = out.len();
                walk(Some(&name), item, out)?;
                if out.len() == sent {
                    return Err(RequestError::EmptyListItem { path: name });
                }
            }
        }
        Value::Bool(flag) => out.extend(prefix.map(|p| (p.to_owned(), flag.to_string()))),
        Value::Number(number) => out.extend(prefix.map(|p| (p.to_owned(), number.to_string()))),
        Value::String(text) => out.extend(prefix.map(|p| (p.to_owned(), text.clone()))),
    }
    Ok(())
}

/// The pairs as a query string: each name and value percent-encoded as
/// ACS3-HMAC-SHA256 requires (RFC 3986, `%20` for a space), sorted by name, so
/// the string sent is the canonical one that is signed.
pub fn query_string(pairs: &[(String, String)]) -> String {
    acs3::canonical_query_string(pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())))
}

/// Most `.`-separated segments a parameter name may have: the nesting
/// serde_json allows a JSON body (128), far beyond any request a spec can
/// describe. Deeper names are reported, so no input makes unflattening or
/// dropping its result recurse without bound.
pub const MAX_SEGMENTS: usize = 128;

/// A flattened query turned back into a JSON tree by [`unflatten`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Unflattened {
    /// The request as a JSON object whose leaves are all strings (the query
    /// carries no types); what could not be placed is left out.
    pub value: Value,
    /// Each name that does not fit, at the name as sent ([`Rule::Query`]),
    /// in the order found: per pair first, in the order sent (an empty
    /// segment, too deep, given twice), then by position in the tree (a value
    /// that is also a parent, broken item numbering).
    pub problems: Vec<Violation>,
    /// Lists left out whole because their numbering is broken, reported at
    /// their items' names: what follows from leaving them out (a required
    /// list then missing) is not reported again.
    left_out: Vec<String>,
}

impl Unflattened {
    /// The tree, or every problem.
    ///
    /// # Errors
    /// When any name does not fit.
    pub fn into_result(self) -> Result<Value, crate::ValidationErrors> {
        if self.problems.is_empty() {
            Ok(self.value)
        } else {
            Err(crate::ValidationErrors(self.problems))
        }
    }
}

/// The inverse of [`flatten`]: `(name, value)` pairs, already percent-decoded,
/// as a JSON object. Each name is split at `.`: a segment of digits numbers an
/// item of a list (from 1), any other names a field of an object, and every
/// value is a JSON string (`Age=7` gives `"7"`, `EmailVerified=true` gives
/// `"true"`: typed decoding reads them, see [`Operation::decode_query`]).
///
/// Nothing is guessed: a name that does not say where its value goes is a
/// problem ([`Rule::Query`]) at the name as sent, with the action's
/// `codes.invalid` (for a missing list item, `codes.missing`), and its value
/// is left out:
///
/// - a name that is empty or has an empty segment (`Tags..Key`, `Tags.`),
///   or more than [`MAX_SEGMENTS`] segments;
/// - the same name twice (both values are left out);
/// - a name that has a value and is also a parent (`A=1&A.B=2`: `A` is left out);
/// - in a list (a parent with a name of digits under it): an item number
///   that is `0`, starts with `0` or overflows (`Tags.0`), a name that is not a
///   number (`Tags.x` beside `Tags.1`), and each gap (`Tags.2` when `Tags.1`
///   and `Tags.3` are given, reported once per run of missing items). Such a
///   list is left out whole; its items are still searched for problems.
///
/// No value is ever shown in a problem (unflattening does not know which
/// fields are sensitive), and every name is judged, read by the request or
/// not: [`Operation::decode_query`], which knows the request, reports only
/// the problems of names it reads. The root is always an object, whatever its names.
///
/// What flattening loses cannot come back: a `null`, an empty array and an
/// empty object are sent as nothing (as a list item, [`flatten`] refuses
/// them), and an object whose keys are digits (a free-form `json` field)
/// reads as a list.
pub fn unflatten(pairs: &[(String, String)], codes: ViolationCodes) -> Unflattened {
    let mut cx = Unflattening { codes, problems: Vec::new(), left_out: Vec::new() };
    let mut root = Node::default();
    for (name, value) in pairs {
        cx.insert(&mut root, name, value);
    }
    let value = cx.object(root.children, "");
    Unflattened { value, problems: cx.problems, left_out: cx.left_out }
}

/// One name segment of the query with what was sent for it and under it.
#[derive(Debug, Default)]
struct Node {
    value: Option<String>,
    repeated: bool,
    children: BTreeMap<String, Node>,
}

struct Unflattening {
    codes: ViolationCodes,
    problems: Vec<Violation>,
    left_out: Vec<String>,
}

impl Unflattening {
    fn problem(&mut self, path: String, problem: QueryProblem, code: &'static str) {
        self.problems.push(Violation::new(path, Rule::Query { problem }, code, None));
    }

    fn invalid(&mut self, path: String, problem: QueryProblem) {
        self.problem(path, problem, self.codes.invalid);
    }

    /// Places one pair in the tree, or reports why it cannot be placed.
    fn insert(&mut self, root: &mut Node, name: &str, value: &str) {
        if name.split('.').any(str::is_empty) {
            return self.invalid(name.to_owned(), QueryProblem::EmptySegment);
        }
        if name.split('.').nth(MAX_SEGMENTS).is_some() {
            return self.invalid(name.to_owned(), QueryProblem::TooDeep { max: MAX_SEGMENTS });
        }
        let node = name
            .split('.')
            .fold(root, |node, segment| node.children.entry(segment.to_owned()).or_default());
        if node.value.is_none() {
            node.value = Some(value.to_owned());
        } else if !node.repeated {
            node.repeated = true;
            self.invalid(name.to_owned(), QueryProblem::Repeated);
        }
    }

    /// The value of `node` at `path`, or `None` when it is left out (each
    /// reason reported at or above `path`).
    fn node(&mut self, node: Node, path: &str) -> Option<Value> {
        let Node { value, repeated, children } = node;
        if children.is_empty() {
            return value.filter(|_| !repeated).map(Value::String);
        }
        if value.is_some() {
            let child = children.keys().next().map(|first| join(path, first)).unwrap_or_default();
            self.invalid(path.to_owned(), QueryProblem::ValueAndParent { child });
            // Searched for problems of their own, then left out with the value.
            let _ = self.parent(children, path);
            return None;
        }
        self.parent(children, path)
    }

    /// A list when any name under `path` is digits, else an object.
    fn parent(&mut self, children: BTreeMap<String, Node>, path: &str) -> Option<Value> {
        let item = children.keys().find(|segment| is_digits(segment)).map(|item| join(path, item));
        match item {
            Some(item) => self.list(children, path, item),
            None => Some(self.object(children, path)),
        }
    }

    fn object(&mut self, children: BTreeMap<String, Node>, path: &str) -> Value {
        let mut object = Map::new();
        for (segment, child) in children {
            if let Some(value) = self.node(child, &join(path, &segment)) {
                object.insert(segment, value);
            }
        }
        Value::Object(object)
    }

    /// The items under `path` in number order, or `None` (the list left out)
    /// when a name is not a valid item number or a number is missing. An item
    /// that is itself left out keeps its place as `null`, which decoding
    /// reports at a path already reported.
    fn list(
        &mut self,
        children: BTreeMap<String, Node>,
        path: &str,
        item: String,
    ) -> Option<Value> {
        let mut children: Vec<(Option<usize>, String, Node)> = children
            .into_iter()
            .map(|(segment, child)| (item_number(&segment), segment, child))
            .collect();
        // Numbered items in number order, then the rest by name.
        children.sort_by(|(a, x, _), (b, y, _)| (a.is_none(), a, x).cmp(&(b.is_none(), b, y)));
        let mut items = Vec::new();
        let mut broken = false;
        let mut next = 1_usize;
        for (number, segment, child) in children {
            let child_path = join(path, &segment);
            match number {
                Some(number) => {
                    if number > next {
                        let missing = join(path, &next.to_string());
                        let next = QueryProblem::MissingItem { next: child_path.clone() };
                        self.problem(missing, next, self.codes.missing);
                        broken = true;
                    }
                    next = number.saturating_add(1);
                }
                None if is_digits(&segment) => {
                    self.invalid(child_path.clone(), QueryProblem::BadIndex);
                    broken = true;
                }
                None => {
                    let item = item.clone();
                    self.invalid(child_path.clone(), QueryProblem::NotAnIndex { item });
                    broken = true;
                }
            }
            items.push(self.node(child, &child_path).unwrap_or(Value::Null));
        }
        if broken {
            self.left_out.push(path.to_owned());
            return None;
        }
        Some(Value::Array(items))
    }
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() { segment.to_owned() } else { format!("{path}.{segment}") }
}

/// Whether a name segment is all digits: an item number, well written or not.
pub(crate) fn is_digits(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit())
}

/// The item number a segment writes: digits from 1, without a leading `0`.
fn item_number(segment: &str) -> Option<usize> {
    let canonical = is_digits(segment) && !segment.starts_with('0');
    canonical.then(|| segment.parse().ok()).flatten()
}

/// A raw query's pairs, percent-decoded, with a problem for each part that is
/// not UTF-8 once decoded (that pair is left out).
fn query_pairs(query: &str, codes: ViolationCodes) -> (Vec<(String, String)>, Vec<Violation>) {
    let mut pairs = Vec::new();
    let mut problems = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (percent_decode_str(name), percent_decode_str(value));
        match (name.clone().decode_utf8(), value.decode_utf8()) {
            (Ok(name), Ok(value)) => pairs.push((name.into_owned(), value.into_owned())),
            _ => problems.push(Violation::new(
                name.decode_utf8_lossy().into_owned(),
                Rule::Query { problem: QueryProblem::NotUtf8 },
                codes.invalid,
                None,
            )),
        }
    }
    (pairs, problems)
}

/// [`Operation::decode_query`]'s work: percent-decoding, then [`decode_pairs`].
pub(crate) fn decode_query<T: DecodeJson + Validate>(
    query: &str,
    codes: ViolationCodes,
) -> Decoded<T> {
    let (pairs, problems) = query_pairs(query, codes);
    decode_pairs(&pairs, codes, problems)
}

/// Unflattens `pairs` and decodes the tree as a JSON body is decoded, with
/// scalars taken from text; every path in query form. `problems` are those
/// found before (percent-decoding), reported first.
pub(crate) fn decode_pairs<T: DecodeJson + Validate>(
    pairs: &[(String, String)],
    codes: ViolationCodes,
    mut problems: Vec<Violation>,
) -> Decoded<T> {
    let unflattened = unflatten(pairs, codes);
    problems.extend(unflattened.problems);
    let problems = about_names_read::<T>(problems, pairs, codes);
    let typed = decode_value::<T>(&unflattened.value, DecodeContext::for_query(codes));
    // What was left out is reported at its name (a value not UTF-8, a name
    // given twice, a value that is also a parent) or is a list whose items
    // are reported; a consequence of leaving it out (a required field
    // missing, a `null` in an item's place, a rule the stand-in breaks) sits
    // at or below that name. A name never placed (an empty segment, too deep)
    // covers nothing. A set, looked up once per prefix of a path, so a query
    // with many problems costs no more than one with few.
    let left_out: HashSet<String> = problems
        .iter()
        .filter(|problem| {
            matches!(
                problem.rule,
                Rule::Query {
                    problem: QueryProblem::NotUtf8
                        | QueryProblem::Repeated
                        | QueryProblem::ValueAndParent { .. }
                }
            )
        })
        .map(|problem| problem.path.clone())
        .chain(unflattened.left_out)
        .collect();
    let in_query_form = |violations: Vec<Violation>| -> Vec<Violation> {
        violations
            .into_iter()
            .map(|mut violation| {
                violation.path = query_path(&violation.path);
                violation
            })
            .filter(|violation| !within(&left_out, &violation.path))
            .collect()
    };
    let mut problems = problems;
    problems.extend(in_query_form(typed.problems));
    let rules = in_query_form(typed.rules);
    Decoded { value: typed.value, problems, rules }
}

/// The `problems` (all [`Rule::Query`]) about names the request reads: a
/// name no field reads is ignored, as an unknown key of a JSON body is, and
/// so is whatever is wrong with it (`Foo=1&Foo=2`, `Signature=a&Signature.x=b`).
///
/// What the request reads is found by decoding the shape of every name sent
/// (each placed, whatever its problem; a list for any parent of item numbers)
/// and recording each name the decoder looks up, so a field inside an item of
/// a list left out is known too. Only a query with problems pays for it.
fn about_names_read<T: DecodeJson>(
    problems: Vec<Violation>,
    pairs: &[(String, String)],
    codes: ViolationCodes,
) -> Vec<Violation> {
    if problems.is_empty() {
        return problems;
    }
    // A pair whose value is not UTF-8 was dropped before unflattening; its name may still be read.
    let not_utf8 = problems
        .iter()
        .filter(|problem| matches!(problem.rule, Rule::Query { problem: QueryProblem::NotUtf8 }));
    let names =
        pairs.iter().map(|(name, _)| name.as_str()).chain(not_utf8.map(|p| p.path.as_str()));
    let mut root = Node::default();
    for name in names {
        // Of a name that cannot be placed, the part that can (see `subject`).
        let placeable = name.split('.').take_while(|segment| !segment.is_empty());
        let _ = placeable
            .take(MAX_SEGMENTS)
            .fold(&mut root, |node, segment| node.children.entry(segment.to_owned()).or_default());
    }
    // The root is an object whatever its names, as in `unflatten`.
    let root =
        Value::Object(root.children.into_iter().map(|(n, child)| (n, shape(child))).collect());
    let mut cx = DecodeContext::for_query(codes).recording_reads();
    let _ = T::decode_json(&root, &FieldPath::ROOT, &mut cx);
    let reads = cx.into_reads();
    problems
        .into_iter()
        .filter(|problem| subject(problem).is_some_and(|name| reads.covers(&name)))
        .collect()
}

/// A node's names as the JSON tree a decoder walks: leaves as empty text, a
/// parent of item numbers as a list of its numbered children (numbers that
/// are not canonical included), any other parent as an object.
fn shape(node: Node) -> Value {
    if node.children.is_empty() {
        return Value::String(String::new());
    }
    if node.children.keys().any(|segment| is_digits(segment)) {
        let items = node.children.into_iter().filter(|(segment, _)| is_digits(segment));
        return Value::Array(items.map(|(_, child)| shape(child)).collect());
    }
    Value::Object(
        node.children.into_iter().map(|(segment, child)| (segment, shape(child))).collect(),
    )
}

/// The name whose being read makes a problem worth reporting: the name
/// itself, the list for a problem with its numbering, the part before an
/// empty segment, the part within [`MAX_SEGMENTS`]; `None` for an empty one.
fn subject(problem: &Violation) -> Option<String> {
    let name = problem.path.as_str();
    let Rule::Query { problem } = &problem.rule else { return Some(name.to_owned()) };
    let subject = match problem {
        QueryProblem::NotUtf8 | QueryProblem::Repeated | QueryProblem::ValueAndParent { .. } => {
            name.to_owned()
        }
        QueryProblem::BadIndex
        | QueryProblem::NotAnIndex { .. }
        | QueryProblem::MissingItem { .. } => {
            name.rsplit_once('.').map(|(list, _)| list.to_owned())?
        }
        QueryProblem::EmptySegment => {
            name.split('.').take_while(|segment| !segment.is_empty()).collect::<Vec<_>>().join(".")
        }
        QueryProblem::TooDeep { max } => name.split('.').take(*max).collect::<Vec<_>>().join("."),
    };
    Some(subject).filter(|subject| !subject.is_empty())
}

/// Whether `path` (in query form) is one of `names` or lies below one.
fn within(names: &HashSet<String>, path: &str) -> bool {
    let mut prefixes = path.match_indices('.').map(|(at, _)| &path[..at]).chain([path]);
    prefixes.any(|prefix| names.contains(prefix))
}

/// A decoder's wire path (`CustomFields[0].FieldName`) as the query names it
/// (`CustomFields.1.FieldName`). Wire names hold no `[`: they are the names a
/// doc gives its parameters.
fn query_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let index =
            after.find(']').and_then(|close| Some((close, after[..close].parse::<usize>().ok()?)));
        match index {
            Some((close, index)) => {
                let _ = write!(out, ".{}", index.saturating_add(1));
                rest = &after[close + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::validate::FieldPath;
    use crate::validate::check::{self, Shown};

    /// The flattening table: a request body, and the exact query string it must become.
    fn table() -> [(&'static str, Value, &'static str); 10] {
        [
            ("scalars", json!({"UserId": "u-1", "Age": 7}), "Age=7&UserId=u-1"),
            (
                "booleans",
                json!({"EmailVerified": true, "PhoneNumberVerified": false}),
                "EmailVerified=true&PhoneNumberVerified=false",
            ),
            ("nulls left out", json!({"A": null, "B": "b"}), "B=b"),
            ("empty array left out", json!({"CustomFields": [], "UserId": "u"}), "UserId=u"),
            ("array of strings, 1-based", json!({"Ids": ["a", "b"]}), "Ids.1=a&Ids.2=b"),
            (
                "array of objects",
                json!({"CustomFields": [
                    {"FieldName": "nick_name", "FieldValue": "v", "Operation": "add"},
                    {"FieldName": "age", "Operation": "remove"}]}),
                "CustomFields.1.FieldName=nick_name&CustomFields.1.FieldValue=v&CustomFields.1.Operation=add&CustomFields.2.FieldName=age&CustomFields.2.Operation=remove",
            ),
            (
                "nested arrays of objects",
                json!({"Groups": [{"Members": [{"Id": "m1"}, {"Id": "m2"}]}]}),
                "Groups.1.Members.1.Id=m1&Groups.1.Members.2.Id=m2",
            ),
            (
                "unicode, UTF-8 then percent-encoded",
                json!({"DisplayName": "张三 é"}),
                "DisplayName=%E5%BC%A0%E4%B8%89%20%C3%A9",
            ),
            (
                "reserved characters",
                json!({"Description": "a+b=c&d/e?f*g~h_i-j.k%l"}),
                "Description=a%2Bb%3Dc%26d%2Fe%3Ff%2Ag~h_i-j.k%25l",
            ),
            (
                "sorted by encoded name, not by insertion or index",
                json!({"L": [1,2,3,4,5,6,7,8,9,10], "K": "k"}),
                "K=k&L.1=1&L.10=10&L.2=2&L.3=3&L.4=4&L.5=5&L.6=6&L.7=7&L.8=8&L.9=9",
            ),
        ]
    }

    /// The refusals: a request body, and the list item that would send nothing.
    fn refused() -> [(&'static str, Value, &'static str); 8] {
        [
            (
                "an empty first item would make the second the first",
                json!({"CustomFields": [{}, {"FieldName": "x"}]}),
                "CustomFields.1",
            ),
            (
                "an empty last item would vanish",
                json!({"CustomFields": [{"FieldName": "x"}, {}]}),
                "CustomFields.2",
            ),
            (
                "an item whose fields are all null",
                json!({"CustomFields": [{"FieldName": null, "Operation": null}]}),
                "CustomFields.1",
            ),
            ("a null item", json!({"Ids": ["a", null, "c"]}), "Ids.2"),
            ("an empty list as an item", json!({"Matrix": [[], ["a"]]}), "Matrix.1"),
            (
                "an empty item deep inside, named at its own place",
                json!({"Groups": [{"Members": [{"Id": "m1"}, {}]}]}),
                "Groups.1.Members.2",
            ),
            (
                "an item holding only an empty list",
                json!({"Groups": [{"Members": []}, {"Members": [{"Id": "m"}]}]}),
                "Groups.1",
            ),
            ("the first empty item is the one named", json!({"A": [{}], "B": [{}]}), "A.1"),
        ]
    }

    #[test]
    fn flattening_cases() {
        for (name, body, expected) in table() {
            let pairs = flatten(&body).unwrap_or_else(|e| panic!("case: {name}: {e}"));
            assert_eq!(query_string(&pairs), expected, "case: {name}");
        }
        for (name, body, path) in refused() {
            let refused = flatten(&body).err();
            let expected = RequestError::EmptyListItem { path: path.to_owned() };
            assert_eq!(refused.as_ref(), Some(&expected), "case: {name}");
        }
        assert_eq!(
            RequestError::EmptyListItem { path: "CustomFields.1".into() }.to_string(),
            "the request could not be encoded: list item `CustomFields.1` has nothing to send (no field set), and an item that sends nothing cannot be numbered on the wire"
        );
    }

    const CODES: ViolationCodes = ViolationCodes { missing: "Missing", invalid: "Invalid" };

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
    }

    /// The tree and the problems as (path, problem, code).
    fn unflat(query: &[(&str, &str)]) -> (Value, Vec<(String, QueryProblem, &'static str)>) {
        let unflattened = unflatten(&pairs(query), CODES);
        let problems = unflattened
            .problems
            .into_iter()
            .map(|v| match v.rule {
                Rule::Query { problem } => {
                    assert_eq!(v.actual, None, "unflattening never shows a value");
                    (v.path, problem, v.code)
                }
                other => panic!("not a query problem: {other:?}"),
            })
            .collect();
        (unflattened.value, problems)
    }

    fn problem(path: &str, problem: QueryProblem) -> (String, QueryProblem, &'static str) {
        (path.to_owned(), problem, "Invalid")
    }

    /// `value` without what flattening leaves out (`null`s, empty arrays),
    /// every scalar as the text the query carries.
    fn as_query_carries(value: &Value) -> Option<Value> {
        match value {
            Value::Null => None,
            Value::Array(items) if items.is_empty() => None,
            Value::Array(items) => {
                Some(Value::Array(items.iter().filter_map(as_query_carries).collect()))
            }
            Value::Object(object) => Some(Value::Object(
                object
                    .iter()
                    .filter_map(|(key, item)| Some((key.clone(), as_query_carries(item)?)))
                    .collect(),
            )),
            Value::String(text) => Some(Value::String(text.clone())),
            Value::Bool(_) | Value::Number(_) => Some(Value::String(value.to_string())),
        }
    }

    /// A request type with every field of the flattening table, decoded as
    /// generated code decodes (`cx.optional` per field).
    #[derive(Debug, Default, PartialEq)]
    struct Table {
        user_id: Option<String>,
        age: Option<i64>,
        email_verified: Option<bool>,
        phone_number_verified: Option<bool>,
        a: Option<String>,
        b: Option<String>,
        custom_fields: Option<Vec<CustomField>>,
        ids: Option<Vec<String>>,
        groups: Option<Vec<Group>>,
        display_name: Option<String>,
        description: Option<String>,
        l: Option<Vec<i64>>,
        k: Option<String>,
    }

    #[derive(Debug, Default, PartialEq)]
    struct CustomField {
        field_name: Option<String>,
        field_value: Option<String>,
        operation: Option<String>,
    }

    #[derive(Debug, Default, PartialEq)]
    struct Group {
        members: Option<Vec<Member>>,
    }

    #[derive(Debug, Default, PartialEq)]
    struct Member {
        id: Option<String>,
    }

    impl DecodeJson for Table {
        fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
            let Some(o) = cx.object(value, at) else { return Self::placeholder() };
            Self {
                user_id: cx.optional(o, at, "UserId"),
                age: cx.optional(o, at, "Age"),
                email_verified: cx.optional(o, at, "EmailVerified"),
                phone_number_verified: cx.optional(o, at, "PhoneNumberVerified"),
                a: cx.optional(o, at, "A"),
                b: cx.optional(o, at, "B"),
                custom_fields: cx.optional(o, at, "CustomFields"),
                ids: cx.optional(o, at, "Ids"),
                groups: cx.optional(o, at, "Groups"),
                display_name: cx.optional(o, at, "DisplayName"),
                description: cx.optional(o, at, "Description"),
                l: cx.optional(o, at, "L"),
                k: cx.optional(o, at, "K"),
            }
        }

        fn placeholder() -> Self {
            Self::default()
        }
    }

    impl DecodeJson for CustomField {
        fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
            let Some(o) = cx.object(value, at) else { return Self::placeholder() };
            Self {
                field_name: cx.optional(o, at, "FieldName"),
                field_value: cx.optional(o, at, "FieldValue"),
                operation: cx.optional(o, at, "Operation"),
            }
        }

        fn placeholder() -> Self {
            Self::default()
        }
    }

    impl DecodeJson for Group {
        fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
            let Some(o) = cx.object(value, at) else { return Self::placeholder() };
            Self { members: cx.optional(o, at, "Members") }
        }

        fn placeholder() -> Self {
            Self::default()
        }
    }

    impl DecodeJson for Member {
        fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
            let Some(o) = cx.object(value, at) else { return Self::placeholder() };
            Self { id: cx.optional(o, at, "Id") }
        }

        fn placeholder() -> Self {
            Self::default()
        }
    }

    impl Validate for Table {}

    #[test]
    fn unflattening_inverts_flattening_for_every_table_case() {
        for (name, body, query) in table() {
            let expected = as_query_carries(&body).unwrap_or_default();
            let pairs = flatten(&body).unwrap_or_else(|e| panic!("case: {name}: {e}"));
            let unflattened = unflatten(&pairs, CODES);
            assert_eq!(unflattened.problems, [], "case: {name}");
            assert_eq!(unflattened.value, expected, "case: {name}");
            // And from the query string itself: percent-decoding, unicode, reserved characters.
            let (decoded_pairs, problems) = query_pairs(query, CODES);
            assert_eq!(problems, [], "case: {name}");
            assert_eq!(unflatten(&decoded_pairs, CODES).value, expected, "case: {name}");
        }
    }

    #[test]
    fn typed_decoding_of_the_unflattened_table_gives_back_the_request() {
        for (name, body, query) in table() {
            // The request as a JSON body decodes it; flattening leaves out
            // `null`s and empty arrays, which decode as absent either way
            // but for the empty array (`Some(vec![])` from JSON).
            let kept = as_query_carries(&body).map(|_| prune(&body)).unwrap_or_default();
            let by_json = decode_value::<Table>(&kept, DecodeContext::new(CODES));
            assert_eq!((&by_json.problems, &by_json.rules), (&vec![], &vec![]), "case: {name}");
            assert_ne!(by_json.value, Table::default(), "case: {name}");

            let pairs = flatten(&body).unwrap_or_else(|e| panic!("case: {name}: {e}"));
            let from_pairs = decode_pairs::<Table>(&pairs, CODES, Vec::new());
            assert_eq!(from_pairs.problems, [], "case: {name}");
            assert_eq!(from_pairs.value, by_json.value, "case: {name}");
            let from_query = decode_query::<Table>(query, CODES);
            assert_eq!(from_query.problems, [], "case: {name}");
            assert_eq!(from_query.value, by_json.value, "case: {name}");
        }
    }

    /// `value` without `null`s and empty arrays, scalars kept as they are.
    fn prune(value: &Value) -> Value {
        match value {
            Value::Object(object) => Value::Object(
                object
                    .iter()
                    .filter(|(_, item)| {
                        !item.is_null() && item.as_array().is_none_or(|a| !a.is_empty())
                    })
                    .map(|(key, item)| (key.clone(), prune(item)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(prune).collect()),
            other => other.clone(),
        }
    }

    #[test]
    fn nested_arrays_of_objects_and_deep_names() {
        let (value, problems) = unflat(&[
            ("Groups.1.Members.2.Id", "m2"),
            ("Groups.1.Members.1.Id", "m1"),
            ("Groups.2.Name", "g2"),
            ("Groups.1.Name", "g1"),
            ("Matrix.1.1", "a"),
            ("Matrix.1.2", "b"),
            ("Matrix.2.1", "c"),
        ]);
        assert_eq!(problems, []);
        assert_eq!(
            value,
            json!({
                "Groups": [{"Members": [{"Id": "m1"}, {"Id": "m2"}], "Name": "g1"}, {"Name": "g2"}],
                "Matrix": [["a", "b"], ["c"]],
            })
        );
        // Items are ordered by number, not by text: 10 after 9.
        let ten: Vec<(String, String)> =
            (1..=10).rev().map(|n| (format!("L.{n}"), n.to_string())).collect();
        let value = unflatten(&ten, CODES).value;
        let expected: Vec<String> = (1..=10).map(|n| n.to_string()).collect();
        assert_eq!(value, json!({ "L": expected }));
        // MAX_SEGMENTS segments are fine; one more is a problem.
        let deepest = vec!["A"; MAX_SEGMENTS].join(".");
        let (value, problems) = unflat(&[(&deepest, "x")]);
        assert_eq!(problems, []);
        assert!(value.get("A").is_some());
        let too_deep = vec!["A"; MAX_SEGMENTS + 1].join(".");
        let (value, problems) = unflat(&[(&too_deep, "x")]);
        assert_eq!(value, json!({}));
        assert_eq!(problems, [problem(&too_deep, QueryProblem::TooDeep { max: MAX_SEGMENTS })]);
    }

    #[test]
    fn unicode_and_reserved_characters_in_names_and_values() {
        let query = "Name%E5%90%8D=%E5%BC%A0%20%C3%A9&Text=a%2Bb%3Dc%26d&Plus=a+b&Bare&Eq=x%3Dy=z";
        let (decoded, problems) = query_pairs(query, CODES);
        assert_eq!(problems, []);
        assert_eq!(
            unflatten(&decoded, CODES).value,
            json!({
                "Name名": "张 é",
                "Text": "a+b=c&d",
                // A `+` is a plus: ACS3 encodes a space as %20.
                "Plus": "a+b",
                "Bare": "",
                // Split at the first `=` only.
                "Eq": "x=y=z",
            })
        );
    }

    #[test]
    fn index_zero_leading_zeros_and_overflow_are_bad_item_numbers() {
        let (value, problems) = unflat(&[("Tags.0", "a"), ("Other", "o")]);
        assert_eq!(value, json!({"Other": "o"}));
        assert_eq!(problems, [problem("Tags.0", QueryProblem::BadIndex)]);
        let huge = "Tags.99999999999999999999999999";
        let (value, problems) = unflat(&[("Tags.1", "a"), ("Tags.02", "b"), (huge, "c")]);
        assert_eq!(value, json!({}));
        assert_eq!(
            problems,
            [problem("Tags.02", QueryProblem::BadIndex), problem(huge, QueryProblem::BadIndex)]
        );
    }

    #[test]
    fn a_name_that_is_no_number_beside_item_numbers() {
        let (value, problems) =
            unflat(&[("Tags.1.Key", "a"), ("Tags.x.Key", "b"), ("Tags.y", "c")]);
        assert_eq!(value, json!({}));
        let item = || "Tags.1".to_owned();
        assert_eq!(
            problems,
            [
                problem("Tags.x", QueryProblem::NotAnIndex { item: item() }),
                problem("Tags.y", QueryProblem::NotAnIndex { item: item() }),
            ]
        );
    }

    #[test]
    fn each_gap_in_the_numbering_is_reported_once_with_the_missing_code() {
        let (value, problems) = unflat(&[("Tags.1", "a"), ("Tags.3", "c")]);
        assert_eq!(value, json!({}));
        let missing = |path: &str, next: &str| {
            (path.to_owned(), QueryProblem::MissingItem { next: next.to_owned() }, "Missing")
        };
        assert_eq!(problems, [missing("Tags.2", "Tags.3")]);
        let (_, problems) =
            unflat(&[("Tags.9", "i"), ("Tags.5", "e"), ("Tags.1", "a"), ("Tags.6", "f")]);
        assert_eq!(problems, [missing("Tags.2", "Tags.5"), missing("Tags.7", "Tags.9")]);
        // No first item; a number far out is one problem, and nothing is allocated for the gap.
        let (_, problems) = unflat(&[("Tags.2", "b")]);
        assert_eq!(problems, [missing("Tags.1", "Tags.2")]);
        let far = format!("Tags.{}", usize::MAX);
        let (_, problems) = unflat(&[("Tags.1", "a"), (&far, "z")]);
        assert_eq!(problems, [missing("Tags.2", &far)]);
    }

    #[test]
    fn a_name_both_value_and_parent_is_left_out() {
        for query in [[("A", "1"), ("A.B", "2")], [("A.B", "2"), ("A", "1")]] {
            let (value, problems) = unflat(&query);
            assert_eq!(value, json!({}));
            let child = "A.B".to_owned();
            assert_eq!(problems, [problem("A", QueryProblem::ValueAndParent { child })]);
        }
        // What lies under it is still searched, and a list item left out keeps its place.
        let (value, problems) =
            unflat(&[("A", "1"), ("A.0", "x"), ("L.1", "a"), ("L.2", "b"), ("L.2.C", "c")]);
        assert_eq!(value, json!({"L": ["a", null]}));
        assert_eq!(
            problems,
            [
                problem("A", QueryProblem::ValueAndParent { child: "A.0".into() }),
                problem("A.0", QueryProblem::BadIndex),
                problem("L.2", QueryProblem::ValueAndParent { child: "L.2.C".into() }),
            ]
        );
    }

    #[test]
    fn the_same_name_twice_is_one_problem_and_neither_value_is_kept() {
        let (value, problems) =
            unflat(&[("A", "1"), ("B", "b"), ("A", "2"), ("A", "3"), ("L.1", "x"), ("L.1", "y")]);
        assert_eq!(value, json!({"B": "b", "L": [null]}));
        assert_eq!(
            problems,
            [problem("A", QueryProblem::Repeated), problem("L.1", QueryProblem::Repeated)]
        );
    }

    #[test]
    fn empty_names_and_segments() {
        for name in ["", ".", ".A", "A.", "A..B", "Tags.1."] {
            let (value, problems) = unflat(&[(name, "x"), ("Ok", "y")]);
            assert_eq!(value, json!({"Ok": "y"}), "{name:?}");
            assert_eq!(problems, [problem(name, QueryProblem::EmptySegment)], "{name:?}");
        }
        let errors = unflatten(&pairs(&[("", "x")]), CODES).into_result().err();
        let errors = errors.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            errors.contains("\n  the query must not have an empty name or segment"),
            "{errors}"
        );
    }

    #[test]
    fn parts_that_are_not_utf8_once_decoded() {
        let (decoded, problems) = query_pairs("A=%FF&%C3=1&B=%41%62", CODES);
        assert_eq!(decoded, pairs(&[("B", "Ab")]));
        let found: Vec<(&str, &Rule)> =
            problems.iter().map(|v| (v.path.as_str(), &v.rule)).collect();
        let rule = Rule::Query { problem: QueryProblem::NotUtf8 };
        assert_eq!(found, [("A", &rule), ("\u{FFFD}", &rule)]);
        assert!(problems.iter().all(|v| v.actual.is_none() && v.code == "Invalid"));
    }

    #[test]
    fn the_root_is_an_object_whatever_its_names() {
        let (value, problems) = unflat(&[("1", "a"), ("2", "b")]);
        assert_eq!((value, problems), (json!({"1": "a", "2": "b"}), vec![]));
    }

    #[test]
    fn hostile_queries_never_panic() {
        let deep = "A.".repeat(10_000) + "B=1";
        let wide: String = (0..2_000).map(|n| format!("L.{n}=x&")).collect();
        // Many problems and many violations: each violation is looked up once per prefix.
        let many: String =
            (1..=5_000).map(|n| format!("A{n}=1&A{n}=2&Ids.{n}.X=1&Groups.{n}=g&")).collect();
        let queries = [
            "",
            "&",
            "&&&",
            "=",
            "==",
            "a=b=c",
            "%",
            "%zz=%",
            "%%%=%%",
            "a.1.b.1.c..=",
            "A=1&A.1=2&A.1.B=3&A.x=4",
            "L.0.0.0=1",
            "1.1.1=1",
            "L.1=a&L.1.1=b&L.1.1.1=c",
            &deep,
            &wide,
            &many,
        ];
        for query in queries {
            let decoded = decode_query::<Table>(query, CODES);
            let _ = format!("{decoded:?}");
            for violation in decoded.problems.iter().chain(&decoded.rules) {
                let _ = violation.to_string();
            }
        }
    }

    /// A request with a required field, a required list, a boolean and a rule.
    #[derive(Debug, Default, PartialEq)]
    struct Account {
        id: String,
        tags: Vec<Tag>,
        enabled: Option<bool>,
        count: Option<i64>,
        name: Option<String>,
    }

    #[derive(Debug, Default, PartialEq)]
    struct Tag {
        key: String,
    }

    impl DecodeJson for Account {
        fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
            let Some(o) = cx.object(value, at) else { return Self::placeholder() };
            Self {
                id: cx.required(o, at, "Id"),
                tags: cx.required(o, at, "Tags"),
                enabled: cx.optional(o, at, "Enabled"),
                count: cx.optional(o, at, "Count"),
                name: cx.optional(o, at, "Name"),
            }
        }

        fn placeholder() -> Self {
            Self::default()
        }
    }

    impl DecodeJson for Tag {
        fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
            let Some(o) = cx.object(value, at) else { return Self::placeholder() };
            Self { key: cx.required(o, at, "Key") }
        }

        fn placeholder() -> Self {
            Self::default()
        }
    }

    impl Validate for Account {
        fn collect_violations(&self, at: &FieldPath<'_>, out: &mut Vec<Violation>) {
            let path = at.field("Id");
            check::length(out, &path, &self.id, (Some(1), Some(3)), "TooLong", Shown::Value);
            let path = at.field("Tags");
            self.tags.collect_violations(&path, out);
        }
    }

    impl Validate for Tag {
        fn collect_violations(&self, at: &FieldPath<'_>, out: &mut Vec<Violation>) {
            let path = at.field("Key");
            check::length(out, &path, &self.key, (Some(1), None), "Empty", Shown::Value);
        }
    }

    fn found(decoded: &Decoded<Account>) -> Vec<(&str, &Rule, &'static str)> {
        let all = decoded.problems.iter().chain(&decoded.rules);
        all.map(|v| (v.path.as_str(), &v.rule, v.code)).collect()
    }

    #[test]
    fn text_scalars_decode_and_every_problem_is_at_its_query_name() {
        let decoded = decode_query::<Account>(
            "Id=abc&Tags.1.Key=k1&Tags.2.Key=k2&Enabled=true&Count=42",
            CODES,
        );
        assert_eq!(found(&decoded), []);
        let tags = vec![Tag { key: "k1".into() }, Tag { key: "k2".into() }];
        let expected =
            Account { id: "abc".into(), tags, enabled: Some(true), count: Some(42), name: None };
        assert_eq!(decoded.value, expected);
        assert_eq!(
            decode_query::<Account>("Id=a&Tags.1.Key=k&Enabled=false", CODES).value.enabled,
            Some(false)
        );

        // Types, rules and missing fields deep in lists, all at once, at 1-based names.
        let decoded = decode_query::<Account>(
            "Id=abcd&Tags.1.Key=&Tags.2.Nope=x&Tags.3=flat&Enabled=True&Count=%2042",
            CODES,
        );
        let type_error = |expected, found| Rule::Type { expected, found };
        assert_eq!(
            found(&decoded),
            [
                ("Tags.2.Key", &Rule::Required, "Missing"),
                ("Tags.3", &type_error("an object", "a string"), "Invalid"),
                ("Enabled", &type_error("a boolean", "a string"), "Invalid"),
                ("Count", &type_error("an integer", "a string"), "Invalid"),
                ("Id", &Rule::Length { min: Some(1), max: Some(3), actual: 4 }, "TooLong"),
                ("Tags.1.Key", &Rule::Length { min: Some(1), max: None, actual: 0 }, "Empty"),
            ]
        );
        assert_eq!(
            decoded.problems[2].to_string(),
            r#"Enabled must be a boolean, not a string (got "True") [Invalid]"#
        );
        // Digits beyond what the integer holds: out of its range, as sent.
        let decoded =
            decode_query::<Account>("Id=a&Tags.1.Key=k&Count=99999999999999999999", CODES);
        let range = Rule::Range { min: Some(i64::MIN), max: Some(i64::MAX) };
        assert_eq!(found(&decoded), [("Count", &range, "Invalid")]);
        assert_eq!(decoded.problems[0].actual.as_deref(), Some("99999999999999999999"));
    }

    #[test]
    fn what_follows_from_a_malformed_name_is_not_reported_again() {
        // Id given twice: reported once, not also as missing or too short.
        // Tags with a gap: reported at the gap, not also as missing.
        // Tags.., an empty segment, does not cover Tags.
        let decoded =
            decode_query::<Account>("Id=a&Id=b&Tags.1.Key=k&Tags.3.Key=k&Tags..Key=x", CODES);
        let query = |problem| Rule::Query { problem };
        assert_eq!(
            found(&decoded),
            [
                ("Id", &query(QueryProblem::Repeated), "Invalid"),
                ("Tags..Key", &query(QueryProblem::EmptySegment), "Invalid"),
                ("Tags.2", &query(QueryProblem::MissingItem { next: "Tags.3".into() }), "Missing"),
            ]
        );
        // A list item left out: its `null` stand-in is not reported, the other items are.
        let decoded = decode_query::<Account>("Id=a&Tags.1.Key=&Tags.2=x&Tags.2.Key=k", CODES);
        let child = "Tags.2.Key".to_owned();
        assert_eq!(
            found(&decoded),
            [
                ("Tags.2", &query(QueryProblem::ValueAndParent { child }), "Invalid"),
                ("Tags.1.Key", &Rule::Length { min: Some(1), max: None, actual: 0 }, "Empty"),
            ]
        );
        // A value that is not UTF-8 is not also missing; a name with an empty
        // segment covers nothing, not even the field before it.
        let decoded = decode_query::<Account>("Id=%FF&Tags.=x", CODES);
        assert_eq!(
            found(&decoded),
            [
                ("Id", &query(QueryProblem::NotUtf8), "Invalid"),
                ("Tags.", &query(QueryProblem::EmptySegment), "Invalid"),
                ("Tags", &Rule::Required, "Missing"),
            ]
        );
    }

    /// [`Account`] with a free-form `json` field, which takes whatever lies under it.
    #[derive(Debug, Default, PartialEq)]
    struct WithJson {
        account: Account,
        meta: Option<Value>,
    }

    impl DecodeJson for WithJson {
        fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
            let account = Account::decode_json(value, at, cx);
            let Some(o) = value.as_object() else { return Self { account, meta: None } };
            Self { account, meta: cx.optional(o, at, "Meta") }
        }

        fn placeholder() -> Self {
            Self::default()
        }
    }

    impl Validate for WithJson {}

    #[test]
    fn names_no_field_reads_are_ignored_whatever_is_wrong_with_them() {
        let query = |problem| Rule::Query { problem };
        let valid = "Id=a&Tags.1.Key=k";
        for unknown in [
            "Foo=1&Foo=2",
            "Signature=a&Signature.x=b",
            "Foo=%FF",
            "%C3=1",
            "=x",
            ".Foo=x",
            "Foo..Bar=x",
            "Foo.0=a&Foo.2=b&Foo.x=c",
            // Inside an item the request reads, a field it does not.
            "Tags.1.Nope=x&Tags.1.Nope=y",
            "Tags.1.Nope=x&Tags.1.Nope.Deeper=y",
            // Inside a list left out for its numbering: its items' fields are still known.
            "Tags.3.Key=k&Tags.3.Nope=x&Tags.3.Nope=y",
        ] {
            let decoded = decode_query::<Account>(&format!("{valid}&{unknown}"), CODES);
            let kept: Vec<_> = found(&decoded)
                .into_iter()
                .filter(|(path, ..)| !path.starts_with("Tags.2"))
                .collect();
            assert_eq!(kept, [], "{unknown}");
        }
        // The same problems at names the request reads are reported, items and
        // lists left out included.
        let decoded = decode_query::<Account>(
            "Id=a&Id=b&Tags.1.Key=k&Tags.1.Key=l&Tags.3.Key=m&Tags.3.Key.X=n&Name=%FF&Count..X=1&7=x",
            CODES,
        );
        let child = "Tags.3.Key.X".to_owned();
        assert_eq!(
            found(&decoded),
            [
                ("Name", &query(QueryProblem::NotUtf8), "Invalid"),
                ("Id", &query(QueryProblem::Repeated), "Invalid"),
                ("Tags.1.Key", &query(QueryProblem::Repeated), "Invalid"),
                ("Count..X", &query(QueryProblem::EmptySegment), "Invalid"),
                ("Tags.2", &query(QueryProblem::MissingItem { next: "Tags.3".into() }), "Missing"),
                ("Tags.3.Key", &query(QueryProblem::ValueAndParent { child }), "Invalid"),
            ]
        );
        // Under a free-form field, every name is read.
        let decoded = decode_query::<WithJson>("Id=a&Tags.1.Key=k&Meta.A=1&Meta.A=2", CODES);
        let problems: Vec<_> = decoded.problems.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(problems, ["Meta.A"]);
    }

    #[test]
    fn json_bodies_keep_booleans_strict() {
        let json = json!({"Id": "a", "Tags": [{"Key": "k"}], "Enabled": "true"});
        let decoded = decode_value::<Account>(&json, DecodeContext::new(CODES));
        let rule = Rule::Type { expected: "a boolean", found: "a string" };
        assert_eq!(found(&decoded), [("Enabled", &rule, "Invalid")]);
        let decoded = decode_value::<Account>(&json, DecodeContext::for_query(CODES));
        assert_eq!((found(&decoded), decoded.value.enabled), (vec![], Some(true)));
    }

    #[test]
    fn decoder_paths_become_query_names() {
        assert_eq!(query_path(""), "");
        assert_eq!(query_path("Id"), "Id");
        assert_eq!(query_path("CustomFields[0].FieldName"), "CustomFields.1.FieldName");
        assert_eq!(query_path("Matrix[1][9]"), "Matrix.2.10");
        assert_eq!(query_path("Odd[x]"), "Odd[x]");
        assert_eq!(query_path("Open["), "Open[");
    }
}
