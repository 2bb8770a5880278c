//! Size and depth limits (`crate::limits`): past them the generated crate does
//! not compile, rustc crashes, or the generator itself would recurse too deep,
//! so each is refused here and `lower` and `emit` never see such input.

use super::Table;
use crate::diagnostic::FileReporter;
use crate::limits::{ARRAY_NESTING, FIELDS_PER_TYPE, TYPE_CHAIN};
use crate::spec::{TypeExpr, TypeSpec};

/// Reports a `type:` nesting arrays deeper than [`ARRAY_NESTING`] (which
/// `resolve` refused to parse at all).
pub(super) fn array_nesting(text: &str, path: &str, report: &mut FileReporter<'_>) {
    let depth = TypeExpr::array_depth(text);
    if depth > ARRAY_NESTING {
        report.error(
            path,
            format!("type nests `array<…>` {depth} deep; the limit is {ARRAY_NESTING}"),
            "check the doc: no API nests arrays this deep (specs/README.md, Limits)",
        );
    }
}

/// Checks that a type, request or response has at most [`FIELDS_PER_TYPE`] fields.
pub(super) fn field_count(count: usize, path: &str, report: &mut FileReporter<'_>) {
    if count > FIELDS_PER_TYPE {
        report.error(
            path,
            format!("{count} fields; the limit is {FIELDS_PER_TYPE} per type"),
            "check the doc: split the fields among named types, as its tables do (specs/README.md, Limits)",
        );
    }
}

/// Checks that no value nests deeper than [`TYPE_CHAIN`] levels, each named
/// type and each array on the way counting as one: a chain of types, each
/// holding the next in a field (alone or in arrays). Reports the type each
/// too-deep chain starts from, once per chain.
pub(super) fn type_chain(types: &[TypeSpec], table: &Table, report: &mut FileReporter<'_>) {
    let edges = references(table);
    let depths = depths(&edges);
    // A type held by a type starting a deeper chain is inside that chain: not
    // reported again. The deepest type of each group is held by no deeper one.
    let mut inner = vec![false; types.len()];
    for (holder, held) in edges.iter().enumerate() {
        for &(i, _) in held {
            inner[i] |= depths[holder] > depths[i];
        }
    }
    let heads = (0..types.len()).filter(|&i| depths[i] > TYPE_CHAIN && !inner[i]);
    for i in heads {
        report.error(
            &format!("types[{i}].name"),
            format!(
                "type `{}` nests {} levels deep (each type and each array on the way is one); the limit is {TYPE_CHAIN}",
                types[i].name, depths[i]
            ),
            "check the doc: no API nests objects this deep (specs/README.md, Limits)",
        );
    }
}

/// For each type (by index), the types its fields hold: (index, arrays around it).
fn references(table: &Table) -> Vec<Vec<(usize, usize)>> {
    table
        .types
        .iter()
        .map(|ty| {
            let mut held: Vec<(usize, usize)> = ty
                .fields
                .iter()
                .filter_map(|f| {
                    let expr = &f.as_ref().ok()?.expr;
                    match expr.innermost() {
                        TypeExpr::Named(name) => Some((table.type_index(name)?, expr.arrays())),
                        _ => None,
                    }
                })
                .collect();
            held.sort_unstable();
            held.dedup();
            held
        })
        .collect()
}

/// How deep a value of each type (`edges` from [`references`]) nests, in
/// levels: 1 for a type holding no other, plus the arrays and the depth of
/// the deepest type it holds. A type met again on the chain being walked
/// (recursion through an array, which `check_recursion` allows) ends that
/// chain. The walk keeps its own stack: the chain it follows may be as long
/// as the spec has types, far deeper than the thread's stack allows for
/// recursion.
fn depths(edges: &[Vec<(usize, usize)>]) -> Vec<usize> {
    let mut depth: Vec<Option<usize>> = vec![None; edges.len()];
    let mut on_chain = vec![false; edges.len()];
    for root in 0..edges.len() {
        if depth[root].is_some() {
            continue;
        }
        on_chain[root] = true;
        // (type, index of the next held type to visit)
        let mut stack = vec![(root, 0)];
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            if let Some(&(child, _)) = edges[node].get(*next) {
                *next += 1;
                if depth[child].is_none() && !on_chain[child] {
                    on_chain[child] = true;
                    stack.push((child, 0));
                }
            } else {
                let deepest = edges[node]
                    .iter()
                    .filter_map(|&(c, arrays)| Some(arrays + depth[c]?))
                    .max()
                    .unwrap_or(0);
                depth[node] = Some(deepest + 1);
                on_chain[node] = false;
                stack.pop();
            }
        }
    }
    depth.into_iter().map(|d| d.unwrap_or(1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::FieldSpec;

    fn ty(name: &str, holds: &[&str]) -> TypeSpec {
        let field = |held: &&str| FieldSpec {
            name: format!("F{held}"),
            ty: (*held).to_owned(),
            required: false,
            nullable: false,
            sensitive: false,
            description: String::new(),
            example: None,
            known_values: Vec::new(),
            rules: Vec::new(),
            notes: Vec::new(),
        };
        TypeSpec {
            name: name.to_owned(),
            description: String::new(),
            fields: holds.iter().map(field).collect(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn depth_counts_types_and_arrays_and_stops_at_cycles() {
        let types = [
            ty("A", &["B", "array<C>"]),
            ty("B", &["array<array<C>>", "string"]),
            ty("C", &[]),
            ty("D", &["array<E>"]),
            ty("E", &["array<D>"]),
        ];
        assert_eq!(
            depths(&references(&crate::resolve::table(("s", "2020-01-01"), &types, &[]))),
            [5, 4, 1, 3, 1]
        );
    }

    #[test]
    fn a_long_chain_needs_no_deep_stack() {
        let names: Vec<String> = (0..100_000).map(|i| format!("T{i}")).collect();
        let types: Vec<TypeSpec> = names
            .iter()
            .enumerate()
            .map(|(i, name)| match names.get(i + 1) {
                Some(next) => ty(name, &[next.as_str()]),
                None => ty(name, &[]),
            })
            .collect();
        assert_eq!(
            depths(&references(&crate::resolve::table(("s", "2020-01-01"), &types, &[])))[0],
            100_000
        );
    }
}
