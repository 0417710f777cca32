import {
  Button,
  Card,
  CardHeader,
  Link,
  makeStyles,
  Subtitle2,
  Text,
  Title3,
  tokens,
} from "@fluentui/react-components";
import { Add20Regular, ShieldCheckmarkRegular } from "@fluentui/react-icons";
import { EmptyState } from "../components/EmptyState";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { ScoreDonut } from "../components/ScoreDonut";
import type { Overview as OverviewData } from "../bindings/Overview";
import type { Points } from "../bindings/Points";
import { percent, points } from "../format";
import { useNavigate } from "@tanstack/react-router";
import { usePageNavigate, type Navigate } from "../navigation";
import { useCommand } from "../useCommand";
import { AttentionList } from "./assessment/AttentionList";
import { DriftFeed } from "./overview/DriftFeed";
import { Trend } from "./overview/Trend";
import { UserNamePrompt } from "./overview/UserNamePrompt";
import { useSampleSwitch } from "../components/SampleBanner";

const useStyles = makeStyles({
  grid: {
    display: "grid",
    gridTemplateColumns: "minmax(360px, 2fr) repeat(2, minmax(180px, 1fr))",
    gap: tokens.spacingHorizontalL,
    alignItems: "start",
  },
  score: { display: "flex", gap: tokens.spacingHorizontalXL, alignItems: "center" },
  figures: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  split: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  number: { fontVariantNumeric: "tabular-nums" },
  panels: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(420px, 1fr))",
    gap: tokens.spacingHorizontalL,
    paddingTop: tokens.spacingVerticalL,
  },
  scores: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  scoreItem: { listStyleType: "none", display: "flex", justifyContent: "space-between", gap: tokens.spacingHorizontalM },
});

/** Per-assessment scores, the trend, drift between syncs and what needs attention. */
function Dashboard() {
  const styles = useStyles();
  const navigate = useNavigate();
  const [dashboard] = useCommand("get_dashboard", {});
  const [assessments] = useCommand("list_assessments", {});
  return (
    <div className={styles.panels}>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Assessments</Subtitle2>} />
        <Loading loaded={assessments} what="assessments">
          {(items) => (
            <ul className={styles.scores} aria-label="Assessment scores">
              {items.map((a) => (
                <li key={a.uid} className={styles.scoreItem}>
                  <Link onClick={() => void navigate({ to: "/assessments/$assessment", params: { assessment: a.uid } })}>{a.name}</Link>
                  <Text className={styles.number}>
                    {percent(a.score)} · {points(a.points.achieved)} / {points(a.points.possible)}
                  </Text>
                </li>
              ))}
            </ul>
          )}
        </Loading>
      </Card>
      <Loading loaded={dashboard} what="the dashboard">
        {(data) => (
          <>
            <Card>
              <CardHeader header={<Subtitle2 as="h2">Score trend</Subtitle2>} />
              <Trend trend={data.trend} />
            </Card>
            <Card>
              <CardHeader header={<Subtitle2 as="h2">Needs attention</Subtitle2>} />
              <AttentionList items={data.attention} empty="Nothing needs attention: every instance signed in and fresh, no override to review, no evidence expiring." />
            </Card>
            <Card>
              <CardHeader header={<Subtitle2 as="h2">Drift between syncs</Subtitle2>} />
              <DriftFeed items={data.drift} />
            </Card>
          </>
        )}
      </Loading>
    </div>
  );
}

function PointsLine(props: { label: string; value: Points }) {
  const styles = useStyles();
  return (
    <Text className={styles.number}>
      {props.label}: {points(props.value.achieved)} / {points(props.value.possible)}
    </Text>
  );
}

function Stat(props: { label: string; value: number }) {
  const styles = useStyles();
  return (
    <Card>
      <Text className={styles.muted}>{props.label}</Text>
      <Title3 className={styles.number}>{props.value}</Title3>
    </Card>
  );
}

function ScoreCards(props: { data: OverviewData; navigate: Navigate }) {
  const styles = useStyles();
  const { overall } = props.data;
  return (
    <div className={styles.grid}>
      <Card aria-label="Overall compliance score">
        <CardHeader header={<Subtitle2 as="h2">Overall compliance score</Subtitle2>} />
        <div className={styles.score}>
          <ScoreDonut ratio={overall.score} label={`Overall compliance score ${Math.round(overall.score * 100)}%`} />
          <div className={styles.figures}>
            <Title3 className={styles.number}>
              {points(overall.points.achieved)} / {points(overall.points.possible)}
            </Title3>
            <Text className={styles.muted}>points achieved / points possible</Text>
            <div className={styles.split}>
              <PointsLine label="Technical, once per service instance" value={overall.technical} />
              <PointsLine label="Documentation and operational, once per group" value={overall.non_technical} />
            </div>
            {overall.score < 1 && (
              <Link onClick={() => props.navigate("actions")}>Why not 100%?</Link>
            )}
          </div>
        </div>
      </Card>
      <div className={styles.split}>
        <Stat label="Assessments" value={props.data.assessments} />
        <Stat label="Improvement actions" value={props.data.improvement_actions} />
      </div>
      <div className={styles.split}>
        <Stat label="Connected service instances" value={props.data.service_instances} />
        <Stat label="Templates" value={props.data.templates} />
      </div>
    </div>
  );
}

export function Overview() {
  const navigate = usePageNavigate();
  const switchTo = useSampleSwitch();
  const [overview] = useCommand("get_overview", {});
  return (
    <>
      <PageHeader
        title="Overview"
        description="Your overall compliance score across every assessment, and what it is made of."
        commands={
          <Button appearance="primary" icon={<Add20Regular />} onClick={() => navigate("new-assessment")}>
            Create assessment
          </Button>
        }
      />
      <UserNamePrompt />
      <Loading loaded={overview} what="the overview">
        {(data) =>
          data.assessments === 0 && data.service_instances > 0 ? (
            <EmptyState
              icon={<ShieldCheckmarkRegular />}
              title="No compliance score yet"
              body="Your services are connected. Create an assessment: choose a regulation such as NIST SP 800-53 or ISO/IEC 27001, and your connected services' settings test its improvement actions at once."
              action={{ label: "Create assessment", onClick: () => navigate("new-assessment") }}
            />
          ) : data.assessments === 0 ? (
            <EmptyState
              icon={<ShieldCheckmarkRegular />}
              title="No compliance score yet"
              body="Your score is built from assessments of your services against regulation templates. Connect Salesforce or Zoom first; their settings then test improvement actions automatically."
              action={{ label: "Open Data connectors", onClick: () => navigate("connectors") }}
              secondary={{ label: "Explore with sample data", onClick: () => void switchTo("open_sample_workspace") }}
            />
          ) : (
            <>
              <ScoreCards data={data} navigate={navigate} />
              <Dashboard />
            </>
          )
        }
      </Loading>
    </>
  );
}
