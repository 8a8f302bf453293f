//! Command-line flags, as close to what the user types as possible (clap derive).
//!
//! Nothing outside the binary sees these types: each command module turns them into the
//! options structs of the library crates.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// dossier: turn a pile of news articles into a sourced record of who did what to whom,
/// when and where, and who said so.
#[derive(Parser, Debug)]
#[command(name = "dossier", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The database file (SQLite).
    #[arg(long, global = true, default_value = "dossier.db")]
    pub(crate) db: PathBuf,
    /// A user knowledge-base file extending the shipped one (repeatable; later files win).
    #[arg(long, global = true)]
    pub(crate) kb: Vec<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Read articles (files, folders, `-` for stdin), analyse them and store them.
    Build(BuildArgs),
    /// List the stored documents.
    Documents(DocumentsArgs),
    /// Full-text search over the stored sentences.
    Search(SearchArgs),
    /// Entities (people, organisations, places) resolved across the corpus.
    Entities(EntitiesArgs),
    /// One entity: aliases, roles over time with sources, documents, events, quotes.
    Entity(EntityArgs),
    /// The actor network: entities as nodes, co-occurrence and speech as weighted edges.
    Network(NetworkArgs),
    /// Quotes with their speakers, cues and sources.
    Quotes(QuotesArgs),
    /// Dated events in order, merged across outlets, with modality, participants and sources.
    Timeline(TimelineArgs),
    /// Every coded event (dated or not), one per line.
    Events(TimelineArgs),
    /// The local web app: timeline, actors, network, documents, search (127.0.0.1 by default).
    Serve(ServeArgs),
    /// One self-contained HTML file (timeline, actors, quotes, sources) for sharing.
    Report(ReportArgs),
    /// Write the stored record as files (the export contract).
    Export(ExportArgs),
    /// Train a model from the shared data (writes models/NAME.bin; rebuild to embed it).
    #[command(subcommand)]
    Train(TrainCommand),
    /// Tag tokenised text (CoNLL or IOB2 on stdin) with predicted entity tags (IOB2 column appended).
    Tag(TagArgs),
    /// The knowledge base: import PETRARCH dictionaries, look names up.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Measure a stage against gold data and print its figures.
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Args, Debug)]
pub(crate) struct BuildArgs {
    /// Files and folders to read (folders recursively); `-` reads standard input.
    #[arg(required = true)]
    pub(crate) paths: Vec<String>,
    /// Skip plain-text and HTML files larger than this many megabytes.
    #[arg(long, default_value_t = 64)]
    pub(crate) max_file_mb: u64,
    /// Print only the summary line (no document list).
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Number of worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub(crate) threads: Option<usize>,
}

#[derive(Args, Debug)]
pub(crate) struct DocumentsArgs {
    /// Only documents from this outlet (case-insensitive).
    #[arg(long)]
    pub(crate) outlet: Option<String>,
    /// Only documents published on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Only documents published on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// At most this many documents.
    #[arg(long, default_value_t = 1000)]
    pub(crate) limit: u32,
    /// Print JSON Lines instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Args, Debug)]
pub(crate) struct SearchArgs {
    /// What to look for: words, "a phrase", prefix*.
    #[arg(required = true)]
    pub(crate) query: Vec<String>,
    /// Only documents published on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Only documents published on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Only documents from this outlet.
    #[arg(long)]
    pub(crate) outlet: Option<String>,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    pub(crate) limit: u32,
    /// Print JSON Lines instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    /// The address to listen on; keep it on loopback unless others should reach it.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub(crate) addr: std::net::SocketAddr,
}

#[derive(Args, Debug)]
pub(crate) struct ReportArgs {
    /// The HTML file to write.
    #[arg(long, required = true)]
    pub(crate) out: PathBuf,
}

#[derive(Args, Debug)]
pub(crate) struct EntitiesArgs {
    /// Only this kind: person, organization, location, other.
    #[arg(long)]
    pub(crate) kind: Option<String>,
    /// Only entities whose name or alias contains this.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// At most this many (most mentioned first).
    #[arg(long, default_value_t = 200)]
    pub(crate) limit: u32,
    /// Print JSON Lines (the export contract's entity records).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Args, Debug)]
pub(crate) struct EntityArgs {
    /// The entity's name, alias or id.
    #[arg(required = true)]
    pub(crate) name: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NetworkFormat {
    /// Nodes and edges as JSON.
    Json,
    /// GraphML (Gephi, yEd, NetworkX).
    Graphml,
    /// Graphviz DOT.
    Dot,
}

#[derive(Args, Debug)]
pub(crate) struct NetworkArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub(crate) format: NetworkFormat,
}

#[derive(Args, Debug)]
pub(crate) struct QuotesArgs {
    /// Only quotes whose speaker's name contains this.
    #[arg(long)]
    pub(crate) speaker: Option<String>,
    /// Only quotes of this document (its id).
    #[arg(long)]
    pub(crate) doc: Option<String>,
    /// Only this kind: direct, indirect or term (default: direct and indirect).
    #[arg(long)]
    pub(crate) kind: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 1000)]
    pub(crate) limit: u64,
    /// Print JSON Lines instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Args, Debug)]
pub(crate) struct TimelineArgs {
    /// Only events with a participant whose name contains this (case and accents ignored).
    #[arg(long)]
    pub(crate) actor: Option<String>,
    /// Only events dated on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// Only events dated on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub(crate) to: Option<String>,
    /// Only this PLOVER category (CONSULT, AGREE, …) or CAMEO code or root (04, 057).
    #[arg(long)]
    pub(crate) category: Option<String>,
    /// Only this modality (asserted, negated, future, hypothetical).
    #[arg(long)]
    pub(crate) modality: Option<String>,
    /// Print JSON Lines instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExportFormat {
    /// One JSON object per line, one file per record type.
    Jsonl,
    /// Comma-separated values, one file per record type.
    Csv,
    /// The timeline as a GDELT 2.0 event table (tab-separated, dyads exploded).
    Gdelt,
}

#[derive(Args, Debug)]
pub(crate) struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub(crate) format: ExportFormat,
    /// Output folder (created if missing).
    #[arg(long, required = true)]
    pub(crate) out: PathBuf,
}

#[derive(Subcommand, Debug)]
pub(crate) enum KbCommand {
    /// Convert a PETRARCH/TABARI actor dictionary into a user knowledge-base file (for --kb).
    ImportPetrarch {
        /// The dictionary (e.g. PETR.Validate.actors.txt).
        file: PathBuf,
        /// Where to write the knowledge-base file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// What the knowledge base knows of names: entity, canonical name, country, actor code.
    Lookup(KbLookupArgs),
}

#[derive(Args, Debug)]
pub(crate) struct KbLookupArgs {
    /// Names to look up ("Vucic", "the FSB", "Serbia’s").
    #[arg(required = true)]
    pub(crate) names: Vec<String>,
    /// The date codes and office holders are valid at (YYYY-MM-DD; default today).
    #[arg(long)]
    pub(crate) date: Option<String>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum EvalCommand {
    /// Main-text extraction against trafilatura's benchmark (with/without snippets).
    Extract(EvalArgs),
    /// Sentence splitting and tokenization against a CoNLL-U file.
    Segment(EvalArgs),
    /// Time expressions against TimeML `.tml` files (TempEval-3 scoring), recursively.
    Time(EvalArgs),
    /// Quote attribution against PolNeAR brat standoff (a split folder with text/ and attributions/).
    Quotes(EvalArgs),
    /// Cross-document entity coreference (B³, MUC, CEAFe, CoNLL F1) on MEANTIME.
    Coref(EvalArgs),
    /// Part-of-speech accuracy against a CoNLL-U file.
    Pos(ModelEvalArgs),
    /// Named-entity span P/R/F1 (conlleval) against CoNLL-2003 or UNER .iob2.
    Ner(ModelEvalArgs),
    /// Dependency parsing UAS/LAS against a CoNLL-U file (predicted POS as input).
    Parser(ModelEvalArgs),
    /// Event coding against sentence-level gold in the PETRARCH record format; PETRARCH
    /// dictionaries (PETR.Validate.*.txt) beside the file are imported and used instead of ours.
    Events(EvalArgs),
}

#[derive(Subcommand, Debug)]
pub(crate) enum TrainCommand {
    /// Word clusters from unlabelled news text (input to the other models).
    Clusters(TrainArgs),
    /// The part-of-speech tagger and its second pass (UD English EWT).
    Pos(TrainArgs),
    /// The named-entity recognizer (CoNLL-2003).
    Ner(TrainArgs),
    /// The dependency parser (UD English EWT).
    Parser(TrainArgs),
}

#[derive(Args, Debug)]
pub(crate) struct TrainArgs {
    /// The shared data folder (default $DOSSIER_SHARED/data or ../shared/data).
    #[arg(long)]
    pub(crate) data: Option<PathBuf>,
    /// Where to write the model (default models/NAME.bin).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// Word clusters from `dossier train clusters`.
    #[arg(long)]
    pub(crate) clusters: Option<PathBuf>,
    /// Seed of the shuffling (training is deterministic for a seed).
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Passes over the training data (default 10; parser 16).
    #[arg(long)]
    pub(crate) epochs: Option<usize>,
}

#[derive(Args, Debug)]
pub(crate) struct ModelEvalArgs {
    /// The gold file.
    #[arg(long, required = true)]
    pub(crate) gold: PathBuf,
    /// A model file to evaluate instead of the embedded one.
    #[arg(long)]
    pub(crate) model: Option<PathBuf>,
    /// Print the figures as one JSON line.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TagFormat {
    /// One token per line, the word first (CoNLL-2003); `-DOCSTART-` starts a document.
    Conll,
    /// Tab-separated with the word in the second column (UNER); `# newdoc` starts a document.
    Iob2,
}

#[derive(Args, Debug)]
pub(crate) struct TagArgs {
    /// Input format.
    #[arg(long, value_enum, default_value = "conll")]
    pub(crate) format: TagFormat,
}

#[derive(Args, Debug)]
pub(crate) struct EvalArgs {
    /// The gold data (a folder or a file, depending on the stage).
    #[arg(long, required = true)]
    pub(crate) gold: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}
