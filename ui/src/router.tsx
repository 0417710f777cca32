// The app's pages as routes (TanStack Router): nested pages and wizard steps keep
// their state in the URL, so "Add new service" can leave the assessment wizard and
// come back to the same step with every answer. Pages past the first load lazily.
import { createRootRoute, createRoute, createRouter, lazyRouteComponent, type RouterHistory } from "@tanstack/react-router";
import { Overview } from "./pages/Overview";
import { Shell } from "./Shell";
import { wizardSearch } from "./pages/assessments/wizardSearch";
import type { Notice } from "./pages/connectors/Activated";

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

const root = createRootRoute({ component: Shell });

const overview = createRoute({ getParentRoute: () => root, path: "/", component: Overview });

const assessments = createRoute({
  getParentRoute: () => root,
  path: "/assessments",
  validateSearch: (search: Record<string, unknown>): { open?: string } => ({ open: text(search.open) }),
  component: lazyRouteComponent(() => import("./pages/Assessments"), "Assessments"),
});

const newAssessment = createRoute({
  getParentRoute: () => root,
  path: "/assessments/new",
  validateSearch: wizardSearch,
  component: lazyRouteComponent(() => import("./pages/assessments/CreateAssessment"), "CreateAssessment"),
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

const routeTree = root.addChildren([overview, assessments, newAssessment, actions, connectors, connector, setup]);

export function createAppRouter(history: RouterHistory) {
  return createRouter({ routeTree, history, defaultPreload: false, scrollRestoration: true });
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
