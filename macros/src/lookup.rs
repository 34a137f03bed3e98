//! The string -> variant lookup behind `from_code` and `all_with_code`.
//!
//! Classification runs on every failed call of a busy client, so the lookup
//! is generated as a decision tree rather than left to a `match` on strings
//! (which compiles to one length check and one `memcmp` call per arm tried):
//!
//! 1. a `match` on the code's length, which LLVM turns into a jump table;
//! 2. within one length, a `match` on a few bits of one byte (or of two
//!    bytes xor-ed), chosen here so that every candidate has its own value:
//!    a jump table without a range check. Up to four candidates, a `match`
//!    on the byte that splits them best, once or twice;
//! 3. one compare of the whole code against the one candidate left, which
//!    LLVM expands into a few overlapping wide loads (longer codes: 32 bytes
//!    at a time), never a call.
//!
//! A known code and an unknown one walk the same path, so a miss costs no
//! more than a hit (an unknown length or field value costs less), and
//! nothing allocates. Bytes are read at constant positions below the length
//! the enclosing arm matched: the generated code cannot panic.
//!
//! `BENCHMARKS.md` has the measurements behind each choice.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// One code the lookup answers, and the expression it answers with.
pub struct Entry {
    pub code: String,
    pub hit: TokenStream,
}

/// An expression that looks `input` (a `&str` expression, evaluated once)
/// up among `entries`: the matching entry's `hit`, else `miss`. The codes of
/// `entries` must be distinct.
pub fn expand(input: &TokenStream, entries: &[Entry], miss: &TokenStream) -> TokenStream {
    let mut by_len: BTreeMap<usize, Vec<&Entry>> = BTreeMap::new();
    for entry in entries {
        by_len.entry(entry.code.len()).or_default().push(entry);
    }
    let arms = by_len.iter().map(|(&len, group)| {
        let tree = decision_tree(group, &mut vec![false; len], miss);
        let len = Literal::usize_unsuffixed(len);
        quote!(#len => #tree,)
    });
    quote! {{
        let __code: &::core::primitive::str = #input;
        let __code_bytes = ::core::primitive::str::as_bytes(__code);
        match __code_bytes.len() {
            #(#arms)*
            _ => #miss,
        }
    }}
}

/// The tree for candidates of one length: test one byte until a single
/// candidate is left, then compare the whole code. `tested` marks positions
/// already tested on the way here.
fn decision_tree(group: &[&Entry], tested: &mut [bool], miss: &TokenStream) -> TokenStream {
    let [first, rest @ ..] = group else {
        return miss.clone();
    };
    if rest.is_empty() {
        let hit = &first.hit;
        if first.code.len() <= WINDOW {
            // A string pattern rather than `==`: the same `str` compare,
            // but no operator to resolve, which type-checks faster.
            let literal = Literal::string(&first.code);
            return quote!(match __code { #literal => #hit, _ => #miss });
        }
        let equal = equals_by_windows(first.code.as_bytes());
        return quote!(if #equal { #hit } else { #miss });
    }
    // Up to four candidates, a byte compared once or twice beats any
    // jump table.
    if let Some(field) = cheapest_bit_field(group).filter(|_| group.len() > 4) {
        return split_on_bit_field(group, field, miss);
    }
    let Some(position) = best_position(group, tested) else {
        // Distinct codes of one length always differ somewhere; this is
        // only reached if the caller passed duplicates.
        return miss.clone();
    };
    let mut buckets: BTreeMap<u8, Vec<&Entry>> = BTreeMap::new();
    for entry in group {
        buckets
            .entry(entry.code.as_bytes()[position])
            .or_default()
            .push(entry);
    }
    tested[position] = true;
    // The largest bucket takes the `_` arm: its final compare rejects every
    // other byte anyway, and one arm fewer is one comparison fewer.
    let Some((&default_byte, _)) = buckets
        .iter()
        .max_by_key(|(byte, bucket)| (bucket.len(), std::cmp::Reverse(**byte)))
    else {
        return miss.clone();
    };
    let default_tree = decision_tree(&buckets[&default_byte], tested, miss);
    let arms: Vec<TokenStream> = buckets
        .iter()
        .filter(|(&byte, _)| byte != default_byte)
        .map(|(&byte, bucket)| {
            let tree = decision_tree(bucket, tested, miss);
            let byte = Literal::u8_suffixed(byte);
            quote!(#byte => #tree,)
        })
        .collect();
    tested[position] = false;
    let position = Literal::usize_unsuffixed(position);
    quote! {
        match __code_bytes[#position] {
            #(#arms)*
            _ => #default_tree,
        }
    }
}

/// A few bits of one byte, or of two bytes xor-ed:
/// `((code[position] ^ code[other]) >> shift) & mask`.
#[derive(Clone, Copy)]
struct BitField {
    position: usize,
    other: Option<usize>,
    shift: u32,
    /// The number of bits, at most `MAX_BIT_FIELD_WIDTH`.
    width: u32,
}

/// The widest bit field: 5 bits, a jump table of 32 entries. Five bits of a
/// byte already tell all upper-case letters and `_` apart.
const MAX_BIT_FIELD_WIDTH: u32 = 5;

/// The cheapest bit field whose value differs for every candidate of
/// `group`, by instructions: the low bits of one byte (a load and a mask),
/// then bits further up (a shift more), then two bytes xor-ed (a load and a
/// zero-extension more); among equals, the narrowest (a smaller table),
/// then the lowest position.
fn cheapest_bit_field(group: &[&Entry]) -> Option<BitField> {
    let len = group.first()?.code.len();
    let least = usize::BITS - (group.len() - 1).leading_zeros();
    let tells_apart = |field: &BitField| {
        let mut seen = [false; 1 << MAX_BIT_FIELD_WIDTH];
        group
            .iter()
            .all(|entry| !std::mem::replace(&mut seen[field.value_in(entry.code.as_bytes())], true))
    };
    let candidates = move |pairs: bool, shifted: bool| {
        (least..=MAX_BIT_FIELD_WIDTH).flat_map(move |width| {
            let shifts = if shifted { 1..=8 - width } else { 0..=0 };
            shifts.flat_map(move |shift| {
                (0..len).flat_map(move |position| {
                    let others: Box<dyn Iterator<Item = Option<usize>>> = if pairs {
                        Box::new((position + 1..len).map(Some))
                    } else {
                        Box::new(std::iter::once(None))
                    };
                    others.map(move |other| BitField {
                        position,
                        other,
                        shift,
                        width,
                    })
                })
            })
        })
    };
    candidates(false, false)
        .chain(candidates(false, true))
        .chain(candidates(true, false))
        .chain(candidates(true, true))
        .find(tells_apart)
}

impl BitField {
    fn mask(self) -> u8 {
        u8::MAX >> (8 - self.width)
    }

    fn value_in(self, code: &[u8]) -> usize {
        let byte = code[self.position] ^ self.other.map_or(0, |other| code[other]);
        usize::from((byte >> self.shift) & self.mask())
    }
}

/// `match` on a field that tells every candidate apart. Every value of the
/// field has an arm, so LLVM emits a jump table without a range check: the
/// cheapest split there is, and any input takes one arm and one compare.
fn split_on_bit_field(group: &[&Entry], field: BitField, miss: &TokenStream) -> TokenStream {
    let mut arms = Vec::new();
    let mut unused = Vec::new();
    for value in 0..=usize::from(field.mask()) {
        let literal = Literal::usize_suffixed(value);
        match group
            .iter()
            .find(|entry| field.value_in(entry.code.as_bytes()) == value)
        {
            Some(entry) => {
                let tree = decision_tree(&[entry], &mut [], miss);
                arms.push(quote!(#literal => #tree,));
            }
            None => unused.push(literal),
        }
    }
    // The values no candidate has still get an arm of their own (one for
    // all of them, which compiles faster than one each): with every value
    // of the field listed, LLVM knows the `_` arm is dead and drops the
    // jump table's range check.
    if !unused.is_empty() {
        arms.push(quote!(#(#unused)|* => #miss,));
    }
    // In `usize`, not `u8`: the jump table wants the index in a full
    // register, and byte arithmetic would cost a zero-extension after it.
    let position = Literal::usize_unsuffixed(field.position);
    let mut byte = quote!(::core::primitive::usize::from(__code_bytes[#position]));
    if let Some(other) = field.other {
        let other = Literal::usize_unsuffixed(other);
        byte = quote!((#byte ^ ::core::primitive::usize::from(__code_bytes[#other])));
    }
    let mask = Literal::usize_suffixed(usize::from(field.mask()));
    let field_value = if field.shift == 0 {
        quote!(#byte & #mask)
    } else {
        let shift = Literal::u32_unsuffixed(field.shift);
        quote!((#byte >> #shift) & #mask)
    };
    quote! {
        match #field_value {
            #(#arms)*
            _ => #miss,
        }
    }
}

/// The untested position whose byte splits `group` into the most buckets,
/// then the smallest largest bucket, then the lowest position.
fn best_position(group: &[&Entry], tested: &[bool]) -> Option<usize> {
    let len = group.first()?.code.len();
    (0..len)
        .filter(|&position| !tested[position])
        .map(|position| {
            let mut counts = [0usize; 256];
            for entry in group {
                counts[usize::from(entry.code.as_bytes()[position])] += 1;
            }
            let buckets = counts.iter().filter(|&&n| n > 0).count();
            let largest = counts.iter().copied().max().unwrap_or(0);
            (position, buckets, largest)
        })
        .filter(|&(_, buckets, _)| buckets > 1)
        .max_by_key(|&(position, buckets, largest)| {
            (
                buckets,
                std::cmp::Reverse(largest),
                std::cmp::Reverse(position),
            )
        })
        .map(|(position, _, _)| position)
}

/// Longest code compared in one piece: LLVM expands a `memcmp` of up to 32
/// bytes into inline loads, and calls `memcmp` beyond.
const WINDOW: usize = 32;

/// Whether `__code_bytes` (longer than [`WINDOW`], of the length of `code`, as
/// the caller checked) equals `code`: 32 bytes at a time, the last window
/// overlapping the one before, so that each is compared inline.
fn equals_by_windows(code: &[u8]) -> TokenStream {
    let len = code.len();
    let starts = (0..len - WINDOW)
        .step_by(WINDOW)
        .chain(std::iter::once(len - WINDOW));
    let checks = starts.map(|start| {
        let end = start + WINDOW;
        let literal = Literal::byte_string(&code[start..end]);
        let (start, end) = (
            Literal::usize_unsuffixed(start),
            Literal::usize_unsuffixed(end),
        );
        quote! {
            (__code_bytes.get(#start..#end)
                == ::core::option::Option::Some(&#literal[..]))
        }
    });
    // `&`, not `&&`: each window is a few loads, and one branch on the
    // combined result is cheaper than one per window.
    quote!(#(#checks)&*)
}
