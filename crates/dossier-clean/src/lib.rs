//! Cleaning: normalisation that keeps offsets honest, boilerplate removal with a record of every removed block, metadata from the text.
