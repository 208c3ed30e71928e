-- Free-text search (q) through an FTS5 trigram index of search_text, so that a rare term is found without reading
-- the organization's whole log (issue 14: 4.3 s for a first page at 10M events before this index).
--
-- External content: the index keeps only trigrams and rowids; the text stays in events.search_text. Trigrams are
-- case-sensitive because search_text and the query term are both lower-cased by Attest already (Locale.ROOT), and
-- FTS5's own case folding could differ from Java's. A query still checks instr(search_text, term) on every candidate,
-- so results are exactly those of the scan; the index only narrows the rows read (terms of 3+ characters).
CREATE VIRTUAL TABLE events_search USING fts5(
    search_text,
    content = 'events',
    content_rowid = 'rowid',
    tokenize = 'trigram case_sensitive 1'
);

-- Events are never updated; retention and tests delete them.
CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_search (events_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;

INSERT INTO events_search (events_search) VALUES ('rebuild');
