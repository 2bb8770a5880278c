//! A serde `Deserializer` adapter that lets one file be deserialized again
//! with the nodes that did not fit left out, so a pass reports the next
//! problem instead of the same one.
//!
//! serde stops at the first value of the wrong type, and a value tree
//! (`serde_yaml::Value`) would read `example: 86` as a number, not the string
//! the text deserializer gives a `String` field. So instead of a tree this
//! wraps the text deserializer itself, as `serde_ignored` does, and:
//!
//! - tracks each node's path (a list on the stack, rendered only when needed);
//! - skips the map entries and sequence items named in [`Cuts`], consuming
//!   them from the wrapped deserializer so its own paths and marks stay those
//!   of the file;
//! - notes where an error surfaced first (the innermost node whose
//!   deserialization failed) and every unknown key (one the spec type ignores).
//!
//! Everything else is forwarded, so a file with nothing cut deserializes
//! exactly as the wrapped deserializer alone would.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, IntoDeserializer, MapAccess,
    SeqAccess, VariantAccess, Visitor,
};

/// One step of a path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Seg {
    /// A mapping's key, as text.
    Key(String),
    /// A sequence's item, counted from 0 in the file (skipped items count).
    Index(usize),
}

/// `segs` in the notation diagnostics use: `actions[0].request[2].type`.
pub(super) fn render(segs: &[Seg]) -> String {
    let mut out = String::new();
    for seg in segs {
        match seg {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::Index(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// The nodes to leave out of a file, as a tree of path steps, so that looking
/// one up renders no path (a hostile file may have a key of a megabyte).
#[derive(Debug, Default)]
pub(super) struct Cuts {
    /// This node is left out.
    cut: bool,
    /// Every occurrence of this key after the first in its mapping is left out.
    repeats: bool,
    /// Keys this mapping lacks that a placeholder ([`Hole`]) stands in for,
    /// appended after its last entry.
    holes: Vec<String>,
    keys: BTreeMap<String, Cuts>,
    items: BTreeMap<usize, Cuts>,
}

impl Cuts {
    fn node_mut(&mut self, segs: &[Seg]) -> &mut Cuts {
        let mut node = self;
        for seg in segs {
            node = match seg {
                Seg::Key(key) => node.keys.entry(key.clone()).or_default(),
                Seg::Index(index) => node.items.entry(*index).or_default(),
            };
        }
        node
    }

    /// Whether the node at `segs` (or one around it) is left out.
    pub(super) fn is_cut(&self, segs: &[Seg]) -> bool {
        let mut node = self;
        for seg in segs {
            if node.cut {
                return true;
            }
            let next = match seg {
                Seg::Key(key) => node.keys.get(key),
                Seg::Index(index) => node.items.get(index),
            };
            match next {
                Some(next) => node = next,
                None => return false,
            }
        }
        node.cut
    }

    /// Leaves the node at `segs` out; false when it already was.
    pub(super) fn cut(&mut self, segs: &[Seg]) -> bool {
        let node = self.node_mut(segs);
        !std::mem::replace(&mut node.cut, true)
    }

    /// Leaves out the repeats of the key `segs` ends with; false when they already were.
    pub(super) fn cut_repeats(&mut self, segs: &[Seg]) -> bool {
        let node = self.node_mut(segs);
        !std::mem::replace(&mut node.repeats, true)
    }

    /// Stands a placeholder in for `key`, missing from the mapping at `segs`;
    /// false when one already does.
    pub(super) fn hole(&mut self, segs: &[Seg], key: &str) -> bool {
        let node = self.node_mut(segs);
        if node.holes.iter().any(|k| k == key) {
            return false;
        }
        node.holes.push(key.to_owned());
        true
    }

    /// Whether any placeholder stands in for a missing key.
    pub(super) fn has_holes(&self) -> bool {
        !self.holes.is_empty()
            || self.keys.values().any(Cuts::has_holes)
            || self.items.values().any(Cuts::has_holes)
    }

    /// Every node left out (rendered paths), and for each sequence that lost
    /// items (by its rendered path) the indices it lost.
    pub(super) fn collect(&self) -> (Vec<String>, BTreeMap<String, BTreeSet<usize>>) {
        let mut paths = Vec::new();
        let mut removed = BTreeMap::new();
        let mut pending = vec![(Vec::new(), self)];
        while let Some((segs, node)) = pending.pop() {
            if node.cut {
                paths.push(render(&segs));
                if let Some((Seg::Index(index), parent)) = segs.split_last() {
                    removed.entry(render(parent)).or_insert_with(BTreeSet::new).insert(*index);
                }
                continue;
            }
            for (key, child) in &node.keys {
                let mut child_segs = segs.clone();
                child_segs.push(Seg::Key(key.clone()));
                pending.push((child_segs, child));
            }
            for (index, child) in &node.items {
                let mut child_segs = segs.clone();
                child_segs.push(Seg::Index(*index));
                pending.push((child_segs, child));
            }
        }
        paths.sort();
        (paths, removed)
    }
}

/// What one pass learnt besides its result.
#[derive(Debug, Default)]
pub(super) struct Pass {
    /// Where the error surfaced first: the innermost node whose deserialization failed.
    pub(super) error_at: Option<Vec<Seg>>,
    /// Paths of the keys the spec types do not know, in the order met.
    pub(super) unknown_keys: Vec<Vec<Seg>>,
}

/// A node's path, as a list on the stack.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key { parent: &'a Path<'a>, key: &'a str },
    Index { parent: &'a Path<'a>, index: usize },
}

impl Path<'_> {
    fn segs(&self) -> Vec<Seg> {
        let mut segs = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Root => break,
                Path::Key { parent, key } => {
                    segs.push(Seg::Key((*key).to_owned()));
                    at = parent;
                }
                Path::Index { parent, index } => {
                    segs.push(Seg::Index(*index));
                    at = parent;
                }
            }
        }
        segs.reverse();
        segs
    }
}

/// Deserializes `T` from `de`, leaving out what `cuts` names; `pass` learns
/// where an error surfaced and which keys are unknown.
pub(super) fn deserialize<'de, T, D>(
    de: D,
    cuts: &Cuts,
    pass: &RefCell<Pass>,
) -> Result<T, D::Error>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(Track { de, path: Path::Root, cuts: Some(cuts), pass })
}

/// The wrapped deserializer of one node.
struct Track<'a, D> {
    de: D,
    path: Path<'a>,
    /// What is left out under this node; `None` when nothing is.
    cuts: Option<&'a Cuts>,
    pass: &'a RefCell<Pass>,
}

/// A visitor, sequence, mapping or enum of the node at `path`, wrapped.
struct Wrap<'a, X> {
    inner: X,
    path: &'a Path<'a>,
    cuts: Option<&'a Cuts>,
    pass: &'a RefCell<Pass>,
}

/// The first node an error passes through is where it surfaced.
fn note<T, E>(pass: &RefCell<Pass>, path: &Path<'_>, result: Result<T, E>) -> Result<T, E> {
    if result.is_err() {
        let mut pass = pass.borrow_mut();
        if pass.error_at.is_none() {
            pass.error_at = Some(path.segs());
        }
    }
    result
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                let Track { de, path, cuts, pass } = self;
                let result = de.$method($($arg,)* Wrap { inner: visitor, path: &path, cuts, pass });
                note(pass, &path, result)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Track<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
    }

    /// A spec type ignores a value only under a key it does not know.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        if let Path::Key { .. } = self.path {
            self.pass.borrow_mut().unknown_keys.push(self.path.segs());
        }
        let result = self.de.deserialize_ignored_any(visitor);
        note(self.pass, &self.path, result)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                self.inner.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        let Wrap { inner, path, cuts, pass } = self;
        inner.visit_some(Track { de, path: *path, cuts, pass })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        let Wrap { inner, path, cuts, pass } = self;
        inner.visit_newtype_struct(Track { de, path: *path, cuts, pass })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let Wrap { inner, path, cuts, pass } = self;
        inner.visit_seq(Items { inner: seq, path, cuts, pass, next: 0 })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let Wrap { inner, path, cuts, pass } = self;
        inner.visit_map(Entries {
            inner: map,
            path,
            cuts,
            pass,
            key: String::new(),
            key_cuts: None,
            seen: BTreeSet::new(),
            next_hole: 0,
            in_hole: false,
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let Wrap { inner, path, cuts, pass } = self;
        inner.visit_enum(Wrap { inner: data, path, cuts, pass })
    }
}

/// A seed whose deserializer is wrapped for the node at `path`.
struct TrackSeed<'a, S> {
    seed: S,
    path: Path<'a>,
    cuts: Option<&'a Cuts>,
    pass: &'a RefCell<Pass>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for TrackSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Track { de, path: self.path, cuts: self.cuts, pass: self.pass })
    }
}

/// A sequence whose items named in `cuts` are skipped.
struct Items<'a, A> {
    inner: A,
    path: &'a Path<'a>,
    cuts: Option<&'a Cuts>,
    pass: &'a RefCell<Pass>,
    /// Index in the file of the next item.
    next: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Items<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        loop {
            let index = self.next;
            self.next += 1;
            let cuts = self.cuts.and_then(|c| c.items.get(&index));
            if cuts.is_some_and(|c| c.cut) {
                if self.inner.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(None);
                }
                continue;
            }
            let path = Path::Index { parent: self.path, index };
            return self.inner.next_element_seed(TrackSeed { seed, path, cuts, pass: self.pass });
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A mapping whose entries named in `cuts` are skipped, and after whose last
/// entry the placeholders of its missing keys follow.
struct Entries<'a, A> {
    inner: A,
    path: &'a Path<'a>,
    cuts: Option<&'a Cuts>,
    pass: &'a RefCell<Pass>,
    /// The key whose value comes next.
    key: String,
    key_cuts: Option<&'a Cuts>,
    /// Keys met so far whose repeats are left out.
    seen: BTreeSet<String>,
    next_hole: usize,
    in_hole: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            // The key is read as text first, to know its path before the
            // visitor sees it; a struct's field visitor and `serde_json`'s
            // key classifier both read keys as text.
            let Some(key) = self.inner.next_key_seed(KeyText)? else {
                let hole = self.cuts.and_then(|c| c.holes.get(self.next_hole));
                let Some(hole) = hole else { return Ok(None) };
                self.next_hole += 1;
                self.in_hole = true;
                self.key.clone_from(hole);
                return seed.deserialize(self.key.as_str().into_deserializer()).map(Some);
            };
            let key_cuts = self.cuts.and_then(|c| c.keys.get(&key));
            let repeated = key_cuts.is_some_and(|c| c.repeats) && !self.seen.insert(key.clone());
            if key_cuts.is_some_and(|c| c.cut) || repeated {
                self.inner.next_value::<IgnoredAny>()?;
                continue;
            }
            self.key = key;
            self.key_cuts = key_cuts;
            self.in_hole = false;
            return seed.deserialize(self.key.as_str().into_deserializer()).map(Some);
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if self.in_hole {
            return seed.deserialize(Hole::<A::Error> { depth: 0, error: PhantomData });
        }
        let path = Path::Key { parent: self.path, key: &self.key };
        let cuts = self.key_cuts;
        self.inner.next_value_seed(TrackSeed { seed, path, cuts, pass: self.pass })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// Reads a mapping key as text.
struct KeyText;

impl<'de> DeserializeSeed<'de> for KeyText {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<String, D::Error> {
        de.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyText {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a key written as text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
}

impl<'a, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<'a, A> {
    type Error = A::Error;
    type Variant = Wrap<'a, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let Wrap { inner, path, cuts, pass } = self;
        let (value, variant) = inner.variant_seed(seed)?;
        Ok((value, Wrap { inner: variant, path, cuts, pass }))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        let Wrap { inner, path, cuts, pass } = self;
        inner.newtype_variant_seed(TrackSeed { seed, path: *path, cuts, pass })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let Wrap { inner, path, cuts, pass } = self;
        inner.tuple_variant(len, Wrap { inner: visitor, path, cuts, pass })
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let Wrap { inner, path, cuts, pass } = self;
        inner.struct_variant(fields, Wrap { inner: visitor, path, cuts, pass })
    }
}

/// How deep placeholders nest (a struct of structs); the spec types nest
/// three deep, and a hole past this is an error rather than a loop.
const MAX_HOLE_DEPTH: usize = 16;

/// A placeholder for a missing key: whatever is asked of it, the emptiest
/// value of that kind (`""`, `0`, `false`, no items, a struct of placeholders).
/// A file whose value holds one is never handed to the later checks; the
/// placeholder only lets deserialization go on to find the file's other problems.
struct Hole<E> {
    depth: usize,
    error: PhantomData<E>,
}

impl<E> Hole<E> {
    fn deeper(&self) -> Self {
        Hole { depth: self.depth + 1, error: PhantomData }
    }
}

macro_rules! hole_as {
    ($($method:ident => $visit:ident($($value:expr)?);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
                visitor.$visit($($value)?)
            }
        )*
    };
}

impl<'de, E: de::Error> Deserializer<'de> for Hole<E> {
    type Error = E;

    hole_as! {
        deserialize_any => visit_unit();
        deserialize_bool => visit_bool(false);
        deserialize_i8 => visit_i64(0);
        deserialize_i16 => visit_i64(0);
        deserialize_i32 => visit_i64(0);
        deserialize_i64 => visit_i64(0);
        deserialize_i128 => visit_i64(0);
        deserialize_u8 => visit_u64(0);
        deserialize_u16 => visit_u64(0);
        deserialize_u32 => visit_u64(0);
        deserialize_u64 => visit_u64(0);
        deserialize_u128 => visit_u64(0);
        deserialize_f32 => visit_f64(0.0);
        deserialize_f64 => visit_f64(0.0);
        deserialize_char => visit_char(' ');
        deserialize_str => visit_str("");
        deserialize_string => visit_str("");
        deserialize_identifier => visit_str("");
        deserialize_bytes => visit_bytes(b"");
        deserialize_byte_buf => visit_bytes(b"");
        deserialize_option => visit_none();
        deserialize_unit => visit_unit();
        deserialize_ignored_any => visit_unit();
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self.deeper())
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_seq(HoleFields::<E> { fields: &[], depth: self.depth, error: PhantomData })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, E> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, E> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_map(HoleFields::<E> { fields: &[], depth: self.depth, error: PhantomData })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        if self.depth >= MAX_HOLE_DEPTH {
            return Err(E::custom("placeholders nest too deep"));
        }
        visitor.visit_map(HoleFields::<E> { fields, depth: self.depth, error: PhantomData })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        let Some(first) = variants.first() else {
            return Err(E::custom("no variant to stand in for a missing key"));
        };
        visitor.visit_enum(HoleVariant::<E> { name: first, hole: self.deeper() })
    }
}

/// The entries of a placeholder struct: each field, itself a placeholder.
struct HoleFields<E> {
    fields: &'static [&'static str],
    depth: usize,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> MapAccess<'de> for HoleFields<E> {
    type Error = E;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, E> {
        let Some((first, rest)) = self.fields.split_first() else { return Ok(None) };
        self.fields = rest;
        seed.deserialize((*first).into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, E> {
        seed.deserialize(Hole::<E> { depth: self.depth + 1, error: PhantomData })
    }
}

impl<'de, E: de::Error> SeqAccess<'de> for HoleFields<E> {
    type Error = E;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        _seed: T,
    ) -> Result<Option<T::Value>, E> {
        Ok(None)
    }
}

/// A placeholder enum: its first variant.
struct HoleVariant<E> {
    name: &'static str,
    hole: Hole<E>,
}

impl<'de, E: de::Error> EnumAccess<'de> for HoleVariant<E> {
    type Error = E;
    type Variant = Hole<E>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Hole<E>), E> {
        let value = seed.deserialize(self.name.into_deserializer())?;
        Ok((value, self.hole))
    }
}

impl<'de, E: de::Error> VariantAccess<'de> for Hole<E> {
    type Error = E;

    fn unit_variant(self) -> Result<(), E> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, E> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, E> {
        self.deserialize_tuple(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        self.deserialize_struct("", fields, visitor)
    }
}
