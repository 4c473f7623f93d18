"""Teaching: the bilingual case library with hand-pinned answer keys, and quiz scoring."""
