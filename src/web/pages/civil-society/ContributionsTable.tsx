import { type FormEvent, useState } from "react";
import type { Contribution } from "../../../shared/contracts/civil-society.contract.ts";
import { civilSocietyContract as c } from "../../../shared/contracts/civil-society.contract.ts";
import { call } from "../../api-client.ts";
import { ErrorBox, TableWrap } from "../../components/ui.tsx";
import { formatDate, formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";

/**
 * Official and civil-society values side by side, each labelled with who says it: the
 * official figure published by the conductor (or «sin información pública»), and what the
 * organisation says under its own name, with its date, evidence and source; the conductor's
 * response beside it. A removed contribution keeps its row and shows the moderator's reason.
 * The conductor sees the forms to respond and, for personal data only, to remove.
 */
export function ContributionsTable({
  contributions,
  caption,
}: {
  contributions: readonly Contribution[];
  caption: string;
}) {
  const t = useT();
  const { can } = useSession();
  const locale = t("locale");
  return (
    <TableWrap label={caption}>
      <table className="data-table civil-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("civil.target")}</th>
            <th scope="col">{t("civil.official")}</th>
            <th scope="col">{t("civil.alternative")}</th>
            <th scope="col">{t("civil.response")}</th>
          </tr>
        </thead>
        <tbody>
          {contributions.map((item) => (
            <tr key={item.id} data-contribution={item.id} data-status={item.status}>
              <th scope="row">
                <strong>{item.target.code}</strong> {item.target.name}
                <br />
                <small>
                  {t(`civil.kinds.${item.kind}`)} · {item.year}
                </small>
              </th>
              <td>
                {item.official ? (
                  item.official.value === null ? (
                    <em>{t("civil.noPublicInformation")}</em>
                  ) : (
                    <>
                      <strong className="num">{formatNumber(item.official.value, locale)}</strong>
                      <br />
                      <small>{t("civil.says", { who: item.official.label })}</small>
                    </>
                  )
                ) : (
                  t("app.none")
                )}
              </td>
              <td>
                {item.status === "retirado" ? (
                  <p>
                    <strong>{item.statusLabel}</strong>
                    <br />
                    <small>{t("civil.says", { who: item.organization.name })}</small>
                  </p>
                ) : (
                  <>
                    {item.value !== null && (
                      <strong className="num">{formatNumber(item.value, locale)}</strong>
                    )}
                    {item.assessment && <p>{item.assessment}</p>}
                    <br />
                    <small>
                      {t("civil.saysOn", {
                        who: item.organization.name,
                        date: formatDate(item.publishedAt.slice(0, 10), locale),
                      })}
                    </small>
                    {item.method && (
                      <p>
                        <small>
                          {t("civil.method")}: {item.method}
                        </small>
                      </p>
                    )}
                    <p>
                      <small>
                        {t("civil.source")}: {item.source}
                        {item.accessRequest &&
                          ` · ${t("civil.citedRequest", {
                            id: item.accessRequest.id,
                            entity: item.accessRequest.entity,
                            date: formatDate(item.accessRequest.sentOn, locale),
                          })}`}
                      </small>
                    </p>
                    {item.comment && (
                      <p>
                        <small>{item.comment}</small>
                      </p>
                    )}
                    {item.evidence.length > 0 && (
                      <ul className="format-links">
                        {item.evidence.map((e) => (
                          <li key={e.id}>
                            <a href={e.url} download>
                              {t("civil.evidence", { name: e.fileName })}
                            </a>
                          </li>
                        ))}
                      </ul>
                    )}
                  </>
                )}
              </td>
              <td>
                {item.response && (
                  <p>
                    {item.response.text}
                    <br />
                    <small>
                      {t("civil.respondedOn", {
                        date: formatDate(item.response.respondedAt.slice(0, 10), locale),
                      })}
                    </small>
                  </p>
                )}
                {item.status === "publicado" && can("civil_society.respond") && (
                  <ModerationForms id={item.id} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function ModerationForms({ id }: { id: number }) {
  const t = useT();
  const { can } = useSession();
  const [text, setText] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: FormEvent, action: () => Promise<unknown>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error !== null && <ErrorBox error={error} />}
      <form
        onSubmit={(e) =>
          run(e, () => call(c.respond, { params: { id }, body: { text } }).then(() => setText("")))
        }
      >
        <label htmlFor={`civil-response-${id}`}>{t("civil.responseLabel")}</label>
        <textarea
          id={`civil-response-${id}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={2}
        />
        <button type="submit" disabled={busy || text.trim() === ""}>
          {t("civil.respond")}
        </button>
      </form>
      {can("civil_society.moderate") && (
        <details>
          <summary>{t("civil.remove")}</summary>
          <form
            onSubmit={(e) => run(e, () => call(c.remove, { params: { id }, body: { reason } }))}
          >
            <label htmlFor={`civil-reason-${id}`}>{t("civil.removalReason")}</label>
            <input
              id={`civil-reason-${id}`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <button type="submit" disabled={busy || reason.trim() === ""}>
              {t("civil.removeConfirm")}
            </button>
          </form>
        </details>
      )}
    </>
  );
}
