-- Custom migration: a compacted snapshot is stored out of line but not compressed (STORAGE EXTERNAL). A Yjs state
-- compresses to ~57 % with pglz, and decompressing it was most of the server's part of a cold load (a 1.8 MiB board:
-- ~45 ms of pglz on a loaded machine, bench/README.md); the disk it costs is small. Rows written before this keep their
-- compression until their next compaction rewrites them.
ALTER TABLE document_snapshots ALTER COLUMN state SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE board_versions ALTER COLUMN state SET STORAGE EXTERNAL;
