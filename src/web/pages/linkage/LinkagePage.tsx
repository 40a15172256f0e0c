import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, type LinkagePair } from "../../api-client.ts";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDateTime, formatNumber, parseDecimal } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate, useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";
import { LinkedCounts } from "./LinkedCounts.tsx";
import { Mse, Overlap } from "./RunFigures.tsx";
import { ScoreHistogram } from "./ScoreHistogram.tsx";

/**
 * /enlace — «Enlace de registros»: the encodings each institution uploaded for a year (?anio=),
 * the linkage runs (versions) of that year and, for the one chosen (?enlace=), the score
 * histogram with its threshold, the deduplicated count, the overlap table, the dark-figure
 * estimate and the borderline pairs to accept or reject. Vigía never sees a name here: the
 * pairs show the sources' pseudonymous ids only.
 */
export function LinkagePage() {
  const t = useT();
  const query = useQueryString();
  const lastYear = new Date().getFullYear() - 1;
  const year = Number(query.get("anio")) || lastYear;
  const runs = useQuery(queries.linkageRuns(year));
  const chosen = Number(query.get("enlace")) || runs.data?.[0]?.id || null;
  const years = Array.from({ length: 10 }, (_, i) => lastYear + 1 - i);
  const go = (y: number, run?: number) =>
    navigate(`/enlace?anio=${y}${run ? `&enlace=${run}` : ""}`, { replace: true });
  return (
    <>
      <PageTitle text={t("linkage.title")}>{t("linkage.title")}</PageTitle>
      <p className="lead">{t("linkage.intro")}</p>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="linkage-year">{t("linkage.year")}</label>
          <select id="linkage-year" value={year} onChange={(e) => go(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      <section aria-labelledby="linkage-batches">
        <h2 id="linkage-batches">{t("linkage.batches.title")}</h2>
        <UploadForm year={year} />
        <Batches year={year} />
        <RunForm year={year} onDone={(id) => go(year, id)} />
      </section>
      <section aria-labelledby="linkage-runs">
        <h2 id="linkage-runs">{t("linkage.runs.title")}</h2>
        {runs.error ? (
          <ErrorBox error={runs.error} onRetry={() => void runs.refetch()} />
        ) : !runs.data ? (
          <Loading />
        ) : runs.data.length === 0 ? (
          <Notice>{t("linkage.runs.none")}</Notice>
        ) : (
          <div className="field field-inline">
            <label htmlFor="linkage-run">{t("linkage.runs.version")}</label>
            <select
              id="linkage-run"
              value={chosen ?? ""}
              onChange={(e) => go(year, Number(e.target.value))}
            >
              {runs.data.map((r) => (
                <option key={r.id} value={r.id}>
                  {t("linkage.runs.option", {
                    version: r.version,
                    threshold: formatNumber(r.threshold, t("locale"), 2),
                    when: formatDateTime(r.createdAt),
                  })}
                </option>
              ))}
            </select>
          </div>
        )}
      </section>
      {chosen !== null && <RunResult id={chosen} />}
    </>
  );
}

function UploadForm({ year }: { year: number }) {
  const t = useT();
  const { can } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!can("linkage.submit")) return null;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (!file) return;
    try {
      let parsed: { source?: unknown };
      try {
        parsed = JSON.parse(await file.text()) as { source?: unknown };
      } catch {
        throw new Error(t("linkage.upload.notJson", { file: file.name }));
      }
      const source = typeof parsed.source === "string" ? parsed.source : "";
      const batch = await api.linkageUpload(source, year, parsed as never);
      setDone(
        t("linkage.upload.done", {
          records: formatNumber(batch.records, t("locale"), 0),
          source: batch.source,
        }),
      );
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="filters-form">
      <div className="field">
        <label htmlFor="linkage-file">{t("linkage.upload.file")}</label>
        <input
          id="linkage-file"
          type="file"
          accept="application/json,.json"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <small className="help">{t("linkage.upload.help")}</small>
      </div>
      <button type="submit" disabled={!file}>
        {t("linkage.upload.submit")}
      </button>
      {done && <Notice kind="success">{done}</Notice>}
      {error !== null && <ErrorBox error={error} />}
    </form>
  );
}

function Batches({ year }: { year: number }) {
  const t = useT();
  const batches = useQuery(queries.linkageBatches(year));
  if (batches.error) return <ErrorBox error={batches.error} />;
  if (!batches.data) return <Loading />;
  if (batches.data.length === 0) return <Notice>{t("linkage.batches.none")}</Notice>;
  return (
    <TableWrap label={t("linkage.batches.title")}>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("linkage.source")}</th>
            <th scope="col">{t("linkage.batches.records")}</th>
            <th scope="col">{t("linkage.batches.schema")}</th>
            <th scope="col">{t("linkage.batches.uploaded")}</th>
          </tr>
        </thead>
        <tbody>
          {batches.data.map((b) => (
            <tr key={b.id}>
              <td>{b.source}</td>
              <td className="num">{formatNumber(b.records, t("locale"), 0)}</td>
              <td>
                <code>{b.schemaHash.slice(0, 19)}…</code>
              </td>
              <td>{formatDateTime(b.uploadedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function RunForm({ year, onDone }: { year: number; onDone: (id: number) => void }) {
  const t = useT();
  const [threshold, setThreshold] = useState("");
  const [incremental, setIncremental] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const value = threshold.trim() === "" ? undefined : parseDecimal(threshold);
    if (value === null) {
      setError(new Error(t("linkage.run.badThreshold")));
      return;
    }
    setBusy(true);
    try {
      onDone((await api.linkageRun(year, value, incremental)).id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="filters-form">
      <div className="field">
        <label htmlFor="linkage-threshold">{t("linkage.run.threshold")}</label>
        <input
          id="linkage-threshold"
          inputMode="decimal"
          value={threshold}
          placeholder="0,8"
          onChange={(e) => setThreshold(e.target.value)}
        />
        <small className="help">{t("linkage.run.thresholdHelp")}</small>
      </div>
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={incremental}
            onChange={(e) => setIncremental(e.target.checked)}
          />{" "}
          {t("linkage.run.incremental")}
        </label>
        <small className="help">{t("linkage.run.incrementalHelp")}</small>
      </div>
      <button type="submit" disabled={busy}>
        {t("linkage.run.submit", { year })}
      </button>
      {error !== null && <ErrorBox error={error} />}
    </form>
  );
}

function RunResult({ id }: { id: number }) {
  const t = useT();
  const result = useQuery(queries.linkageResult(id));
  if (result.error) return <ErrorBox error={result.error} onRetry={() => void result.refetch()} />;
  if (!result.data) return <Loading />;
  const r = result.data;
  const locale = t("locale");
  const n = (x: number) => formatNumber(x, locale, 0);
  return (
    <>
      <section aria-labelledby="linkage-summary">
        <h2 id="linkage-summary">{t("linkage.result.title", { version: r.version })}</h2>
        <dl className="facts">
          <dt>{t("linkage.result.deduplicated")}</dt>
          <dd>
            <strong>{n(r.deduplicated)}</strong>{" "}
            {t("linkage.result.ofRecords", { records: n(r.records) })}
          </dd>
          <dt>{t("linkage.result.threshold")}</dt>
          <dd>
            {formatNumber(r.threshold, locale, 3)} ({t(`linkage.origin.${r.thresholdOrigin}`)})
          </dd>
          <dt>{t("linkage.result.pairs")}</dt>
          <dd>
            {t("linkage.result.pairsText", {
              candidates: n(r.candidatePairs),
              above: n(r.pairsAboveThreshold),
              within: n(r.withinSourcePairs),
            })}
          </dd>
        </dl>
        <h3>{t("linkage.histogram.title")}</h3>
        <ScoreHistogram
          counts={r.histogram.counts}
          binWidth={r.histogram.binWidth}
          threshold={r.threshold}
        />
        <Overlap result={r} />
        <Mse result={r} />
        <LinkedCounts result={r} />
        <p className="help">{r.provenance}</p>
      </section>
      <Pairs id={id} />
    </>
  );
}

function Pairs({ id }: { id: number }) {
  const t = useT();
  const pairs = useQuery(queries.linkagePairs(id));
  return (
    <section aria-labelledby="linkage-pairs">
      <h2 id="linkage-pairs">{t("linkage.pairs.title")}</h2>
      <p className="help">{t("linkage.pairs.help")}</p>
      {pairs.error ? (
        <ErrorBox error={pairs.error} />
      ) : !pairs.data ? (
        <Loading />
      ) : pairs.data.length === 0 ? (
        <Notice>{t("linkage.pairs.none")}</Notice>
      ) : (
        <TableWrap label={t("linkage.pairs.title")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("linkage.pairs.score")}</th>
                <th scope="col">{t("linkage.pairs.records")}</th>
                <th scope="col">{t("linkage.pairs.automatic")}</th>
                <th scope="col">{t("linkage.pairs.decision")}</th>
              </tr>
            </thead>
            <tbody>
              {pairs.data.map((p) => (
                <PairRow key={p.id} pair={p} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function PairRow({ pair }: { pair: LinkagePair }) {
  const t = useT();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  async function decide(decision: "aceptar" | "rechazar") {
    setError(null);
    try {
      await api.linkageDecide(pair.id, decision, reason.trim() || undefined);
    } catch (err) {
      setError(err);
    }
  }
  const reasonId = `linkage-reason-${pair.id}`;
  return (
    <tr>
      <td className="num">{formatNumber(pair.score, t("locale"), 3)}</td>
      <td>
        {pair.left.source} <code>{pair.left.record}</code>
        <br />
        {pair.right.source} <code>{pair.right.record}</code>
      </td>
      <td>{pair.linked ? t("linkage.pairs.linked") : t("linkage.pairs.notLinked")}</td>
      <td>
        {pair.decision ? (
          <>
            {t(`linkage.pairs.decisions.${pair.decision}`)}
            {pair.reason ? ` — ${pair.reason}` : ""}
            {pair.decidedAt ? ` (${formatDateTime(pair.decidedAt)})` : ""}
          </>
        ) : (
          <>
            <label htmlFor={reasonId} className="visually-hidden">
              {t("linkage.pairs.reason")}
            </label>
            <input
              id={reasonId}
              value={reason}
              placeholder={t("linkage.pairs.reason")}
              onChange={(e) => setReason(e.target.value)}
            />{" "}
            <button type="button" className="button-small" onClick={() => void decide("aceptar")}>
              {t("linkage.pairs.accept")}
            </button>{" "}
            <button type="button" className="button-small" onClick={() => void decide("rechazar")}>
              {t("linkage.pairs.reject")}
            </button>
          </>
        )}
        {error !== null && <ErrorBox error={error} />}
      </td>
    </tr>
  );
}
