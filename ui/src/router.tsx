// The app's pages as routes (TanStack Router): nested pages and wizard steps keep
// their state in the URL, so "Add new service" can leave the assessment wizard and
// come back to the same step with every answer. Pages past the first load lazily.
import { createRootRoute, createRoute, createRouter, lazyRouteComponent, type RouterHistory } from "@tanstack/react-router";
import { Overview } from "./pages/Overview";
import { Shell } from "./Shell";
import { wizardSearch } from "./pages/assessments/wizardSearch";

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

/** `setup`: open this connector's set-up wizard; `returnTo`: the assessment wizard's
 * state (JSON) to go back to after Finish or Cancel. */
export type ConnectorsSearch = { setup?: string; returnTo?: string };

const connectors = createRoute({
  getParentRoute: () => root,
  path: "/connectors",
  validateSearch: (search: Record<string, unknown>): ConnectorsSearch => ({
    setup: text(search.setup),
    returnTo: text(search.returnTo),
  }),
  component: lazyRouteComponent(() => import("./pages/connectors/DataConnectors"), "DataConnectors"),
});

const routeTree = root.addChildren([overview, assessments, newAssessment, actions, connectors]);

export function createAppRouter(history: RouterHistory) {
  return createRouter({ routeTree, history, defaultPreload: false, scrollRestoration: true });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
