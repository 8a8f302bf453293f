/*!
Quotes: direct and indirect quotes, their cues and speakers; scare quotes told apart;
evaluation on PolNeAR.

# Brief overview

[`QuoteFinder`] is the `quotes` annotation stage. It fills [`Doc::quotes`] with
- *direct* quotes: text in quotation marks (“…”, "…", «…», ‘…’, „…“, ‹…›) with a cue next to
  it ("…,” he said", "He added: “…"), including quotes that run over several paragraphs and
  quotes interrupted by their attribution;
- *indirect* quotes: reported speech ("X said that …", "…, X said", "according to X, …",
  "X told Reuters that …", "media cited X as saying …");
- *terms*: scare quotes, titles and single words in quotation marks («spy scandal»), which
  are never given a speaker.

Each quote's speaker is the noun phrase next to its cue, resolved in the document: a name is
given in its fullest form ("Patrushev" → "Nikolai Patrushev"), "he"/"she" becomes the last
person named before it whose gender does not clash (known from titles, first names and
earlier pronouns), "the ministry" the last name with that head word, "the Serbian
president" the last person titled "President" (dated roles are not used yet), and "the
ministry's statement" its owner. Phrases headed by a common noun ("a senior official",
"Serbian media") are named by their own words. Entity mentions are used when the tagger ran
before this stage (then [`dossier_core::Speaker::mention`] is set), and runs of capitalised
words otherwise. A quotation continuing a sentence in lower case without a cue of its own
("the race “is a dead heat”") is part of reported speech and is marked indirect.
The cue words come from `data/quote-cues.txt`, embedded in the binary.

[`eval::eval_polnear`] scores the stage on a PolNeAR split; [`eval::eval_polnear_with`]
runs other stages (tagger, entity recognition) before it.

# Example

```
use dossier_core::{Annotator, Doc, Meta, QuoteKind};
use dossier_quotes::QuoteFinder;

let text = "Ana Kovač met the press.\n\n“We will not give up,” Kovač said. The plan is a «provocation».";
let mut doc = Doc::new(Meta::default(), text.to_string());
QuoteFinder::default().annotate(&mut doc);
let direct = &doc.quotes[0];
assert_eq!(doc.slice(direct.span), "We will not give up,");
assert_eq!(direct.kind, QuoteKind::Direct);
assert_eq!(direct.speaker.as_ref().map(|s| s.name.as_str()), Some("Ana Kovač"));
assert_eq!(doc.quotes[1].kind, QuoteKind::Term);
assert!(doc.quotes[1].speaker.is_none());
```
*/
#![deny(missing_docs)]

mod cues;
pub mod eval;
mod finder;
mod names;
mod scan;

use dossier_core::{Annotator, Doc, Layer};

/// The `quotes` stage: finds direct and indirect quotes and terms, and their speakers.
///
/// It reads the text, paragraphs and sentences (tokens are required by the pipeline contract
/// but the stage scans words itself, so that quotation marks and possessives are seen the
/// same whatever tokenizer ran), and uses `doc.mentions` when present.
#[derive(Clone, Copy, Debug, Default)]
pub struct QuoteFinder;

impl QuoteFinder {
    /// A quote finder with the shipped cue list.
    pub fn new() -> QuoteFinder {
        QuoteFinder
    }
}

impl Annotator for QuoteFinder {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text, Layer::Sentences, Layer::Tokens]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }

    fn annotate(&self, doc: &mut Doc) {
        doc.quotes = finder::find_quotes(doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{Meta, QuoteKind};

    /// Runs the stage on `text` and lists (content, kind, speaker name, cue) per quote.
    fn run(text: &str) -> Vec<(String, QuoteKind, Option<String>, Option<String>)> {
        let mut doc = Doc::new(Meta::default(), text.to_string());
        QuoteFinder.annotate(&mut doc);
        doc.quotes
            .iter()
            .map(|q| {
                (
                    doc.slice(q.span).to_string(),
                    q.kind,
                    q.speaker.as_ref().map(|s| s.name.clone()),
                    q.cue.map(|c| doc.slice(c).to_string()),
                )
            })
            .collect()
    }

    fn speaker_of<'a>(
        quotes: &'a [(String, QuoteKind, Option<String>, Option<String>)],
        content_start: &str,
    ) -> Option<&'a str> {
        quotes
            .iter()
            .find(|q| q.0.starts_with(content_start))
            .and_then(|q| q.2.as_deref())
    }

    #[test]
    fn direct_quote_after_and_before_the_cue() {
        let quotes = run("Defence minister Petra Lindqvist visited the base.\n\n\
“The fence will be finished by spring,” Lindqvist said on Monday.\n\n\
She added: “Nobody will be left without a job.”");
        assert_eq!(quotes.len(), 2, "{quotes:?}");
        assert_eq!(quotes[0].0, "The fence will be finished by spring,");
        assert_eq!(quotes[0].1, QuoteKind::Direct);
        assert_eq!(quotes[0].2.as_deref(), Some("Petra Lindqvist"));
        assert_eq!(quotes[0].3.as_deref(), Some("said"));
        assert_eq!(quotes[1].0, "Nobody will be left without a job.");
        assert_eq!(quotes[1].2.as_deref(), Some("Petra Lindqvist"));
        assert_eq!(quotes[1].3.as_deref(), Some("added"));
    }

    #[test]
    fn every_quotation_mark_family() {
        for (open, close) in [
            ("“", "”"),
            ("\"", "\""),
            ("«", "»"),
            ("‘", "’"),
            ("„", "“"),
            ("‹", "›"),
        ] {
            let text = format!("{open}We have done nothing wrong,{close} said Tomas Berg.");
            let quotes = run(&text);
            assert_eq!(quotes.len(), 1, "{open}{close}: {quotes:?}");
            assert_eq!(quotes[0].0, "We have done nothing wrong,");
            assert_eq!(quotes[0].2.as_deref(), Some("Tomas Berg"), "{open}{close}");
        }
    }

    #[test]
    fn interrupted_quote_keeps_its_speaker() {
        let quotes =
            run("Mayor Ivo Horvat spoke.\n\n“We tried,” he said. “We will try again next year.”");
        assert_eq!(quotes.len(), 2, "{quotes:?}");
        assert_eq!(quotes[1].0, "We will try again next year.");
        assert_eq!(quotes[1].1, QuoteKind::Direct);
        assert_eq!(quotes[1].2.as_deref(), Some("Ivo Horvat"));
    }

    #[test]
    fn quote_over_several_paragraphs() {
        let quotes = run("Nina Petrova, the agency head, spoke first.\n\n\
“The first thing to say is that the bridge is safe.\n\n\
“The second is that we will inspect it every year,” Petrova said.");
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        assert!(quotes[0].0.starts_with("The first thing"));
        assert!(quotes[0].0.ends_with("every year,"));
        assert_eq!(quotes[0].2.as_deref(), Some("Nina Petrova"));
    }

    #[test]
    fn indirect_quotes() {
        let quotes = run(
            "Finance minister Karl Weber said that the budget would be cut by a tenth. \
According to Weber, the cuts will hit the army first. \
The talks will resume in March, the ministry said. \
Weber told reporters the deal was close. \
Local media cited Weber as saying the vote would be delayed.",
        );
        let indirect: Vec<_> = quotes
            .iter()
            .filter(|q| q.1 == QuoteKind::Indirect)
            .collect();
        assert_eq!(indirect.len(), 5, "{quotes:?}");
        assert_eq!(indirect[0].0, "the budget would be cut by a tenth");
        assert_eq!(indirect[0].2.as_deref(), Some("Karl Weber"));
        assert_eq!(indirect[1].0, "the cuts will hit the army first");
        assert_eq!(indirect[1].3.as_deref(), Some("According to"));
        assert_eq!(indirect[2].0, "The talks will resume in March");
        assert_eq!(indirect[2].2.as_deref(), Some("the ministry"));
        assert_eq!(indirect[3].0, "the deal was close");
        assert_eq!(indirect[4].0, "the vote would be delayed");
        assert_eq!(indirect[4].2.as_deref(), Some("Karl Weber"));
    }

    #[test]
    fn ministry_resolves_to_the_organisation() {
        let quotes = run("The Ministry of Foreign Affairs issued a note.\n\n\
The ministry insisted that no rules had been broken.");
        assert_eq!(
            speaker_of(&quotes, "no rules"),
            Some("Ministry of Foreign Affairs")
        );
    }

    #[test]
    fn scare_quotes_are_terms() {
        let quotes = run("The so-called «spy scandal» hit the ministry. Officials called the fighters “mercenaries” \
and the move a ‘non-binding’ gesture, and spoke of a «provocation».");
        let terms: Vec<&str> = quotes
            .iter()
            .filter(|q| q.1 == QuoteKind::Term)
            .map(|q| q.0.as_str())
            .collect();
        assert_eq!(
            terms,
            ["spy scandal", "mercenaries", "non-binding", "provocation"],
            "{quotes:?}"
        );
        assert!(quotes
            .iter()
            .filter(|q| q.1 == QuoteKind::Term)
            .all(|q| q.2.is_none()));
        // What the officials called the fighters is reported speech around the term.
        let reported: Vec<_> = quotes.iter().filter(|q| q.1 != QuoteKind::Term).collect();
        assert_eq!(reported.len(), 1, "{quotes:?}");
        assert!(reported[0].0.starts_with("the fighters “mercenaries”"));
        assert_eq!(reported[0].2.as_deref(), Some("Officials"));
    }

    #[test]
    fn pronoun_takes_the_last_person_of_its_gender() {
        let quotes = run("Marko Ilić met Mrs Jana Novak in Zagreb.\n\n\
“It was a good meeting,” she said.");
        assert_eq!(quotes[0].2.as_deref(), Some("Jana Novak"));
    }

    #[test]
    fn attribution_variants() {
        let quotes = run(
            "Interior minister Goran Petrov told BIRN that the border would stay open.\n\n\
The ministry’s statement said the talks had failed.\n\n\
Serbian media reports cited Petrov as saying the army was ready.\n\n\
The opposition insisted the vote was rigged. Petrov warned that prices would rise.",
        );
        let expected = [
            ("the border would stay open", "Goran Petrov", "told"),
            ("the talks had failed", "The ministry", "said"),
            ("the army was ready", "Goran Petrov", "saying"),
            ("the vote was rigged", "The opposition", "insisted"),
            ("prices would rise", "Goran Petrov", "warned"),
        ];
        assert_eq!(quotes.len(), expected.len(), "{quotes:?}");
        for (quote, (content, speaker, cue)) in quotes.iter().zip(expected) {
            assert_eq!(quote.0, content);
            assert_eq!(quote.1, QuoteKind::Indirect);
            assert_eq!(quote.2.as_deref(), Some(speaker), "{quote:?}");
            assert_eq!(quote.3.as_deref(), Some(cue), "{quote:?}");
        }
    }

    #[test]
    fn role_nominal_resolves_to_the_titled_person() {
        let quotes = run("President Ana Lukić visited Niš on Monday. \
The Serbian president said that the visit was a success.");
        assert_eq!(speaker_of(&quotes, "the visit"), Some("Ana Lukić"));
    }

    #[test]
    fn mentions_are_used_when_present() {
        use dossier_core::{CharSpan, EntityKind, Mention};
        let text = "Zoran Ilić met the press.\n\n“We are ready,” Ilić said.";
        let mut doc = Doc::new(Meta::default(), text.to_string());
        let char_at = |needle: &str| text[..text.find(needle).unwrap_or(0)].chars().count() as u32;
        let full = char_at("Zoran");
        let short = char_at("Ilić said");
        for (start, len) in [(full, 10), (short, 4)] {
            doc.mentions.push(Mention {
                span: CharSpan::new(start, start + len),
                token_start: 0,
                token_end: 0,
                kind: EntityKind::Person,
                entity: None,
            });
        }
        QuoteFinder.annotate(&mut doc);
        let speaker = doc.quotes.first().and_then(|q| q.speaker.clone());
        assert_eq!(
            speaker.as_ref().map(|s| s.name.as_str()),
            Some("Zoran Ilić")
        );
        assert_eq!(speaker.and_then(|s| s.mention), Some(1));
    }

    #[test]
    fn first_names_tell_gender() {
        let quotes = run("Jelena Milić met Dragan Petrović in Novi Sad. \
Later she said that the meeting went well. He said the talks were over.");
        assert_eq!(speaker_of(&quotes, "the meeting"), Some("Jelena Milić"));
        assert_eq!(speaker_of(&quotes, "the talks"), Some("Dragan Petrović"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "“",
            "”",
            "\"\"",
            "said",
            "“,” said",
            "according to",
            "«»«»",
            "He said:\n\n“",
        ] {
            let _ = run(text);
        }
    }

    #[test]
    fn generated_input_does_not_panic() {
        // A fixed pseudo-random walk over pieces that exercise every rule, so that odd
        // orders (marks at paragraph edges, cues without subjects) are tried.
        const PIECES: &[&str] = &[
            "“",
            "”",
            "\"",
            "'",
            "''",
            "«",
            "»",
            "‘",
            "’",
            "„",
            "‹",
            "›",
            " said",
            " told",
            " according to",
            " he",
            " she",
            " the ministry",
            " Ana Kovač",
            " Mr.",
            " Dr.",
            ",",
            ".",
            ":",
            " —",
            " ―",
            "\n",
            "\n\n",
            " that",
            " (R-Ky.)",
            " and",
            " saying",
            " statement",
            "’s",
            " cited",
            " as",
            " the",
            " 43-year-old",
            " Ž",
            " \u{a0}",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut n_quotes = 0;
        for _ in 0..3000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mut text = String::new();
            for _ in 0..((state >> 40) % 40) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(PIECES[(state >> 33) as usize % PIECES.len()]);
            }
            let mut doc = Doc::new(Meta::default(), text);
            // Every other document also gets the segmenter's sentences.
            if (state >> 20) & 1 == 1 {
                dossier_nlp::segment(&mut doc);
            }
            QuoteFinder.annotate(&mut doc);
            for quote in &doc.quotes {
                assert!(quote.span.end as usize <= doc.text.chars().count());
                assert!(quote.kind != QuoteKind::Term || quote.speaker.is_none());
            }
            n_quotes += doc.quotes.len();
        }
        assert!(n_quotes > 100, "the generator should produce quotes");
    }

    #[test]
    fn stage_contract() {
        let finder = QuoteFinder::new();
        assert_eq!(finder.name(), "quotes");
        assert_eq!(finder.assigns(), &[Layer::Quotes]);
        assert!(finder.requires().contains(&Layer::Sentences));
    }
}
