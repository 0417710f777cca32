import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  OverlayDrawer,
  Tab,
  TabList,
  Title1,
  tokens,
} from "@fluentui/react-components";
import { Dismiss24Regular, Edit20Regular } from "@fluentui/react-icons";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { Crumbs } from "../../components/Crumbs";
import { Loading } from "../../components/Loading";
import { ScoreBreakdown } from "../../components/ScoreBreakdown";
import { useCommand, useRefreshAll } from "../../useCommand";
import { ChangeAssessment } from "../assessments/ChangeAssessment";
import { ActionsTab } from "./ActionsTab";
import { AssessmentHeader } from "./AssessmentHeader";
import { ControlsTab } from "./ControlsTab";
import { ProgressTab } from "./ProgressTab";
import { ExportMenu } from "./ExportMenu";
import { ImportActions } from "./ImportActions";

const useStyles = makeStyles({
  title: { display: "block", paddingTop: tokens.spacingVerticalS },
  commands: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, paddingTop: tokens.spacingVerticalM },
  tabs: { paddingBlock: tokens.spacingVerticalM },
  drawer: { width: "640px" },
});

/** An assessment: where officers work for a while, so a full page with tabs. */
export function AssessmentPage() {
  const styles = useStyles();
  const { assessment } = useParams({ from: "/assessments/$assessment" });
  const search = useSearch({ from: "/assessments/$assessment" });
  const navigate = useNavigate({ from: "/assessments/$assessment" });
  const refreshAll = useRefreshAll();
  const [page] = useCommand("get_assessment_page", { assessment });
  const [templates] = useCommand("list_templates", {});
  const [catalog] = useCommand("list_connectors", {});
  const tab = search.tab ?? "progress";
  const setPanel = (panel?: "edit" | "why") => void navigate({ search: (old) => ({ ...old, panel }), replace: true });
  return (
    <Loading loaded={page} what="the assessment">
      {(data) => {
        const supported =
          (templates.state === "ready" ? templates.data.find((t) => t.uid === data.summary.template_uid)?.supported_services : undefined) ??
          (catalog.state === "ready" ? catalog.data.map((c) => c.id) : []);
        return (
          <>
            <Crumbs steps={[{ label: "Assessments", onClick: () => void navigate({ to: "/assessments", search: {} }) }, { label: data.summary.name }]} />
            <Title1 as="h1" className={styles.title}>
              {data.summary.name}
            </Title1>
            <div className={styles.commands} role="toolbar" aria-label="Assessment commands">
              <Button icon={<Edit20Regular />} onClick={() => setPanel("edit")}>
                Edit assessment
              </Button>
              <ExportMenu assessment={data.summary.uid} name={data.summary.name} />
              <ImportActions assessment={data.summary.uid} />
            </div>
            <AssessmentHeader page={data} onWhy={() => setPanel("why")} />
            <TabList
              className={styles.tabs}
              selectedValue={tab}
              onTabSelect={(_, d) => void navigate({ search: (old) => ({ ...old, tab: d.value as "progress" | "controls" | "actions" }), replace: true })}
            >
              <Tab value="progress">Progress</Tab>
              <Tab value="controls">Controls ({data.controls.length})</Tab>
              <Tab value="actions">Improvement actions ({data.action_count})</Tab>
            </TabList>
            <div role="tabpanel" aria-label={tab}>
              {tab === "progress" && <ProgressTab page={data} />}
              {tab === "controls" && <ControlsTab page={data} />}
              {tab === "actions" && <ActionsTab page={data} />}
            </div>
            <OverlayDrawer
              position="end"
              className={styles.drawer}
              open={search.panel !== undefined}
              onOpenChange={(_, { open }) => !open && setPanel(undefined)}
            >
              <DrawerHeader>
                <DrawerHeaderTitle
                  action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={() => setPanel(undefined)} />}
                >
                  {search.panel === "why" ? "Why not 100%?" : `Edit ${data.summary.name}`}
                </DrawerHeaderTitle>
              </DrawerHeader>
              <DrawerBody>
                {search.panel === "edit" && (
                  <ChangeAssessment
                    assessment={data.summary}
                    supported={supported}
                    changed={refreshAll}
                    deleted={() => {
                      refreshAll();
                      void navigate({ to: "/assessments", search: {} });
                    }}
                  />
                )}
                {search.panel === "why" && <ScoreBreakdown assessment={data.summary.uid} />}
              </DrawerBody>
            </OverlayDrawer>
          </>
        );
      }}
    </Loading>
  );
}
