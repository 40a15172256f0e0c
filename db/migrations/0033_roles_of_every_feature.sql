-- 0024 (regional conductor) and 0026 (sociedad civil) were written side by side and each rebuilt
-- app_user_role_check with its own new role; applied in order, 0026's list drops 0024's role.
-- This puts every role of src/shared/permissions.ts back in one list. Forward-only; PostgreSQL 15
-- and PGlite.
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
  CHECK (role IN ('administrador', 'punto_focal', 'revisor', 'comision', 'sociedad_civil',
    'conductor_regional'));
