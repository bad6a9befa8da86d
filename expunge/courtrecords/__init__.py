"""Court records as they come (../shared/data/mjcs-records.md): files read into tables
(`reading`), raw values made into the engine's facts without guessing (`normalise`,
`dispositions`), and rows grouped into people, each with a contract record and where
each fact came from (`people`). No database here: expunge.services.batches stores what
these return."""
