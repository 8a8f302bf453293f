//! Readers: files, folders and stdin to raw articles (text, Markdown, HTML, JSON Lines, WARC, RSS/Atom), with container metadata.
