//! GDELT 2.0 event-table rows: one row per actor × recipient dyad of an event.
