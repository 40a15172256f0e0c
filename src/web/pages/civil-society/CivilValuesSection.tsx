import { useQuery } from "@tanstack/react-query";
import { ErrorBox, Loading } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { ContributionsTable } from "./ContributionsTable.tsx";
import { civilQueries } from "./civil-queries.ts";

/**
 * The year's civil-society contributions beside the official values, for the public page and
 * the Tablero alike (the same public read: nothing here is internal).
 */
export function CivilValuesSection({
  policy,
  year,
}: {
  policy: string;
  year: number | null | undefined;
}) {
  const t = useT();
  const list = useQuery(civilQueries.publicList(policy, year));
  if (typeof year !== "number") return null;
  return (
    <section className="card civil-values" aria-labelledby="civil-values-title">
      <h2 id="civil-values-title">{t("civil.sectionTitle", { year })}</h2>
      <p>{t("civil.sectionIntro")}</p>
      {list.error ? (
        <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.contributions.length === 0 ? (
        <p className="empty">{t("civil.none")}</p>
      ) : (
        <ContributionsTable
          contributions={list.data.contributions}
          caption={t("civil.caption", { year })}
        />
      )}
    </section>
  );
}
