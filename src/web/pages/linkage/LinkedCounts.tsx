import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type LinkagePublication, type LinkageRunResult } from "../../api-client.ts";
import { ErrorBox, Notice, TableWrap } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { DEPARTAMENTOS } from "../../ubigeo.ts";

/**
 * The people of a linkage run counted by region, sex × age band and form of exploitation (read
 * from the register's pseudonymous victim records by record id), and the button that publishes
 * them into the statistical register, from where the TIP pack and the public outputs read them.
 */

const departmentName = (code: string | null) =>
  code === null
    ? null
    : (DEPARTAMENTOS.find((d) => d.code.startsWith(code.padStart(2, "0")))?.name ?? code);

function CountTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string;
  rows: { label: string; count: number }[];
}) {
  const t = useT();
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{t("linkage.counts.people")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <td>{r.label}</td>
              <td className="num">{formatNumber(r.count, t("locale"), 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function LinkedCounts({ result }: { result: LinkageRunResult }) {
  const t = useT();
  const c = result.counts;
  const none = t("linkage.counts.none");
  const label = (code: string | null) => code ?? none;
  const n = (x: number) => formatNumber(x, t("locale"), 0);
  return (
    <section aria-labelledby="linkage-counts">
      <h3 id="linkage-counts">{t("linkage.counts.title")}</h3>
      <p className="help">
        {t("linkage.counts.withRecord", {
          count: c.withVictimRecord,
          people: n(c.people),
          records: n(c.withVictimRecord),
        })}
      </p>
      {c.withVictimRecord === 0 ? (
        <Notice>{t("linkage.counts.noRecords")}</Notice>
      ) : (
        <div className="grid-3">
          <CountTable
            caption={t("linkage.counts.byDepartment")}
            head={t("linkage.counts.department")}
            rows={c.byDepartment.map((d) => ({
              label: departmentName(d.code) ?? none,
              count: d.count,
            }))}
          />
          <CountTable
            caption={t("linkage.counts.bySexAndAge")}
            head={t("linkage.counts.sexAndAge")}
            rows={c.bySexAndAge.map((d) => ({
              label: `${d.sex === null ? none : t(`linkage.counts.sex.${d.sex}`, { defaultValue: d.sex })} · ${label(d.ageBand)}`,
              count: d.count,
            }))}
          />
          <CountTable
            caption={t("linkage.counts.byForm")}
            head={t("linkage.counts.form")}
            rows={c.byExploitationForm.map((d) => ({ label: label(d.code), count: d.count }))}
          />
        </div>
      )}
      <p className="help">
        {t("linkage.counts.conflicts", {
          department: n(c.conflicts.department),
          sex: n(c.conflicts.sex),
          age: n(c.conflicts.ageBand),
          form: n(c.conflicts.exploitationForm),
        })}
      </p>
      <Publish id={result.id} />
    </section>
  );
}

function Publish({ id }: { id: number }) {
  const t = useT();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<LinkagePublication | null>(null);
  async function publish() {
    setBusy(true);
    setError(null);
    try {
      setDone(await api.linkagePublish(id));
      await client.invalidateQueries({ queryKey: ["statistics"] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="actions">
      <p className="help">{t("linkage.publish.help")}</p>
      <button type="button" disabled={busy} onClick={() => void publish()}>
        {t("linkage.publish.submit")}
      </button>
      {done && (
        <Notice kind="success">
          {t("linkage.publish.done", {
            count: done.figuresNew,
            restated: done.figuresRestated,
            unchanged: done.figuresUnchanged,
          })}{" "}
          {done.overlap.message}
        </Notice>
      )}
      {error !== null && <ErrorBox error={error} />}
    </div>
  );
}
