-- Migration 1: documents and the per-document layers dossier-core's Doc holds, build records,
-- and the FTS5 index over sentences. See SCHEMA.md for every column.
-- Offsets (start, end, at) count Unicode code points of documents.text; end is exclusive.

CREATE TABLE documents (
    id                   TEXT PRIMARY KEY NOT NULL,
    source_path          TEXT NOT NULL,
    format               TEXT NOT NULL,
    title                TEXT,
    outlet               TEXT,
    authors              TEXT NOT NULL DEFAULT '[]',
    url                  TEXT,
    published            TEXT,
    published_from       TEXT,
    published_confidence REAL,
    language             TEXT,
    origins              TEXT NOT NULL DEFAULT '{}',
    text                 TEXT NOT NULL,
    added_at             TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published, id);
CREATE INDEX documents_outlet ON documents (outlet COLLATE NOCASE, published);

CREATE TABLE paragraphs (
    doc   TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL CHECK (start <= end),
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE removed (
    doc    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx    INTEGER NOT NULL,
    reason TEXT NOT NULL,
    at     INTEGER NOT NULL,
    text   TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE sentences (
    id           INTEGER PRIMARY KEY,
    doc          TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL CHECK (start <= end),
    token_start  INTEGER NOT NULL,
    token_end    INTEGER NOT NULL CHECK (token_start <= token_end),
    paragraph    INTEGER NOT NULL,
    time_context INTEGER,
    text         TEXT NOT NULL,
    UNIQUE (doc, idx)
);

CREATE TABLE tokens (
    doc   TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL CHECK (start <= end),
    kind  TEXT NOT NULL,
    pos   TEXT,
    head  INTEGER,
    dep   TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE mentions (
    doc         TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL CHECK (start <= end),
    token_start INTEGER NOT NULL,
    token_end   INTEGER NOT NULL CHECK (token_start <= token_end),
    kind        TEXT NOT NULL,
    entity      TEXT,
    text        TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions (entity) WHERE entity IS NOT NULL;

CREATE TABLE times (
    doc        TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL CHECK (start <= end),
    timex_type TEXT NOT NULL,
    value      TEXT,
    anchor     TEXT,
    sentence   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE quotes (
    doc             TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL CHECK (start <= end),
    kind            TEXT NOT NULL,
    sentence        INTEGER NOT NULL,
    speaker_name    TEXT,
    speaker_start   INTEGER,
    speaker_end     INTEGER CHECK (speaker_start <= speaker_end),
    speaker_mention INTEGER,
    cue_start       INTEGER,
    cue_end         INTEGER CHECK (cue_start <= cue_end),
    text            TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE diagnostics (
    doc      TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx      INTEGER NOT NULL,
    stage    TEXT NOT NULL,
    severity TEXT NOT NULL,
    message  TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE builds (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    inputs      TEXT NOT NULL DEFAULT '[]',
    files_seen  INTEGER NOT NULL,
    docs_added  INTEGER NOT NULL,
    duplicates  INTEGER NOT NULL,
    n_skipped   INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL
);

CREATE TABLE skipped_files (
    build   INTEGER NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    source  TEXT NOT NULL,
    reason  TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (build, idx)
) WITHOUT ROWID;

-- Full-text index over sentences.text. External content: the index stores no copy of the text.
-- The store inserts each sentence's index row itself, right after the sentence: an AFTER INSERT
-- trigger would make every sentence insert a statement transaction, and FTS5 flushes its
-- in-memory index at each one, which halves insert speed. Deletes and updates are rare and
-- go through the triggers below, so the index stays in step with whoever changes sentences.
CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text,
    content = 'sentences',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER sentences_fts_update AFTER UPDATE OF text ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
END;
