import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { Link, Route, Switch, useLocation } from "wouter";
import type { Permission } from "../shared/permissions.ts";
import { PeriodCodeSchema } from "../shared/schemas/common.schema.ts";
import { Loading, Notice, PageTitle } from "./components/ui.tsx";
import { type Language, useI18n, useT } from "./i18n/index.tsx";
import { confirmLeave, navigate, useHref, useQueryString } from "./navigation.ts";
import { offlineDb } from "./offline/store.ts";
import { useLive } from "./offline/use-live.ts";
import { AccessRequestsPage } from "./pages/access-requests/AccessRequestsPage.tsx";
import { AuditPage } from "./pages/admin/AuditPage.tsx";
import { CataloguePage } from "./pages/admin/CataloguePage.tsx";
import { FichaVersionsPage } from "./pages/admin/FichaVersionsPage.tsx";
import { PeriodsPage } from "./pages/admin/PeriodsPage.tsx";
import { UsersPage } from "./pages/admin/UsersPage.tsx";
import { ValoracionPage } from "./pages/admin/ValoracionPage.tsx";
import { BudgetPage } from "./pages/BudgetPage.tsx";
import { ChangePasswordPage } from "./pages/ChangePasswordPage.tsx";
import { CivilSocietyPage } from "./pages/civil-society/CivilSocietyPage.tsx";
import { OrganizationsPage } from "./pages/civil-society/OrganizationsPage.tsx";
import { CommitmentsPage } from "./pages/commitments/CommitmentsPage.tsx";
import { DashboardPage } from "./pages/DashboardPage.tsx";
import { LoginPage } from "./pages/LoginPage.tsx";
import { LinkagePage } from "./pages/linkage/LinkagePage.tsx";
import { MfaPage } from "./pages/MfaPage.tsx";
import { MeasurementPage, NewMeasurementPage } from "./pages/measurement/MeasurementPage.tsx";
import { NotificationsPage } from "./pages/notifications/NotificationsPage.tsx";
import { bellLabel } from "./pages/notifications/notification-text.ts";
import { OfflineBanner } from "./pages/offline/OfflineBanner.tsx";
import { QueuePage } from "./pages/offline/QueuePage.tsx";
import { OpenDataPage } from "./pages/open-data/OpenDataPage.tsx";
import { PublicPage } from "./pages/PublicPage.tsx";
import { PlanDetailPage, PlansPage } from "./pages/plans/PlansPage.tsx";
import { RecoveryCodesPage } from "./pages/RecoveryCodesPage.tsx";
import { ReviewQueuePage } from "./pages/ReviewQueuePage.tsx";
import { RuleSettingsPage } from "./pages/rules/RuleSettingsPage.tsx";
import { FunnelPage } from "./pages/statistics/FunnelPage.tsx";
import { ReconciliationPage } from "./pages/statistics/ReconciliationPage.tsx";
import { StatisticsPage } from "./pages/statistics/StatisticsPage.tsx";
import { TasksPage } from "./pages/TasksPage.tsx";
import { PlanIndicatorMapPage } from "./pages/territory/PlanIndicatorMapPage.tsx";
import { RegionPage } from "./pages/territory/RegionPage.tsx";
import { TerritoryPage } from "./pages/territory/TerritoryPage.tsx";
import { TipEntriesPage } from "./pages/tip-entries/TipEntriesPage.tsx";
import { VeeduriasPage } from "./pages/veedurias/VeeduriasPage.tsx";
import { queries } from "./queries.ts";
import { useSession } from "./session.tsx";

interface NavItem {
  to: string;
  label: string;
  permission?: Permission;
  /** Shown only to roles with this permission, e.g. review for the administrator. */
  anyOf?: Permission[];
}

/** The pages an anonymous visitor's navigation shows. */
const PUBLIC_PATHS = new Set(["/publico", "/datos-abiertos", "/veedurias"]);

export function App() {
  const { t } = useI18n();
  const { state, can } = useSession();
  const [path] = useLocation();
  const signedIn = state.status === "signed-in";
  const items: NavItem[] = [
    { to: "/", label: t("nav.dashboard"), permission: "evaluation.read" },
    { to: "/presupuesto", label: t("nav.budget"), permission: "evaluation.read" },
    { to: "/estadisticas", label: t("nav.statistics"), permission: "statistics.read" },
    { to: "/conciliacion", label: t("nav.reconciliation"), permission: "statistics.read" },
    { to: "/embudo-penal", label: t("nav.funnel"), permission: "statistics.read" },
    { to: "/tareas", label: t("nav.tasks"), permission: "measurement.report" },
    { to: "/territorio", label: t("nav.territory"), permission: "territory.read" },
    { to: "/territorio/planes", label: t("nav.plans"), permission: "territory.read" },
    { to: "/datos-tip", label: t("nav.tipEntries"), permission: "tip_point.report" },
    { to: "/enlace", label: t("nav.linkage"), permission: "linkage.manage" },
    {
      to: "/revision",
      label: t("nav.review"),
      anyOf: ["measurement.review", "measurement.read_all"],
    },
    { to: "/admin/usuarios", label: t("nav.users"), permission: "user.manage" },
    { to: "/admin/periodos", label: t("nav.periods"), permission: "period.manage" },
    { to: "/admin/catalogo", label: t("nav.catalogue"), permission: "catalogue.manage" },
    { to: "/admin/compromisos", label: t("nav.commitments"), permission: "commitment.manage" },
    { to: "/admin/reglas", label: t("nav.rules"), permission: "catalogue.manage" },
    { to: "/admin/valoracion", label: t("nav.valoracion"), permission: "valoracion.declare" },
    { to: "/admin/auditoria", label: t("nav.audit"), permission: "audit.read" },
    {
      to: "/solicitudes-acceso",
      label: t("nav.accessRequests"),
      permission: "access_request.read",
    },
    { to: "/sociedad-civil", label: t("nav.civilSociety"), permission: "civil_society.publish" },
    {
      to: "/admin/organizaciones",
      label: t("nav.organizations"),
      permission: "civil_society.accredit",
    },
    { to: "/publico", label: t("nav.public") },
    { to: "/datos-abiertos", label: t("nav.openData") },
    { to: "/veedurias", label: t("nav.veedurias") },
  ];
  const nav = signedIn
    ? items.filter(
        (item) =>
          (!item.permission || can(item.permission)) &&
          (!item.anyOf || item.anyOf.some((p) => can(p))),
      )
    : items.filter((item) => PUBLIC_PATHS.has(item.to));

  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <Header nav={nav} path={path} />
      <main id="main" tabIndex={-1}>
        <OfflineBanner />
        <Routes />
      </main>
      <footer className="site-footer">
        <p>{t("app.footer")}</p>
      </footer>
    </>
  );
}

function Header({ nav, path }: { nav: NavItem[]; path: string }) {
  const { t, language, setLanguage } = useI18n();
  const { session: signedIn, logout } = useSession();
  // A session owing its second factor is nobody's yet: no menu of its role, no name shown.
  const session = signedIn?.mfaStep ? null : signedIn;
  const [open, setOpen] = useState(false);
  const queued = useLive(
    () =>
      session
        ? offlineDb.queue.where("userId").equals(session.user.id).count()
        : Promise.resolve(0),
    [session?.user.id],
    0,
  );
  // Signing out deletes the device's queue (ADR 0024): said before it happens.
  const confirmQueueLoss = () =>
    queued === 0 || window.confirm(t("offline.logoutConfirm", { count: queued }));
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the phone menu after navigating
  useEffect(() => setOpen(false), [path]);
  const isCurrent = (to: string) => (to === "/" ? path === "/" : path.startsWith(to));
  return (
    <header className="site-header">
      <div className="header-bar">
        <Link to="/" className="brand">
          <span className="brand-name">{t("app.name")}</span>
          <span className="brand-tagline">{t("app.tagline")}</span>
        </Link>
        <div className="header-tools">
          {session && !session.user.mustChangePassword && <NotificationBell />}
          <label className="visually-hidden" htmlFor="lang">
            {t("app.language")}
          </label>
          <select
            id="lang"
            className="lang-select"
            value={language}
            onChange={(e) => setLanguage(e.target.value as Language)}
          >
            <option value="es" lang="es-PE">
              Español
            </option>
            <option value="en" lang="en">
              English
            </option>
          </select>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={open}
            aria-controls="main-nav"
            onClick={() => setOpen(!open)}
          >
            {t("nav.menu")}
          </button>
        </div>
      </div>
      <nav id="main-nav" aria-label={t("nav.main")} className={open ? "nav-open" : undefined}>
        <ul className="nav-list">
          {nav.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={isCurrent(item.to) ? "page" : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="nav-user">
          {session ? (
            <>
              <span className="user-name">
                {t("nav.signedInAs", {
                  name: session.user.displayName,
                  role: t(`roles.${session.user.role}`),
                })}
                {session.user.entities.length > 0 &&
                  ` · ${session.user.entities.map((e) => e.code).join(", ")}`}
              </span>
              <Link to={PASSWORD_PATH}>{t("nav.changePassword")}</Link>
              {session.user.mfaEnrolled && (
                <Link to={RECOVERY_CODES_PATH}>{t("nav.recoveryCodes")}</Link>
              )}
              <button
                type="button"
                className="button-link-plain"
                onClick={() => {
                  if (confirmLeave() && confirmQueueLoss())
                    void logout().then(() => navigate("/ingresar", { force: true }));
                }}
              >
                {t("nav.logout")}
              </button>
              <button
                type="button"
                className="button-link-plain"
                onClick={() => {
                  if (confirmLeave() && confirmQueueLoss())
                    void logout(true).then(() => navigate("/ingresar", { force: true }));
                }}
              >
                {t("nav.logoutAll")}
              </button>
            </>
          ) : (
            <Link to="/ingresar">{t("nav.login")}</Link>
          )}
        </div>
      </nav>
    </header>
  );
}

const NOTIFICATIONS_PATH = "/notificaciones";

/** The header's bell: the unread count, asked again every minute; leads to /notificaciones. */
function NotificationBell() {
  const t = useT();
  const count = useQuery(queries.notificationCount(true));
  const unread = count.data?.unread ?? 0;
  return (
    <Link to={NOTIFICATIONS_PATH} className="notification-bell" aria-label={bellLabel(unread, t)}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {unread > 0 && (
        <span className="notification-count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}

/** Pages that need a session show the sign-in form in place, then come back. */
function Protected({
  permission,
  anyOf,
  children,
}: {
  permission?: Permission;
  anyOf?: Permission[];
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { state, can } = useSession();
  const href = useHref();
  if (state.status === "loading") return <Loading />;
  if (state.status === "anonymous") return <LoginPage next={href} expired={state.expired} />;
  const allowed = (!permission || can(permission)) && (!anyOf || anyOf.some((p) => can(p)));
  if (!allowed)
    return (
      <>
        <PageTitle text={t("errors.forbidden")}>{t("errors.forbidden")}</PageTitle>
        <Notice kind="warning">{t("errors.forbidden")}</Notice>
      </>
    );
  return <>{children}</>;
}

/** Pages behind one permission each: the statistics pages and the administration. */
const ADMIN_PAGES: [path: string, Permission, () => ReactNode][] = [
  ["/estadisticas", "statistics.read", () => <StatisticsPage />],
  ["/conciliacion", "statistics.read", () => <ReconciliationPage />],
  ["/embudo-penal", "statistics.read", () => <FunnelPage />],
  ["/territorio", "territory.read", () => <TerritoryPage />],
  ["/territorio/planes", "territory.read", () => <PlansPage />],
  ["/territorio/region/:ubigeo", "territory.read", () => <RegionPage />],
  ["/territorio/region/:ubigeo/mapa", "territory.read", () => <PlanIndicatorMapPage />],
  ["/datos-tip", "tip_point.report", () => <TipEntriesPage />],
  ["/solicitudes-acceso", "access_request.read", () => <AccessRequestsPage />],
  ["/enlace", "linkage.manage", () => <LinkagePage />],
  ["/admin/usuarios", "user.manage", () => <UsersPage />],
  ["/admin/periodos", "period.manage", () => <PeriodsPage />],
  ["/admin/catalogo", "catalogue.manage", () => <CataloguePage />],
  ["/admin/compromisos", "commitment.manage", () => <CommitmentsPage />],
  ["/admin/reglas", "catalogue.manage", () => <RuleSettingsPage />],
  ["/admin/valoracion", "valoracion.declare", () => <ValoracionPage />],
  ["/admin/auditoria", "audit.read", () => <AuditPage />],
  ["/sociedad-civil", "civil_society.publish", () => <CivilSocietyPage />],
  ["/admin/organizaciones", "civil_society.accredit", () => <OrganizationsPage />],
];

const PASSWORD_PATH = "/cuenta/contrasena";
const MFA_PATH = "/cuenta/segundo-factor";
const RECOVERY_CODES_PATH = "/cuenta/codigos-recuperacion";

function Routes() {
  const { session } = useSession();
  const [path] = useLocation();
  const mfaStep = session?.mfaStep ?? null;
  const mustChange = session?.user.mustChangePassword ?? false;
  // The server refuses every other route to such a session: send it where it can go on. The
  // second factor comes first, then a password someone else issued.
  const owed = mfaStep ? MFA_PATH : mustChange ? PASSWORD_PATH : null;
  useEffect(() => {
    if (owed && path !== owed) navigate(owed, { replace: true });
  }, [owed, path]);
  if (mfaStep) return <MfaPage step={mfaStep} />;
  if (mustChange) return <ChangePasswordPage />;
  return (
    <Switch>
      <Route path={PASSWORD_PATH}>
        <Protected>
          <ChangePasswordPage />
        </Protected>
      </Route>
      <Route path={RECOVERY_CODES_PATH}>
        <Protected>
          <RecoveryCodesPage />
        </Protected>
      </Route>
      <Route path="/">
        <Home />
      </Route>
      <Route path="/ingresar">
        <SignIn />
      </Route>
      <Route path="/publico">
        <PublicPage />
      </Route>
      <Route path={NOTIFICATIONS_PATH}>
        <Protected>
          <NotificationsPage />
        </Protected>
      </Route>
      <Route path="/datos-abiertos">
        <OpenDataPage />
      </Route>
      <Route path="/veedurias">
        <VeeduriasPage />
      </Route>
      <Route path="/presupuesto">
        <Protected permission="evaluation.read">
          <BudgetPage />
        </Protected>
      </Route>
      <Route path="/tareas">
        <Protected permission="measurement.report">
          <TasksPage />
        </Protected>
      </Route>
      <Route path="/cola">
        <Protected permission="measurement.report">
          <QueuePage />
        </Protected>
      </Route>
      <Route path="/mediciones/:id">
        {({ id }) => {
          const n = Number(id);
          return (
            <Protected>
              {Number.isInteger(n) && n > 0 ? <MeasurementPage id={n} /> : <NotFound />}
            </Protected>
          );
        }}
      </Route>
      <Route path="/registro/:indicator/:year/:period">
        {(params) => <NewMeasurementRoute {...params} />}
      </Route>
      <Route path="/territorio/planes/:code">
        {(params) => (
          <Protected permission="territory.read">
            <PlanDetailPage code={params.code} />
          </Protected>
        )}
      </Route>
      <Route path="/revision">
        <Protected anyOf={["measurement.review", "measurement.read_all"]}>
          <ReviewQueuePage />
        </Protected>
      </Route>
      <Route path="/admin/catalogo/:indicator/fichas">
        {({ indicator }) => (
          <Protected permission="catalogue.manage">
            <FichaVersionsPage indicator={decodeURIComponent(indicator)} />
          </Protected>
        )}
      </Route>
      {ADMIN_PAGES.map(([path, permission, page]) => (
        <Route key={path} path={path}>
          <Protected permission={permission}>{page()}</Protected>
        </Route>
      ))}
      <Route>
        <NotFound />
      </Route>
    </Switch>
  );
}

/** The Tablero for a signed-in reader, the published results for anyone else. */
function Home() {
  const { state, can } = useSession();
  if (state.status === "loading") return <Loading />;
  // A civil-society organisation reads what the public reads: no Tablero of live values.
  return state.status === "signed-in" &&
    (can("evaluation.read") || !can("civil_society.publish")) ? (
    <Protected permission="evaluation.read">
      <DashboardPage />
    </Protected>
  ) : (
    <PublicPage />
  );
}

function SignIn() {
  const { state } = useSession();
  const query = useQueryString();
  const signedIn = state.status === "signed-in";
  useEffect(() => {
    if (signedIn) navigate("/", { replace: true });
  }, [signedIn]);
  if (signedIn) return null;
  return <LoginPage next={query.get("volver") ?? undefined} />;
}

function NewMeasurementRoute(params: { indicator: string; year: string; period: string }) {
  const query = useQueryString();
  const [path] = useLocation();
  const parsed = PeriodCodeSchema.safeParse(params.period);
  const year = Number(params.year);
  if (!parsed.success || !Number.isInteger(year)) return <NotFound />;
  const period = parsed.data;
  return (
    <Protected permission="measurement.report">
      <NewMeasurementPage
        key={path + (query.get("entidad") ?? "")}
        fresh={{ indicator: params.indicator, year, period, entity: query.get("entidad") }}
      />
    </Protected>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle text={t("notFound.title")}>{t("notFound.title")}</PageTitle>
      <p>
        <Link to="/">{t("notFound.back")}</Link>
      </p>
    </>
  );
}
