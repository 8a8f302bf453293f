/*!
A deterministic generator of news-like articles for benchmarks.

# Brief overview

[`generate`] writes `n` articles built from a small grammar of our own sentences, with
titles, bylines, datelines, quotes, dates without years and trailing boilerplate, so the
benchmarks exercise every cleaning rule and the segmenter on text shaped like the real thing.
The same seed always gives the same corpus.

# Example

```
let articles = dossier_bench::generate(3, 7);
assert_eq!(articles.len(), 3);
assert!(articles[0].text.contains("By "));
assert_eq!(articles, dossier_bench::generate(3, 7));
```
*/
#![deny(missing_docs)]

/// One generated article: a file name and its plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedArticle {
    /// A file name, `NNNNN-slug.txt`.
    pub name: String,
    /// The article as a plain-text file would hold it.
    pub text: String,
}

const PEOPLE: &[&str] = &[
    "Jelena Marković",
    "Ivo Radić",
    "Amra Hadžić",
    "Tomas Berger",
    "Sanja Petrović",
    "Emir Kovačević",
    "Lena Fischer",
    "Marko Đurić",
    "Nina Šarić",
    "Viktor Horvat",
];
const TITLES: &[&str] = &[
    "Environment Minister",
    "Energy Minister",
    "spokesperson",
    "mayor",
    "river commissioner",
];
const PLACES: &[&str] = &[
    "Belgrade", "Sarajevo", "Zagreb", "Vienna", "Novi Sad", "Tuzla", "Zvornik", "Budapest",
];
const ORGS: &[&str] = &[
    "the River Commission",
    "Clean Drina",
    "the Energy Ministry",
    "Drina Hydro",
    "the EU delegation",
];
const ACTIONS: &[&str] = &[
    "met with",
    "criticised",
    "signed a memorandum with",
    "accused",
    "invited",
    "urged",
    "praised",
    "warned",
];
const TOPICS: &[&str] = &[
    "the dam project",
    "water quality",
    "fishing quotas",
    "the pollution report",
    "the new permit",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const MONTHS: &[&str] = &[
    "January",
    "March",
    "May",
    "July",
    "September",
    "October",
    "December",
];

/// A small, fast, deterministic pseudo-random generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Generates `n` articles from `seed`; each is about 2–4 KB.
pub fn generate(n: usize, seed: u64) -> Vec<GeneratedArticle> {
    let mut rng = Rng(seed);
    (0..n).map(|idx| article(idx, &mut rng)).collect()
}

fn article(idx: usize, rng: &mut Rng) -> GeneratedArticle {
    let person = rng.pick(PEOPLE);
    let other = rng.pick(PEOPLE);
    let place = rng.pick(PLACES);
    let topic = rng.pick(TOPICS);
    let year = 2016 + rng.below(9);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let mut text = String::with_capacity(4096);
    text.push_str(&format!(
        "{} {} {} over {}\n\n",
        surname(person),
        rng.pick(ACTIONS),
        surname(other),
        topic
    ));
    text.push_str(&format!(
        "By {}, {}\n\n",
        rng.pick(PEOPLE),
        rng.pick(PEOPLE)
    ));
    text.push_str(&format!(
        "{}, {day:02}.{month:02}.{year} – ",
        place.to_uppercase()
    ));
    let n_paragraphs = 5 + rng.below(6);
    for _ in 0..n_paragraphs {
        let speaker = rng.pick(PEOPLE);
        match rng.below(4) {
            0 => text.push_str(&format!(
                "{} {} {} on {} in {}, officials said. The talks focused on {} and lasted almost three hours.",
                rng.pick(TITLES).replace("spokesperson", "Spokesperson"),
                speaker,
                rng.pick(ACTIONS),
                rng.pick(WEEKDAYS),
                rng.pick(PLACES),
                rng.pick(TOPICS)
            )),
            1 => text.push_str(&format!(
                "“We will not accept any delay on {},” {} said. “The people of {} deserve clean water, and they deserve it this year.”",
                rng.pick(TOPICS),
                speaker,
                rng.pick(PLACES)
            )),
            2 => text.push_str(&format!(
                "According to {}, the work on {} will resume on {} {}, although Mr. {} told reporters that 3.5 million euros were still missing. The U.S. embassy declined to comment.",
                rng.pick(ORGS),
                rng.pick(TOPICS),
                rng.pick(MONTHS),
                1 + rng.below(28),
                surname(speaker)
            )),
            _ => text.push_str(&format!(
                "{} has accused {} of a «dirty deal» over {}. A year ago, some 10,000 people marched through {} to protest against the plan; next year, organisers say, there will be more.",
                surname(speaker),
                rng.pick(ORGS),
                rng.pick(TOPICS),
                rng.pick(PLACES)
            )),
        }
        text.push_str("\n\n");
    }
    if rng.below(2) == 0 {
        text.push_str(
            "Read also\n\nRiver levels fall for a third week\n\nNew bridge opens in the north\n\n",
        );
    }
    if rng.below(2) == 0 {
        text.push_str("Support independent journalism: we rely on our readers to keep our reporting free. Please consider a small donation today.\n\nShare this article\n");
    }
    let slug: String = topic
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    GeneratedArticle {
        name: format!("{idx:05}-{slug}.txt"),
        text,
    }
}

fn surname(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_deterministic_and_varied() {
        let a = generate(50, 1);
        assert_eq!(a, generate(50, 1));
        assert_ne!(a, generate(50, 2));
        let total: usize = a.iter().map(|article| article.text.len()).sum();
        assert!(
            total / 50 > 1000,
            "articles are too short: {} bytes on average",
            total / 50
        );
        let distinct: std::collections::HashSet<&str> =
            a.iter().map(|article| article.text.as_str()).collect();
        assert_eq!(distinct.len(), 50);
    }
}
