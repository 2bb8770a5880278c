//! How long regenerating the whole crate takes, stage by stage.
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
}

criterion_group!(benches, pipeline, diff);
criterion_main!(benches);
