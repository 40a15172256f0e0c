import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { UserCreateSchema } from "../../../shared/contracts/users.contract.ts";
import { ROLES, type Role } from "../../../shared/permissions.ts";
import { api, type Entity, type User } from "../../api-client.ts";
import { ErrorBox, Field, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDateTime } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

/** /admin/usuarios — accounts: list, create with role and entities, deactivate. */
export function UsersPage() {
  const t = useT();
  const { session } = useSession();
  const users = useQuery(queries.users());
  const entities = useQuery(queries.entities());
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [editing, setEditing] = useState<User | null>(null);

  // The temporary password is kept only in this component's state: shown once, gone on leaving.
  async function reset(user: User) {
    setError(null);
    setNotice(null);
    try {
      const { temporaryPassword } = await api.resetPassword(user.id);
      setNotice(t("users.resetDone", { email: user.email, password: temporaryPassword }));
    } catch (err) {
      setError(err);
    }
  }

  async function resetMfa(user: User) {
    setError(null);
    setNotice(null);
    if (!window.confirm(t("users.resetMfaConfirm", { email: user.email }))) return;
    try {
      await api.resetMfa(user.id);
      setNotice(t("users.resetMfaDone", { email: user.email }));
      void users.refetch();
    } catch (err) {
      setError(err);
    }
  }

  async function setActive(user: User, isActive: boolean) {
    setError(null);
    try {
      await api.updateUser(user.id, { isActive });
      setConfirming(null);
      setNotice(t("users.updated"));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <PageTitle text={t("users.title")}>{t("users.title")}</PageTitle>
      {notice && <Notice kind="success">{notice}</Notice>}
      {error !== null && <ErrorBox error={error} />}
      <section aria-labelledby="users-list">
        <h2 id="users-list">{t("users.list")}</h2>
        {users.error ? (
          <ErrorBox error={users.error} onRetry={() => void users.refetch()} />
        ) : !users.data ? (
          <Loading />
        ) : (
          <TableWrap label={t("users.list")}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("users.name")}</th>
                  <th scope="col">{t("users.email")}</th>
                  <th scope="col">{t("users.role")}</th>
                  <th scope="col">{t("users.entities")}</th>
                  <th scope="col">{t("users.active")}</th>
                  <th scope="col">{t("users.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((u) => (
                  <tr key={u.id} className={u.isActive ? undefined : "row-inactive"}>
                    <th scope="row" className="cell-text">
                      {u.displayName}
                      {u.isDemo && <span className="tag"> {t("app.demo")}</span>}
                      {u.mustChangePassword && (
                        <span className="tag"> {t("users.mustChange")}</span>
                      )}
                    </th>
                    <td>{u.email}</td>
                    <td>{t(`roles.${u.role}`)}</td>
                    <td>
                      {u.entities.map((e) => (
                        <span key={e.code} className="tag">
                          {e.code}
                          {e.grant === "delegada" ? ` (${t("grant.delegada")})` : ""}
                        </span>
                      ))}
                    </td>
                    <td>
                      {u.isActive ? t("app.yes") : t("users.inactive")}
                      {u.lockedUntil && (
                        <span className="muted small block">
                          {t("users.locked", { date: formatDateTime(u.lockedUntil, t("locale")) })}
                        </span>
                      )}
                    </td>
                    <td>
                      {confirming === u.id ? (
                        <div className="confirm">
                          <p>{t("users.deactivateConfirm", { email: u.email })}</p>
                          <button
                            type="button"
                            className="button-danger"
                            onClick={() => void setActive(u, false)}
                          >
                            {t("users.deactivate")}
                          </button>
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => setConfirming(null)}
                          >
                            {t("app.cancel")}
                          </button>
                        </div>
                      ) : u.id === session?.user.id ? (
                        <span className="muted small">{t("users.you")}</span>
                      ) : u.isActive ? (
                        <>
                          <button
                            type="button"
                            className="button-secondary"
                            aria-label={`${t("users.deactivate")} ${u.email}`}
                            onClick={() => setConfirming(u.id)}
                          >
                            {t("users.deactivate")}
                          </button>{" "}
                          <button
                            type="button"
                            className="button-secondary"
                            aria-label={`${t("users.edit")} ${u.email}`}
                            onClick={() => setEditing(u)}
                          >
                            {t("users.edit")}
                          </button>{" "}
                          <button
                            type="button"
                            className="button-secondary"
                            aria-label={`${t("users.resetPassword")} ${u.email}`}
                            onClick={() => void reset(u)}
                          >
                            {t("users.resetPassword")}
                          </button>
                          {u.mfaEnrolled && u.id !== session?.user.id && (
                            <>
                              {" "}
                              <button
                                type="button"
                                className="button-secondary"
                                aria-label={`${t("users.resetMfa")} ${u.email}`}
                                onClick={() => void resetMfa(u)}
                              >
                                {t("users.resetMfa")}
                              </button>
                            </>
                          )}
                        </>
                      ) : (
                        <button
                          type="button"
                          className="button-secondary"
                          aria-label={`${t("users.activate")} ${u.email}`}
                          onClick={() => void setActive(u, true)}
                        >
                          {t("users.activate")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      {editing && (
        <EditUserForm
          key={editing.id}
          user={editing}
          entities={entities.data ?? []}
          onDone={(saved) => {
            setEditing(null);
            if (saved) setNotice(t("users.updated"));
          }}
        />
      )}
      <CreateUserForm
        entities={entities.data ?? []}
        onCreated={(u) => {
          setNotice(t("users.created", { email: u.email }));
        }}
      />
    </>
  );
}

function EntityChecklist({
  id,
  legend,
  entities,
  selected,
  onChange,
}: {
  id: string;
  legend: string;
  entities: Entity[];
  selected: string[];
  onChange(codes: string[]): void;
}) {
  return (
    <fieldset className="checklist" id={id}>
      <legend>{legend}</legend>
      <div className="checklist-box">
        {entities.map((e) => {
          const checkboxId = `${id}-${e.code}`;
          return (
            <div key={e.code} className="field-check">
              <input
                id={checkboxId}
                type="checkbox"
                checked={selected.includes(e.code)}
                onChange={(ev) =>
                  onChange(
                    ev.target.checked
                      ? [...selected, e.code]
                      : selected.filter((c) => c !== e.code),
                  )
                }
              />
              <label htmlFor={checkboxId}>
                <strong>{e.code}</strong> {e.name}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function CreateUserForm({ entities, onCreated }: { entities: Entity[]; onCreated(u: User): void }) {
  const t = useT();
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<Role>("punto_focal");
  const [own, setOwn] = useState<string[]>([]);
  const [proxy, setProxy] = useState<string[]>([]);
  const [password, setPassword] = useState("");
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = UserCreateSchema.safeParse({
      email,
      displayName,
      role,
      entities: own,
      proxyEntities: proxy,
      password,
    });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0])] ??= i.message;
      setIssues(next);
      return;
    }
    setIssues({});
    setBusy(true);
    try {
      const user = await api.createUser(parsed.data);
      setEmail("");
      setDisplayName("");
      setOwn([]);
      setProxy([]);
      setPassword("");
      onCreated(user);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const msg = (k: string) =>
    issues[k] ? [{ severity: "error" as const, text: issues[k] as string }] : [];

  return (
    <section className="card" aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t("users.create")}</h2>
      {error !== null && <ErrorBox error={error} />}
      <form onSubmit={onSubmit} noValidate>
        <div className="grid-2">
          <Field id="u-email" label={t("users.email")} messages={msg("email")} required>
            {(aria) => (
              <input
                {...aria}
                type="email"
                autoComplete="off"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field id="u-name" label={t("users.name")} messages={msg("displayName")} required>
            {(aria) => (
              <input
                {...aria}
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
              />
            )}
          </Field>
          <Field id="u-role" label={t("users.role")} messages={msg("role")} required>
            {(aria) => (
              <select {...aria} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id="u-password"
            label={t("users.password")}
            help={t("users.passwordHelp")}
            messages={msg("password")}
            required
          >
            {(aria) => (
              <input
                {...aria}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="grid-2">
          <EntityChecklist
            id="u-entities"
            legend={t("users.entities")}
            entities={entities}
            selected={own}
            onChange={setOwn}
          />
          <EntityChecklist
            id="u-proxy"
            legend={t("users.proxyEntities")}
            entities={entities}
            selected={proxy}
            onChange={setProxy}
          />
        </div>
        <button type="submit" className="button-primary" disabled={busy}>
          {t("users.create")}
        </button>
      </form>
    </section>
  );
}

/** Role, own entities and proxy grants of an account; the server audits before and after. */
function EditUserForm({
  user,
  entities,
  onDone,
}: {
  user: User;
  entities: Entity[];
  onDone(saved: boolean): void;
}) {
  const t = useT();
  const [role, setRole] = useState<Role>(user.role);
  const [own, setOwn] = useState(
    user.entities.filter((e) => e.grant === "propia").map((e) => e.code),
  );
  const [proxy, setProxy] = useState(
    user.entities.filter((e) => e.grant === "delegada").map((e) => e.code),
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const focal = role === "punto_focal";

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api.updateUser(user.id, {
        role,
        entities: focal ? own : [],
        proxyEntities: focal ? proxy : [],
      });
      onDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="edit-user-title">
      <h2 id="edit-user-title">{t("users.editTitle", { email: user.email })}</h2>
      {error !== null && <ErrorBox error={error} />}
      <form onSubmit={onSubmit} noValidate>
        <Field id="e-role" label={t("users.role")} required>
          {(aria) => (
            <select {...aria} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {focal && (
          <div className="grid-2">
            <EntityChecklist
              id="e-entities"
              legend={t("users.entities")}
              entities={entities}
              selected={own}
              onChange={setOwn}
            />
            <EntityChecklist
              id="e-proxy"
              legend={t("users.proxyEntities")}
              entities={entities}
              selected={proxy}
              onChange={setProxy}
            />
          </div>
        )}
        <button type="submit" className="button-primary" disabled={busy}>
          {t("users.save")}
        </button>{" "}
        <button type="button" className="button-secondary" onClick={() => onDone(false)}>
          {t("app.cancel")}
        </button>
      </form>
    </section>
  );
}
