//! Feature hashing: token properties and feature templates hashed straight into `u64` keys.
//!
//! Every feature a model sees is a `u64` built by [`Fx`] from a template id and a few values
//! (word hashes, tags, flags), so extraction builds no `String` and allocates nothing per token.
//! [`TokFeat`] holds the per-token hashes (normalised form, shape, prefixes, suffixes) computed
//! once per token and shared by every template that mentions the token.

/// Odd multiplier of the golden ratio, the mixing constant of the hash.
const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// A small, fast, deterministic hash over `u64` words (FxHash-like with a final avalanche).
#[derive(Clone, Copy, Debug)]
pub struct Fx(u64);

impl Fx {
    /// Starts a hash for template `template`.
    #[inline]
    pub fn new(template: u32) -> Fx {
        Fx((u64::from(template) + 1).wrapping_mul(K))
    }

    /// Adds one value.
    #[inline]
    pub fn add(self, value: u64) -> Fx {
        Fx((self.0.rotate_left(23) ^ value).wrapping_mul(K))
    }

    /// Adds one character.
    #[inline]
    pub fn ch(self, c: char) -> Fx {
        self.add(u64::from(c as u32))
    }

    /// The finished key, avalanched so that every bit depends on every input.
    #[inline]
    pub fn finish(self) -> u64 {
        file_key(self.0)
    }

    /// A feature template's key as the models look it up: the hash before [`Fx::finish`]'s
    /// avalanche, which the weight index's own mix makes unnecessary. Model files store
    /// [`file_key`] of it (the finished key), as they always have.
    #[inline]
    pub fn key(self) -> u64 {
        self.0
    }
}

/// First multiplier of [`file_key`].
const AVALANCHE_1: u64 = 0xBF58_476D_1CE4_E5B9;
/// Second multiplier of [`file_key`].
const AVALANCHE_2: u64 = 0x94D0_49BB_1331_11EB;

/// The finished form of a key ([`Fx::finish`]): what model files store for a template key
/// ([`Fx::key`]). A bijection on `u64`, undone by [`lookup_key`].
#[inline]
pub fn file_key(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(AVALANCHE_1);
    z = (z ^ (z >> 27)).wrapping_mul(AVALANCHE_2);
    z ^ (z >> 31)
}

/// The template key ([`Fx::key`]) of a key stored in a model file: the inverse of
/// [`file_key`].
#[inline]
pub fn lookup_key(mut z: u64) -> u64 {
    z = undo_xorshift(z, 31).wrapping_mul(AVALANCHE_2_INVERSE);
    z = undo_xorshift(z, 27).wrapping_mul(AVALANCHE_1_INVERSE);
    undo_xorshift(z, 30)
}

/// The inverse of [`AVALANCHE_1`] modulo 2^64.
const AVALANCHE_1_INVERSE: u64 = inverse(AVALANCHE_1);
/// The inverse of [`AVALANCHE_2`] modulo 2^64.
const AVALANCHE_2_INVERSE: u64 = inverse(AVALANCHE_2);
const _: () = assert!(AVALANCHE_1.wrapping_mul(AVALANCHE_1_INVERSE) == 1);
const _: () = assert!(AVALANCHE_2.wrapping_mul(AVALANCHE_2_INVERSE) == 1);

/// The `x` with `x ^ (x >> shift) == y`, for shifts of 22 to 63 (`x >> 3 * shift` is 0).
#[inline]
fn undo_xorshift(y: u64, shift: u32) -> u64 {
    debug_assert!((22..64).contains(&shift));
    y ^ (y >> shift) ^ (y >> (2 * shift))
}

/// The multiplicative inverse of odd `a` modulo 2^64 (Newton's iteration doubles the correct
/// low bits each round, from the three of `a * a ≡ 1 (mod 8)`: 3 → 6 → … → 96 ≥ 64).
const fn inverse(a: u64) -> u64 {
    let mut x = a;
    let mut round = 0;
    while round < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        round += 1;
    }
    x
}

/// Character class used by word shapes.
#[inline]
fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() || c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        // Letters without case (CJK, Arabic) form their own class.
        'a'
    } else {
        c
    }
}

/// Lowercases one character to one character (the first of its lowercase mapping).
#[inline]
fn lower1(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Bit flags describing a token's characters.
pub mod flag {
    /// First character is uppercase.
    pub const INIT_CAP: u32 = 1;
    /// Every letter is uppercase (and there is at least one letter).
    pub const ALL_CAPS: u32 = 2;
    /// Every letter is lowercase.
    pub const ALL_LOWER: u32 = 4;
    /// Contains a digit.
    pub const HAS_DIGIT: u32 = 8;
    /// Contains a hyphen.
    pub const HAS_HYPHEN: u32 = 16;
    /// Contains a period.
    pub const HAS_PERIOD: u32 = 32;
    /// Has no letter and no digit.
    pub const PUNCT: u32 = 64;
    /// Contains a non-ASCII letter.
    pub const NON_ASCII: u32 = 128;
    /// Contains an apostrophe.
    pub const HAS_APOS: u32 = 256;
}

/// Per-token hashes shared by all feature templates.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokFeat {
    /// Exact form.
    pub form: u64,
    /// Lowercased form with digits folded to `0`.
    pub lower: u64,
    /// Shape with runs capped at four ("Xxxxx", "dddd-dd").
    pub shape: u64,
    /// Shape with runs collapsed ("Xx", "d-d").
    pub short_shape: u64,
    /// Lowercased prefixes of 1..=4 characters (equal to the whole word when shorter).
    pub prefix: [u64; 4],
    /// Lowercased suffixes of 1..=4 characters.
    pub suffix: [u64; 4],
    /// [`flag`] bits.
    pub flags: u32,
    /// Number of characters (capped at 255).
    pub len: u8,
    /// Hashed word-cluster ids, coarse to fine (zeros when unknown or not yet filled).
    pub cluster: [u64; 3],
    /// How the word is usually capitalised in unlabelled text (0 when not yet filled).
    pub case_prior: u64,
    /// Which word clusters filled `cluster` and `case_prior` (a hash of their contents; 0 when
    /// not yet filled), so that models sharing clusters fill a token once.
    pub clusters_from: u64,
    /// Gazetteer list bits (see `gaz`).
    pub gaz: u32,
    /// Ambiguity class from the POS lexicon (0 when not filled).
    pub amb: u64,
}

impl TokFeat {
    /// Computes the hashes of `word` without allocating.
    pub fn new(word: &str) -> TokFeat {
        let mut form = Fx::new(1);
        let mut lower = Fx::new(2);
        let mut shape = Fx::new(3);
        let mut short_shape = Fx::new(4);
        let mut prefix = [0u64; 4];
        let mut pre = Fx::new(5);
        let mut flags = 0u32;
        let mut n_chars = 0usize;
        let mut last_class = '\0';
        let mut run = 0usize;
        let mut has_letter = false;
        let mut has_upper = false;
        let mut has_lower = false;
        let mut has_alnum = false;
        for (i, c) in word.chars().enumerate() {
            n_chars += 1;
            form = form.ch(c);
            let low = if c.is_ascii_digit() { '0' } else { lower1(c) };
            lower = lower.ch(low);
            if i < 4 {
                pre = pre.ch(low);
                if let Some(slot) = prefix.get_mut(i) {
                    *slot = pre.finish();
                }
            }
            let class = shape_class(c);
            if class == last_class {
                run += 1;
            } else {
                run = 1;
                short_shape = short_shape.ch(class);
            }
            if run <= 4 {
                shape = shape.ch(class);
            }
            last_class = class;
            if c.is_alphabetic() {
                has_letter = true;
                has_alnum = true;
                if c.is_uppercase() {
                    has_upper = true;
                    if i == 0 {
                        flags |= flag::INIT_CAP;
                    }
                } else if c.is_lowercase() {
                    has_lower = true;
                }
                if !c.is_ascii() {
                    flags |= flag::NON_ASCII;
                }
            } else if c.is_numeric() {
                flags |= flag::HAS_DIGIT;
                has_alnum = true;
            } else if c == '-' || c == '‐' || c == '–' {
                flags |= flag::HAS_HYPHEN;
            } else if c == '.' {
                flags |= flag::HAS_PERIOD;
            } else if c == '\'' || c == '’' {
                flags |= flag::HAS_APOS;
            }
        }
        // Words shorter than four characters repeat their last prefix so templates stay defined.
        for i in n_chars.min(4)..4 {
            prefix[i] = if i == 0 { pre.finish() } else { prefix[i - 1] };
        }
        let mut suffix = [0u64; 4];
        let mut suf = Fx::new(6);
        let mut n_suf = 0;
        for c in word.chars().rev().take(4) {
            let low = if c.is_ascii_digit() { '0' } else { lower1(c) };
            suf = suf.ch(low);
            if let Some(slot) = suffix.get_mut(n_suf) {
                *slot = suf.finish();
            }
            n_suf += 1;
        }
        for i in n_suf..4 {
            suffix[i] = if i == 0 { suf.finish() } else { suffix[i - 1] };
        }
        if has_letter && has_upper && !has_lower {
            flags |= flag::ALL_CAPS;
        }
        if has_letter && has_lower && !has_upper {
            flags |= flag::ALL_LOWER;
        }
        if !has_alnum {
            flags |= flag::PUNCT;
        }
        let lower = lower.finish();
        TokFeat {
            form: form.finish(),
            lower,
            shape: shape.finish(),
            short_shape: short_shape.finish(),
            prefix,
            suffix,
            flags,
            len: n_chars.min(255) as u8,
            cluster: [0; 3],
            case_prior: 0,
            clusters_from: 0,
            gaz: crate::gaz::flags(lower),
            amb: 0,
        }
    }

    /// The padding token used outside the sentence.
    pub fn pad(which: u64) -> TokFeat {
        let h = Fx::new(7).add(which).finish();
        TokFeat {
            form: h,
            lower: h,
            shape: h,
            short_shape: h,
            prefix: [h; 4],
            suffix: [h; 4],
            flags: 1 << 16,
            len: 0,
            cluster: [h; 3],
            case_prior: 0,
            clusters_from: 0,
            gaz: 1 << 10,
            amb: 0,
        }
    }

    /// True when the first character is uppercase.
    pub fn init_cap(&self) -> bool {
        self.flags & flag::INIT_CAP != 0
    }
}

/// Hashes the lowercased form of `word` exactly as [`TokFeat::lower`] does.
pub fn lower_hash(word: &str) -> u64 {
    let mut lower = Fx::new(2);
    for c in word.chars() {
        let low = if c.is_ascii_digit() { '0' } else { lower1(c) };
        lower = lower.ch(low);
    }
    lower.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_keys_undo_file_keys() {
        let mut x = 0x0123_4567_89AB_CDEFu64;
        for _ in 0..1000 {
            assert_eq!(lookup_key(file_key(x)), x);
            assert_eq!(file_key(lookup_key(x)), x);
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        }
        for edge in [0, 1, u64::MAX, 1 << 63] {
            assert_eq!(lookup_key(file_key(edge)), edge);
        }
        let fx = Fx::new(7).add(42);
        assert_eq!(file_key(fx.key()), fx.finish());
        assert_ne!(fx.key(), fx.finish());
    }

    #[test]
    fn case_folds_into_lower_but_not_form() {
        let a = TokFeat::new("Vučić");
        let b = TokFeat::new("VUČIĆ");
        assert_eq!(a.lower, b.lower);
        assert_ne!(a.form, b.form);
        assert_eq!(a.lower, lower_hash("vučić"));
        assert!(a.init_cap());
        assert!(b.flags & flag::ALL_CAPS != 0);
        assert!(a.flags & flag::NON_ASCII != 0);
    }

    #[test]
    fn shapes_and_affixes() {
        let a = TokFeat::new("Jean-Claude");
        let b = TokFeat::new("Anne-Marie");
        assert_eq!(a.short_shape, b.short_shape);
        assert!(a.flags & flag::HAS_HYPHEN != 0);
        let short = TokFeat::new("a");
        assert_eq!(short.prefix[0], short.prefix[3]);
        assert_eq!(TokFeat::new("1996").lower, TokFeat::new("2024").lower);
        assert_eq!(TokFeat::new("").len, 0);
    }

    #[test]
    fn templates_differ() {
        assert_ne!(Fx::new(1).add(5).finish(), Fx::new(2).add(5).finish());
        assert_ne!(Fx::new(1).add(5).finish(), Fx::new(1).add(6).finish());
    }
}
