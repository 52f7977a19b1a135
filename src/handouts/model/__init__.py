"""Stage 2, validate: typed models of everything a person edits (articles, exercises, red-flag
sets, clinic profiles, doses, programmes, share codes), each with plain-language errors."""
