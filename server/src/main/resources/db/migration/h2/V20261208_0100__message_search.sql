-- Message search (issue 13, chat.search and messageSearch): H2's own full-text index.
--
-- H2 2.x offers two: org.h2.fulltext.FullText (native: the words in tables of schema FT, kept
-- by a trigger) and FullTextLucene (a Lucene index beside the database). The native one is used:
-- its trigger writes the word map through the writing statement's own connection, so an insert,
-- an edit or a delete of a message changes the index inside the same transaction and a rollback
-- undoes both. FullTextLucene writes outside the transaction (a rolled-back post stays indexed)
-- and commits the Lucene index after every row, a file sync per post. docs/benchmarks.md has what
-- each costs.
CREATE ALIAS IF NOT EXISTS FT_INIT FOR 'org.h2.fulltext.FullText.init';
CALL FT_INIT();
-- indexes the rows already there too
CALL FT_CREATE_INDEX('public', 'messages', 'msg');
