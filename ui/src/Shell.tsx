import {
  Button,
  makeStyles,
  NavDrawer,
  NavDrawerBody,
  NavItem,
  Text,
  tokens,
} from "@fluentui/react-components";
import {
  ClipboardTaskListLtr20Regular,
  Home20Regular,
  PlugConnected20Regular,
  Settings20Regular,
  ShieldCheckmark24Filled,
  TaskListSquareLtr20Regular,
} from "@fluentui/react-icons";
import { Outlet, useRouterState } from "@tanstack/react-router";
import { PAGE_PATHS, usePageNavigate, type Page } from "./navigation";
import { useCommand } from "./useCommand";
import { useWorkspaceChanges } from "./useWorkspaceChanges";
import { SampleBanner } from "./components/SampleBanner";
import { StartupError } from "./components/StartupError";

const useStyles = makeStyles({
  root: {
    display: "grid",
    gridTemplateRows: "48px 1fr",
    gridTemplateColumns: "240px 1fr",
    height: "100vh",
    backgroundColor: tokens.colorNeutralBackground3,
  },
  topBar: {
    gridColumn: "1 / span 2",
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  spacer: { flexGrow: 1 },
  topButton: {
    color: tokens.colorNeutralForegroundOnBrand,
    ":hover": { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundHover },
    ":hover:active": { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundPressed },
  },
  nav: { height: "100%", width: "240px" },
  main: {
    overflow: "auto",
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
});

/** The page a path belongs to, for the navigation's selection. */
function pageOf(path: string): Page {
  if (path.startsWith(PAGE_PATHS.connectors)) return "connectors";
  if (path.startsWith(PAGE_PATHS.assessments)) return "assessments";
  if (path.startsWith(PAGE_PATHS.actions)) return "actions";
  if (path.startsWith(PAGE_PATHS.settings)) return "settings";
  return "overview";
}

/** The frame around every page: top bar, navigation, and the current page. */
export function Shell() {
  const styles = useStyles();
  const page = pageOf(useRouterState({ select: (s) => s.location.pathname }));
  const setPage = usePageNavigate();
  const [info] = useCommand("app_info", {});
  const startupError = info.state === "ready" ? info.data.startup_error : null;
  useWorkspaceChanges();

  return (
    <div className={styles.root}>
      <header className={styles.topBar}>
        <span className={styles.brand}>
          <ShieldCheckmark24Filled aria-hidden />
          <Text weight="semibold" size={400}>
            Compliance Desk
          </Text>
        </span>
        <span className={styles.spacer} />
        <Button
          appearance="subtle"
          className={styles.topButton}
          icon={<PlugConnected20Regular />}
          aria-current={page === "connectors" ? "page" : undefined}
          onClick={() => setPage("connectors")}
        >
          Data connectors
        </Button>
      </header>
      <NavDrawer
        className={styles.nav}
        open
        type="inline"
        selectedValue={page}
        onNavItemSelect={(_, data) => setPage(data.value as Page)}
        aria-label="Main navigation"
      >
        <NavDrawerBody>
          <NavItem value="overview" icon={<Home20Regular />}>
            Overview
          </NavItem>
          <NavItem value="assessments" icon={<ClipboardTaskListLtr20Regular />}>
            Assessments
          </NavItem>
          <NavItem value="actions" icon={<TaskListSquareLtr20Regular />}>
            Improvement actions
          </NavItem>
          <NavItem value="settings" icon={<Settings20Regular />}>
            Settings
          </NavItem>
        </NavDrawerBody>
      </NavDrawer>
      <main className={styles.main}>
        {info.state === "ready" && info.data.sample && <SampleBanner />}
        {startupError && info.state === "ready" ? (
          <StartupError
            message={startupError.message}
            dataDir={info.data.data_dir}
            backup={info.data.restorable_backup}
          />
        ) : (
          <Outlet />
        )}
      </main>
    </div>
  );
}
