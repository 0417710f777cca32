import { Badge, Card, makeStyles, MessageBar, MessageBarBody, Subtitle2, Tab, TabList, Text, Title2, tokens } from "@fluentui/react-components";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import type { ActionDetails } from "../../bindings/ActionDetails";
import type { InstanceResult } from "../../bindings/InstanceResult";
import { Crumbs } from "../../components/Crumbs";
import { Loading } from "../../components/Loading";
import { OutcomeBadge } from "../../components/StatusBadge";
import { points } from "../../format";
import { call } from "../../ipc";
import { useCommand } from "../../useCommand";
import { useServiceNames } from "../../useServiceNames";
import { EvidenceSection } from "./EvidenceSection";
import { HistorySection } from "./HistorySection";
import { ImplementationForm } from "./ImplementationForm";
import { ResultsTable } from "./ResultsTable";
import { ReviewDialog } from "./ReviewDialog";
import { TestingForm } from "./TestingForm";
import { ThresholdSetting } from "./ThresholdSetting";
import { useActionChange } from "./useActionChange";

const useStyles = makeStyles({
  head: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, paddingBlock: tokens.spacingVerticalM },
  badges: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground2 },
  facts: { display: "grid", gridTemplateColumns: "auto 1fr", columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, paddingTop: tokens.spacingVerticalM },
  description: { whiteSpace: "pre-wrap", maxWidth: "900px" },
});

const sections = ["overview", "implementation", "testing", "controls", "evidence", "history"] as const;
type Section = (typeof sections)[number];
const titles: Record<Section, string> = {
  overview: "Overview",
  implementation: "Implementation",
  testing: "Testing",
  controls: "Related controls",
  evidence: "Evidence",
  history: "History",
};

const label = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Overview(props: { details: ActionDetails; assessment: string; action: string; onReview: (r: InstanceResult, mode: "accept" | "override") => void }) {
  const { details, onReview } = props;
  const styles = useStyles();
  const technical = details.implementation_type === "technical";
  const serviceName = useServiceNames();
  return (
    <div className={styles.section}>
      <dl className={styles.facts}>
        <dt className={styles.muted}>Type</dt>
        <dd>
          {label(details.implementation_type)}, {details.purpose}, {details.enforcement}
          {details.service ? ` · tested on ${serviceName(details.service)}` : ""}
        </dd>
        <dt className={styles.muted}>Points</dt>
        <dd>{details.breakdown.points}</dd>
        {details.implements && (
          <>
            <dt className={styles.muted}>Implements</dt>
            <dd>{details.implements}</dd>
          </>
        )}
      </dl>
      <Text className={styles.description}>{details.description || "No description."}</Text>
      {technical && (
        <Card>
          <Subtitle2 as="h2">Automatic results per instance</Subtitle2>
          <ResultsTable details={details} onReview={onReview} />
        </Card>
      )}
      {details.threshold && (
        <Card>
          <ThresholdSetting key={details.threshold.value} assessment={props.assessment} action={props.action} threshold={details.threshold} />
        </Card>
      )}
    </div>
  );
}

function RelatedControls({ details }: { details: ActionDetails }) {
  const styles = useStyles();
  return (
    <ul aria-label="Related controls" className={styles.section}>
      {details.related_controls.map((c) => (
        <li key={`${c.family}/${c.name}`}>
          <Text weight="semibold">{c.name}</Text> {c.title} <Text className={styles.muted}>({c.family})</Text>
        </li>
      ))}
    </ul>
  );
}

/** An improvement action in one assessment, in the reference product's sections. */
export function ActionDetailsPage() {
  const styles = useStyles();
  const { assessment, action } = useParams({ from: "/assessments/$assessment/actions/$action" });
  const search = useSearch({ from: "/assessments/$assessment/actions/$action" });
  const navigate = useNavigate({ from: "/assessments/$assessment/actions/$action" });
  const [loaded] = useCommand("get_action_details", { assessment, action });
  const [reviewing, setReviewing] = useState<InstanceResult | null>(null);
  const change = useActionChange(assessment, action);
  const section: Section = sections.includes(search.section as Section) ? (search.section as Section) : "overview";
  const review = (r: InstanceResult, mode: "accept" | "override") => {
    if (mode === "override") {
      change.reset();
      setReviewing(r);
    } else {
      void change.run(() => call("review_action", { assessment, action, instance: r.instance_uid, decision: { decision: "accept" } }));
    }
  };
  return (
    <Loading loaded={loaded} what="the improvement action">
      {(details) => (
        <>
          <Crumbs
            steps={[
              { label: "Assessments", onClick: () => void navigate({ to: "/assessments", search: {} }) },
              { label: details.assessment, onClick: () => void navigate({ to: "/assessments/$assessment", params: { assessment }, search: { tab: "actions" } }) },
              { label: details.title },
            ]}
          />
          <header className={styles.head}>
            <Title2 as="h1">{details.title}</Title2>
            <div className={styles.badges}>
              <OutcomeBadge outcome={details.breakdown.outcome} />
              <Text weight="semibold">{`${points(details.breakdown.achieved)} / ${points(details.breakdown.possible)} points`}</Text>
              {details.needs_review && (
                <Badge appearance="tint" color="warning" shape="rounded">
                  Override needs review
                </Badge>
              )}
              {details.stale && (
                <Badge appearance="tint" color="severe" shape="rounded">
                  Stale
                </Badge>
              )}
            </div>
            <Text className={styles.muted}>{details.explanation}</Text>
          </header>
          {change.error && !reviewing && (
            <MessageBar intent="error">
              <MessageBarBody>{change.error}</MessageBarBody>
            </MessageBar>
          )}
          <TabList selectedValue={section} onTabSelect={(_, d) => void navigate({ search: { section: d.value as string }, replace: true })}>
            {sections.map((s) => (
              <Tab key={s} value={s}>
                {s === "evidence" ? `Evidence (${details.evidence.length})` : titles[s]}
              </Tab>
            ))}
          </TabList>
          <div role="tabpanel" aria-label={titles[section]} className={styles.section}>
            {section === "overview" && <Overview details={details} assessment={assessment} action={action} onReview={review} />}
            {section === "implementation" && <ImplementationForm details={details} />}
            {section === "testing" && <TestingForm details={details} />}
            {section === "controls" && <RelatedControls details={details} />}
            {section === "evidence" && <EvidenceSection details={details} />}
            {section === "history" && <HistorySection details={details} />}
          </div>
          <ReviewDialog
            key={reviewing?.instance_uid ?? "none"}
            result={reviewing}
            busy={change.busy}
            error={change.error}
            onCancel={() => setReviewing(null)}
            onSave={(decision) =>
              void change
                .run(() => call("review_action", { assessment, action, instance: reviewing?.instance_uid ?? null, decision }))
                .then((ok) => ok && setReviewing(null))
            }
          />
        </>
      )}
    </Loading>
  );
}
