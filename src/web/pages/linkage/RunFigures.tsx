import type { LinkageRunResult } from "../../api-client.ts";
import { Notice, TableWrap } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";

/** A linkage run's overlap table and dark-figure estimate: on /enlace and on the Tablero. */

export function Overlap({ result }: { result: LinkageRunResult }) {
  const t = useT();
  const n = (x: number) => formatNumber(x, t("locale"), 0);
  return (
    <>
      <h3>{t("linkage.overlap.title")}</h3>
      <TableWrap label={t("linkage.overlap.title")}>
        <table className="data-table">
          <thead>
            <tr>
              {result.sources.map((s) => (
                <th key={s} scope="col">
                  {s}
                </th>
              ))}
              <th scope="col">{t("linkage.overlap.people")}</th>
            </tr>
          </thead>
          <tbody>
            {result.overlap.map((o) => (
              <tr key={o.sources.join("+")}>
                {result.sources.map((s) => (
                  <td key={s}>{o.sources.includes(s) ? t("linkage.overlap.yes") : "—"}</td>
                ))}
                <td className="num">{n(o.count)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={result.sources.length}>
                {t("linkage.overlap.total")}
              </th>
              <td className="num">
                <strong>{n(result.deduplicated)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </TableWrap>
    </>
  );
}

export function Mse({ result }: { result: LinkageRunResult }) {
  const t = useT();
  const n = (x: number) => formatNumber(Math.round(x), t("locale"), 0);
  const m = result.mse;
  return (
    <>
      <h3>{t("linkage.mse.title")}</h3>
      {m.ok ? (
        <dl className="facts">
          <dt>{t("linkage.mse.total")}</dt>
          <dd>
            <strong>{n(m.total)}</strong>{" "}
            {t("linkage.mse.interval", {
              level: Math.round(m.interval.level * 100),
              lower: n(m.interval.lower),
              upper: n(m.interval.upper),
            })}
          </dd>
          <dt>{t("linkage.mse.dark")}</dt>
          <dd>{n(m.darkFigure)}</dd>
          <dt>{t("linkage.mse.model")}</dt>
          <dd>
            {m.method}
            {m.interactions.length > 0 ? ` · ${m.interactions.join(", ")}` : ""}
          </dd>
        </dl>
      ) : (
        <Notice kind="warning">{t("linkage.mse.refused", { reason: m.message })}</Notice>
      )}
    </>
  );
}
