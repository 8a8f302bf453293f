-- Migration 2: coded events and the merged timeline.
--
-- `events` holds what the event coder found in each document (one row per event, the full
-- record as JSON in `record`, the columns queries filter on beside it). `timeline` holds the
-- events merged across documents and outlets; it is derived from `events` and rebuilt whole
-- after every build, so `timeline_evidence` always points at stored sentences.

CREATE TABLE events (
    doc            TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    sentence       INTEGER NOT NULL,
    date           TEXT,
    cameo          TEXT    NOT NULL,
    root           TEXT    NOT NULL,
    plover         TEXT    NOT NULL,
    modality       TEXT    NOT NULL,
    label          TEXT    NOT NULL,
    record         TEXT    NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX events_date ON events (date);
CREATE INDEX events_cameo ON events (cameo);

CREATE TABLE timeline (
    id             TEXT    PRIMARY KEY,
    date           TEXT,
    cameo          TEXT    NOT NULL,
    plover         TEXT    NOT NULL,
    modality       TEXT    NOT NULL,
    label          TEXT    NOT NULL,
    outlets        INTEGER NOT NULL,
    record         TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX timeline_date ON timeline (date);

CREATE TABLE timeline_evidence (
    event          TEXT    NOT NULL REFERENCES timeline (id) ON DELETE CASCADE,
    doc            TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sentence       INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    CHECK (start <= end)
);
CREATE INDEX timeline_evidence_event ON timeline_evidence (event);
CREATE INDEX timeline_evidence_doc ON timeline_evidence (doc);
