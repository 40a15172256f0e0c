-- Account management (issue 17): a password the administrator issued (a reset, or a demo
-- account's printed one) must be replaced by its owner at the next sign-in. While the flag is
-- set the session reaches only the change-password route. Forward-only; PostgreSQL 15 and PGlite.

ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
