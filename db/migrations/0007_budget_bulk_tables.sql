-- Labels and pliego totals are written by the import only, in the transaction that creates
-- their import row, and deleted with the import's lines by the code that supersedes it, like
-- budget_line (0004). Their foreign key to budget_import cost a key check per row: about
-- 2 seconds for the 650,000 finalidad labels of a synthetic million-line file (ADR 0008).
ALTER TABLE budget_label DROP CONSTRAINT budget_label_import_id_fkey;
ALTER TABLE budget_pliego_total DROP CONSTRAINT budget_pliego_total_import_id_fkey;
