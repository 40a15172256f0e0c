import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link, useRoute } from "wouter";
import { Loading, Notice, PageTitle } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";

const TerritoryMap = lazy(() =>
  import("../../components/TerritoryMap.tsx").then((m) => ({ default: m.TerritoryMap })),
);

/**
 * /territorio/region/:ubigeo/mapa?plan=&indicador=&anio= — one regional plan indicator drawn
 * on the region's districts (docs/territory.md § Maps): its validated values by district, or
 * the region's value and avance (CEPLAN band) when the plan reports it undisaggregated; the
 * table beside the map has the same figures. Reached from the regional view's plan table.
 */
export function PlanIndicatorMapPage() {
  const t = useT();
  const [, params] = useRoute("/territorio/region/:ubigeo/mapa");
  const ubigeo = params?.ubigeo ?? "";
  const query = useQueryString();
  const plan = query.get("plan") ?? "";
  const indicator = query.get("indicador") ?? "";
  const year = Number(query.get("anio")) || new Date().getFullYear();
  // The region's name, for the title and the way back (the view is already cached from there).
  const region = useQuery(queries.regionView(ubigeo, year));
  const name = region.data?.region.name ?? ubigeo;
  const title = t("region.planMapTitle", { name, code: indicator });
  return (
    <>
      <PageTitle text={title}>{title}</PageTitle>
      <p className="lead">{t("region.planMapIntro")}</p>
      <p>
        <Link href={`/territorio/region/${ubigeo}?anio=${year}`}>
          {t("region.backToRegion", { name })}
        </Link>
      </p>
      {region.isPending ? (
        <Loading />
      ) : !plan || !indicator ? (
        <Notice kind="warning">{t("territoryMap.noIndicators", { year })}</Notice>
      ) : (
        <Suspense fallback={<Loading />}>
          <TerritoryMap
            id="plan-indicator"
            query={{ layer: "indicator", policy: plan, indicator, year }}
            initial={[{ level: "distrito", within: ubigeo, name }]}
            regionLinks={false}
          />
        </Suspense>
      )}
    </>
  );
}
