//! The string -> variant lookup behind `from_code` and `all_with_code`.
//!
//! Classification runs on every failed call of a busy client, so the lookup
//! is generated as a decision tree rather than left to a `match` on strings
//! (which compiles to one length check and one `memcmp` per arm tried):
//!
//! 1. a `match` on the code's length, which LLVM turns into a jump table;
//! 2. within one length, a `match` on the byte at the position that splits
//!    the candidates best (chosen here, at compile time), again and again
//!    until one candidate is left;
//! 3. one comparison of the whole code against that candidate, as fixed-size
//!    arrays, which LLVM expands into a few wide loads instead of a call.
//!
//! A known code and an unknown one walk the same path, so a miss costs no
//! more than a hit (an unknown length costs less), and nothing allocates.
//! Indexing is on `&[u8; N]` with constant indices below `N`, checked by the
//! compiler: the generated code cannot panic.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// One code the lookup answers, and the expression it answers with.
pub struct Entry {
    pub code: Vec<u8>,
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
        let tree = decide(group, &mut vec![false; len], miss);
        let len_lit = Literal::usize_unsuffixed(len);
        quote! {
            #len_lit => match <&[::core::primitive::u8; #len_lit] as ::core::convert::TryFrom<
                &[::core::primitive::u8],
            >>::try_from(__bytes) {
                ::core::result::Result::Ok(__code) => #tree,
                ::core::result::Result::Err(_) => #miss,
            },
        }
    });
    quote! {{
        let __bytes = ::core::primitive::str::as_bytes(#input);
        match __bytes.len() {
            #(#arms)*
            _ => #miss,
        }
    }}
}

/// The tree for candidates of one length: test one byte until a single
/// candidate is left, then compare the whole code. `used` marks positions
/// already tested on the way here.
fn decide(group: &[&Entry], used: &mut [bool], miss: &TokenStream) -> TokenStream {
    let [first, rest @ ..] = group else {
        return miss.clone();
    };
    if rest.is_empty() {
        let literal = Literal::byte_string(&first.code);
        let hit = &first.hit;
        return quote!(if __code == #literal { #hit } else { #miss });
    }
    let Some(position) = best_position(group, used) else {
        // Distinct codes of one length always differ somewhere; this is
        // only reached if the caller passed duplicates.
        return miss.clone();
    };
    let mut buckets: BTreeMap<u8, Vec<&Entry>> = BTreeMap::new();
    for entry in group {
        buckets.entry(entry.code[position]).or_default().push(entry);
    }
    used[position] = true;
    // The largest bucket takes the `_` arm: its final compare rejects every
    // other byte anyway, and one arm fewer is one comparison fewer.
    let Some((&default_byte, _)) = buckets
        .iter()
        .max_by_key(|(byte, bucket)| (bucket.len(), std::cmp::Reverse(**byte)))
    else {
        return miss.clone();
    };
    let default_tree = decide(&buckets[&default_byte], used, miss);
    let arms: Vec<TokenStream> = buckets
        .iter()
        .filter(|(&byte, _)| byte != default_byte)
        .map(|(&byte, bucket)| {
            let tree = decide(bucket, used, miss);
            let byte = Literal::u8_suffixed(byte);
            quote!(#byte => #tree,)
        })
        .collect();
    used[position] = false;
    let position = Literal::usize_unsuffixed(position);
    quote! {
        match __code[#position] {
            #(#arms)*
            _ => #default_tree,
        }
    }
}

/// The untested position whose byte splits `group` into the most buckets,
/// then the smallest largest bucket, then the lowest position.
fn best_position(group: &[&Entry], used: &[bool]) -> Option<usize> {
    let len = group.first()?.code.len();
    (0..len)
        .filter(|&position| !used[position])
        .map(|position| {
            let mut counts = [0usize; 256];
            for entry in group {
                counts[usize::from(entry.code[position])] += 1;
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
