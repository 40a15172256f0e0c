import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { civilSocietyContract as c } from "../../../shared/contracts/civil-society.contract.ts";
import { call } from "../../api-client.ts";
import { ErrorBox, Field, Loading, PageTitle } from "../../components/ui.tsx";
import { formatDate } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { civilQueries } from "./civil-queries.ts";

/**
 * /admin/organizaciones — the administrator accredits civil-society organisations and assigns
 * accounts of role sociedad_civil to them (one organisation per account).
 */
export function OrganizationsPage() {
  const t = useT();
  const orgs = useQuery(civilQueries.organizations());
  const [name, setName] = useState("");
  const [acronym, setAcronym] = useState("");
  const [error, setError] = useState<unknown>(null);
  async function onCreate(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await call(c.accredit, { body: { name, ...(acronym ? { acronym } : {}) } });
      setName("");
      setAcronym("");
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      <PageTitle text={t("civil.orgsTitle")}>{t("civil.orgsTitle")}</PageTitle>
      <p className="lead">{t("civil.orgsIntro")}</p>
      <section className="card" aria-labelledby="org-create-title">
        <h2 id="org-create-title">{t("civil.accredit")}</h2>
        {error !== null && <ErrorBox error={error} />}
        <form onSubmit={onCreate} className="form-grid">
          <Field id="org-name" label={t("civil.orgName")} required>
            {(aria) => (
              <input {...aria} value={name} onChange={(e) => setName(e.target.value)} required />
            )}
          </Field>
          <Field id="org-acronym" label={t("civil.orgAcronym")}>
            {(aria) => (
              <input {...aria} value={acronym} onChange={(e) => setAcronym(e.target.value)} />
            )}
          </Field>
          <button type="submit" className="primary">
            {t("civil.accredit")}
          </button>
        </form>
      </section>
      {orgs.error ? (
        <ErrorBox error={orgs.error} onRetry={() => void orgs.refetch()} />
      ) : !orgs.data ? (
        <Loading />
      ) : (
        orgs.data.map((org) => (
          <section key={org.id} className="card" aria-labelledby={`org-${org.id}`}>
            <h2 id={`org-${org.id}`}>
              {org.name}
              {org.acronym && ` (${org.acronym})`}
            </h2>
            <p className="muted">
              {t("civil.accreditedOn", {
                date: formatDate(org.accreditedAt.slice(0, 10), t("locale")),
              })}
            </p>
            <ul className="simple-list">
              {org.members.map((m) => (
                <li key={m.userId}>
                  {m.name} · {m.email}
                </li>
              ))}
            </ul>
            <MemberForm id={org.id} />
          </section>
        ))
      )}
    </>
  );
}

function MemberForm({ id }: { id: number }) {
  const t = useT();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<unknown>(null);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await call(c.addMember, { params: { id }, body: { email } });
      setEmail("");
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={onSubmit}>
      {error !== null && <ErrorBox error={error} />}
      <Field id={`org-member-${id}`} label={t("civil.memberEmail")}>
        {(aria) => (
          <input {...aria} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        )}
      </Field>
      <button type="submit">{t("civil.addMember")}</button>
    </form>
  );
}
