-- Migration 4: the outlets an article credits as its sources (dossier_core::Meta::sources),
-- a JSON array of names, the outlet first; '[]' when the article credits none. The timeline
-- counts a wire story compiled from three outlets as evidence from all three.

ALTER TABLE documents ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
