import { Badge, Link, makeStyles, ProgressBar, Text, Title2, tokens, Tooltip } from "@fluentui/react-components";
import type { AssessmentPage } from "../../bindings/AssessmentPage";
import { ScoreDonut } from "../../components/ScoreDonut";
import { AssessmentStatusBadge } from "../../components/StatusBadge";
import { localDateTime, percent, points, withTimeZone } from "../../format";

const useStyles = makeStyles({
  root: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXXL, alignItems: "center", paddingBlock: tokens.spacingVerticalM },
  score: { display: "flex", gap: tokens.spacingHorizontalL, alignItems: "center" },
  column: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  facts: { display: "grid", gridTemplateColumns: "auto 1fr", columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground2 },
  number: { fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" },
  instances: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  progress: { width: "180px" },
  badge: { marginLeft: tokens.spacingHorizontalXS },
});

/** The score donut with points achieved / possible, status, progress, template and
 * version, group, and each instance with its last sync. */
export function AssessmentHeader(props: { page: AssessmentPage; onWhy: () => void }) {
  const styles = useStyles();
  const { summary, instances } = props.page;
  return (
    <section className={styles.root} aria-label="Assessment summary">
      <div className={styles.score}>
        <ScoreDonut ratio={summary.score} size={104} label={`Assessment score ${percent(summary.score)}`} />
        <div className={styles.column}>
          <Title2 as="p" className={styles.number}>
            {`${points(summary.points.achieved)} / ${points(summary.points.possible)} points`}
          </Title2>
          <Text className={styles.muted}>points achieved / points possible</Text>
          {summary.score < 1 && <Link onClick={props.onWhy}>Why not 100%?</Link>}
        </div>
      </div>
      <dl className={styles.facts}>
        <dt className={styles.muted}>Status</dt>
        <dd>
          <AssessmentStatusBadge status={summary.status} />
        </dd>
        <dt className={styles.muted}>Progress</dt>
        <dd className={styles.column}>
          <ProgressBar className={styles.progress} value={summary.progress} thickness="large" aria-label={`Progress ${percent(summary.progress)}`} />
          <Text size={200}>{percent(summary.progress)} of in-scope controls passed</Text>
        </dd>
        <dt className={styles.muted}>Template</dt>
        <dd>
          {summary.template} (version {summary.template_version})
          {summary.update_available && (
            <Badge className={styles.badge} appearance="tint" color="informative" shape="rounded">
              Template update available
            </Badge>
          )}
        </dd>
        <dt className={styles.muted}>Group</dt>
        <dd>{summary.group}</dd>
        <dt className={styles.muted}>Instances</dt>
        <dd className={styles.instances}>
          {instances.length === 0 && <Text>None: documentation and operational actions only</Text>}
          {instances.map((i) => (
            <Tooltip
              key={i.uid}
              relationship="description"
              content={i.last_sync ? `Last sync ${withTimeZone(i.last_sync)}` : "Never synced"}
            >
              <Text>
                {i.name}
                <Text className={styles.muted}> · {i.last_sync ? `synced ${localDateTime(i.last_sync)}` : "never synced"}</Text>
                {i.stale && (
                  <Badge className={styles.badge} appearance="tint" color="severe" shape="rounded">
                    Stale
                  </Badge>
                )}
                {i.status === "needs_reauthentication" && (
                  <Badge className={styles.badge} appearance="tint" color="danger" shape="rounded">
                    Sign in again
                  </Badge>
                )}
              </Text>
            </Tooltip>
          ))}
        </dd>
      </dl>
    </section>
  );
}
