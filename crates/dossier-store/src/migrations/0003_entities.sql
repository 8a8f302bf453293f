-- Migration 3: entities resolved across documents by the link stage.
--
-- The whole set is derived from the stored documents and rebuilt after every build
-- (`Store::replace_entities` deletes and rewrites it in one transaction), so re-linking a
-- grown corpus never leaves stale rows. `mentions.entity` is set from `mention_entities`
-- in the same transaction. `record` keeps the linker's full entity as JSON, so it can grow
-- fields without a migration; the columns beside it are what queries filter on.

CREATE TABLE entities (
    id             TEXT    PRIMARY KEY NOT NULL,
    name           TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    country        TEXT,
    code           TEXT,
    mentions       INTEGER NOT NULL,
    n_documents    INTEGER NOT NULL,
    record         TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX entities_name ON entities (name COLLATE NOCASE);
CREATE INDEX entities_kind ON entities (kind, mentions);

CREATE TABLE entity_aliases (
    entity         TEXT    NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    alias          TEXT    NOT NULL,
    PRIMARY KEY (entity, alias)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_alias ON entity_aliases (alias COLLATE NOCASE);

CREATE TABLE entity_roles (
    entity         TEXT    NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    title          TEXT    NOT NULL,
    organization   TEXT,
    country        TEXT,
    as_of          TEXT,
    doc            TEXT,
    former         INTEGER NOT NULL DEFAULT 0,
    source         TEXT    NOT NULL,
    code           TEXT,
    PRIMARY KEY (entity, idx)
) WITHOUT ROWID;

CREATE TABLE mention_entities (
    doc            TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    mention        INTEGER,
    entity         TEXT    NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    text           TEXT    NOT NULL,
    CHECK (start <= end),
    PRIMARY KEY (doc, start, end, entity)
) WITHOUT ROWID;
CREATE INDEX mention_entities_entity ON mention_entities (entity, doc);

CREATE TABLE link_decisions (
    idx            INTEGER PRIMARY KEY,
    verdict        TEXT    NOT NULL,
    a              TEXT    NOT NULL,
    b              TEXT    NOT NULL,
    rule           TEXT    NOT NULL,
    doc            TEXT
);
CREATE INDEX link_decisions_a ON link_decisions (a COLLATE NOCASE);
CREATE INDEX link_decisions_b ON link_decisions (b COLLATE NOCASE);
