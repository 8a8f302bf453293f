//! Quotes: direct and indirect quotes, their cues and speakers; scare quotes told apart; evaluation on PolNeAR.
