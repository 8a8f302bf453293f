//! Time expressions: tagging, TIMEX3 normalisation against the document date, publication-date inference; evaluation on TimeML.
