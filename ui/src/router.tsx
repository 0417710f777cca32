// The app's pages as routes (TanStack Router): nested pages and wizard steps keep
// their state in the URL, so "Add new service" can leave the assessment wizard and
// come back to the same step with every answer. Pages past the first load lazily.
import { createRootRoute, createRoute, createRouter, lazyRouteComponent, type RouterHistory } from "@tanstack/react-router";
import { Overview } from "./pages/Overview";
import { Shell } from "./Shell";
import { PageError } from "./components/PageError";
import { wizardSearch } from "./pages/assessments/wizardSearch";
import type { Notice } from "./pages/connectors/Activated";

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

const root = createRootRoute({ component: Shell });

const overview = createRoute({ getParentRoute: () => root, path: "/", component: Overview });

const assessments = createRoute({
  getParentRoute: () => root,
  path: "/assessments",
  component: lazyRouteComponent(() => import("./pages/Assessments"), "Assessments"),
});

const newAssessment = createRoute({
  getParentRoute: () => root,
  path: "/assessments/new",
  validateSearch: wizardSearch,
  component: lazyRouteComponent(() => import("./pages/assessments/CreateAssessment"), "CreateAssessment"),
});

/** Which tab of the assessment page, and the Improvement actions tab's filters. */
export interface AssessmentSearch {
  tab?: "progress" | "controls" | "actions";
  panel?: "edit" | "why";
  q?: string;
  status?: string;
  type?: string;
  service?: string;
  instance?: string;
  assignee?: string;
  review?: boolean;
  sort?: string;
  desc?: boolean;
}

const assessmentPage = createRoute({
  getParentRoute: () => root,
  path: "/assessments/$assessment",
  validateSearch: (search: Record<string, unknown>): AssessmentSearch => ({
    tab: search.tab === "controls" || search.tab === "actions" || search.tab === "progress" ? search.tab : undefined,
    panel: search.panel === "edit" || search.panel === "why" ? search.panel : undefined,
    q: text(search.q),
    status: text(search.status),
    type: text(search.type),
    service: text(search.service),
    instance: text(search.instance),
    assignee: text(search.assignee),
    review: search.review === true || search.review === "true" ? true : undefined,
    sort: text(search.sort),
    desc: search.desc === true || search.desc === "true" ? true : undefined,
  }),
  component: lazyRouteComponent(() => import("./pages/assessment/AssessmentPage"), "AssessmentPage"),
});

const actionDetails = createRoute({
  getParentRoute: () => root,
  path: "/assessments/$assessment/actions/$action",
  validateSearch: (search: Record<string, unknown>): { section?: string } => ({ section: text(search.section) }),
  component: lazyRouteComponent(() => import("./pages/action/ActionDetailsPage"), "ActionDetailsPage"),
});

const actions = createRoute({
  getParentRoute: () => root,
  path: "/actions",
  component: lazyRouteComponent(() => import("./pages/ImprovementActions"), "ImprovementActions"),
});

const connectors = createRoute({
  getParentRoute: () => root,
  path: "/connectors",
  validateSearch: (search: Record<string, unknown>): { tab?: "available" | "activated" } => ({
    tab: search.tab === "activated" || search.tab === "available" ? search.tab : undefined,
  }),
  component: lazyRouteComponent(() => import("./pages/connectors/DataConnectors"), "DataConnectors"),
});

const connector = createRoute({
  getParentRoute: () => root,
  path: "/connectors/$service",
  component: lazyRouteComponent(() => import("./pages/connectors/ConnectorPages"), "ConnectorDetailsPage"),
});

/** `returnTo`: the assessment wizard's answers (JSON), to go back to after Finish or Cancel. */
const setup = createRoute({
  getParentRoute: () => root,
  path: "/connectors/$service/setup",
  validateSearch: (search: Record<string, unknown>): { returnTo?: string } => ({ returnTo: text(search.returnTo) }),
  component: lazyRouteComponent(() => import("./pages/connectors/ConnectorPages"), "SetupPage"),
});

const settings = createRoute({
  getParentRoute: () => root,
  path: "/settings",
  component: lazyRouteComponent(() => import("./pages/Settings"), "Settings"),
});

const licences = createRoute({
  getParentRoute: () => root,
  path: "/settings/licences",
  component: lazyRouteComponent(() => import("./pages/settings/Licences"), "Licences"),
});

const routeTree = root.addChildren([
  overview,
  assessments,
  newAssessment,
  assessmentPage,
  actionDetails,
  actions,
  connectors,
  connector,
  setup,
  settings,
  licences,
]);

export function createAppRouter(history: RouterHistory) {
  return createRouter({ routeTree, history, defaultPreload: false, scrollRestoration: true, defaultErrorComponent: PageError });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
  interface HistoryState {
    /** A message for the page navigated to (Data connectors after a set-up). */
    notice?: Notice;
  }
}
