//! How long regenerating the whole crate takes, stage by stage, and how fast
//! hostile specs are refused.
//!
//! `cargo bench -p codegen --bench pipeline`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn pipeline(c: &mut Criterion) {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let texts = codegen::load::read_dir(&specs).expect("the workspace's specs are readable");
    let model = codegen::compile(&texts).expect("the workspace's specs are valid");
    let emitted = codegen::emit::emit(&model);

    c.bench_function("compile all specs (parse, check, lower)", |b| {
        b.iter(|| codegen::compile(black_box(&texts)))
    });
    c.bench_function("emit all specs (model to tokens)", |b| {
        b.iter(|| codegen::emit::emit(black_box(&model)))
    });
    c.bench_function("format all files (prettyplease)", |b| {
        b.iter(|| {
            emitted.files.iter().map(codegen::files::render).map(|text| text.len()).sum::<usize>()
        })
    });
    c.bench_function("generate all specs end to end (in memory)", |b| {
        b.iter(|| {
            let model = codegen::compile(black_box(&texts)).expect("valid");
            codegen::emit::emit(&model)
                .files
                .iter()
                .map(codegen::files::render)
                .map(|text| text.len())
                .sum::<usize>()
        })
    });
}

fn diff(c: &mut Criterion) {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let texts = codegen::load::read_dir(&specs).expect("the workspace's specs are readable");
    let base = codegen::compile(&texts).expect("the workspace's specs are valid");
    let mut edited = texts.clone();
    for text in edited.values_mut() {
        *text = text.replace("max: 128", "max: 64").replace("required: true", "required: false");
    }
    let head = codegen::compile(&edited).expect("the edited specs are valid");
    c.bench_function("diff all specs (models compared, report built)", |b| {
        b.iter(|| codegen::diff::diff(black_box(&base), black_box(&head)).changes.len())
    });
    c.bench_function("diff all specs with spec lines (Report::locate)", |b| {
        b.iter(|| {
            let mut report = codegen::diff::diff(black_box(&base), black_box(&head));
            report.locate(&texts, &edited);
            report.changes.len()
        })
    });
    // Every pattern replaced: each pair is decided on the regexes' DFAs.
    let mut patterns = texts.clone();
    for text in patterns.values_mut() {
        *text = text
            .replace("'^[0-9]{6,15}$'", "'^[0-9]{6,20}$'")
            .replace("'[A-Z]'", "'[A-Z_]'")
            .replace("'[a-z]'", "'[a-y]'")
            .replace("'[0-9]'", r"'\d'")
            .replace("'[^A-Za-z0-9]'", "'[^A-Za-z0-9_]'");
    }
    let repatterned = codegen::compile(&patterns).expect("the specs with other patterns are valid");
    c.bench_function("diff with all 5 patterns replaced (inclusion on DFAs)", |b| {
        b.iter(|| codegen::diff::diff(black_box(&base), black_box(&repatterned)).changes.len())
    });
}

/// Hostile texts are refused by the pre-scan in linear time (before it, 100,000
/// nested `[` took 37 s in serde_yaml's scanner). Twice the input should take
/// about twice the time.
fn hostile(c: &mut Criterion) {
    for count in [100_000, 200_000] {
        let brackets =
            std::collections::BTreeMap::from([("acme/widgets.yaml".to_owned(), "[".repeat(count))]);
        c.bench_function(&format!("refuse {count} nested `[`"), |b| {
            b.iter(|| codegen::compile(black_box(&brackets)).err().map(|d| d.len()))
        });
    }
    let mut wide = String::from("a: [");
    while wide.len() < codegen::yaml::MAX_FILE_BYTES - 16 {
        wide.push_str("[x], ");
    }
    c.bench_function("pre-scan a 1 MiB flow sequence", |b| {
        b.iter(|| codegen::yaml::prescan(black_box(&wide)).is_ok())
    });
    // Each misfit costs a pass over the file; the passes' bytes are bounded.
    let mut misfits = String::from(
        "service: widgets\ntitle: W\nversion: \"2024-01-15\"\nsource:\n  document: w.txt\n\
         actions:\n  - name: A\n    description: d\n    response: []\n    request:\n",
    );
    while misfits.len() < codegen::yaml::MAX_FILE_BYTES - 100 {
        misfits.push_str("      - {name: F, type: string, description: d, required: nope}\n");
    }
    let misfits = std::collections::BTreeMap::from([("acme/widgets.yaml".to_owned(), misfits)]);
    c.bench_function("read a 1 MiB file of misfits (8 passes)", |b| {
        b.iter(|| codegen::compile(black_box(&misfits)).err().map(|d| d.len()))
    });
    // Types holding the next one: a chain is peeled off in one pass (it took
    // minutes when every type searched all it reaches); a ring is a search
    // per type, each type on it reported.
    for (shape, closes) in [("chain", false), ("ring", true)] {
        let count = 2_000;
        let mut text = String::from(
            "service: inventory\ntitle: I\nversion: \"2024-04-01\"\nsource:\n  document: i.txt\n\
             actions: []\ntypes:\n",
        );
        for i in 0..count {
            let next = if i + 1 < count {
                format!("T{}", i + 1)
            } else if closes {
                "T0".into()
            } else {
                "string".into()
            };
            text.push_str(&format!(
                "  - {{name: T{i}, description: t, fields: [{{name: Next, type: {next}, description: n}}]}}\n"
            ));
        }
        let provider = include_str!("../../tests/fixtures/ok/types/acme/provider.yaml");
        let specs = std::collections::BTreeMap::from([
            ("acme/provider.yaml".to_owned(), provider.to_owned()),
            ("acme/inventory.yaml".to_owned(), text),
        ]);
        c.bench_function(&format!("check {count} types held in a {shape}"), |b| {
            b.iter(|| codegen::compile(black_box(&specs)).err().map(|d| d.len()))
        });
    }
}

criterion_group!(benches, pipeline, diff, hostile);
criterion_main!(benches);
