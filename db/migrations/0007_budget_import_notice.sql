-- The "#" lines at the top of an imported file, as written: MEF files have none, and a file
-- reconstructed from published totals says so there. Kept so that every page and report that
-- shows the file's figures can repeat the warning, whatever the file's name.
ALTER TABLE budget_import ADD COLUMN notice text;

-- Labels and pliego totals are written by the import only, in the transaction that creates
-- their import row, and deleted with the import's lines by the code that supersedes it, like
-- budget_line (0004). Their foreign key to budget_import cost a key check per row, for the
-- hundreds of thousands of finalidad labels of a synthetic million-line file (ADR 0008).
ALTER TABLE budget_label DROP CONSTRAINT budget_label_import_id_fkey;
ALTER TABLE budget_pliego_total DROP CONSTRAINT budget_pliego_total_import_id_fkey;
