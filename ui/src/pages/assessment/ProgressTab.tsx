import { Card, CardHeader, makeStyles, Subtitle2, tokens } from "@fluentui/react-components";
import type { AssessmentPage } from "../../bindings/AssessmentPage";
import { ScoreBars } from "../../components/ScoreBars";
import { AttentionList } from "./AttentionList";

const useStyles = makeStyles({
  grid: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(420px, 1fr))", gap: tokens.spacingHorizontalL },
});

export function ProgressTab({ page }: { page: AssessmentPage }) {
  const styles = useStyles();
  return (
    <div className={styles.grid}>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Needs attention</Subtitle2>} />
        <AttentionList items={page.attention} empty="Nothing needs attention: no high-risk failure, stale data or expiring evidence." />
      </Card>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Score per service instance</Subtitle2>} />
        {page.instance_scores.length > 0 ? (
          <ScoreBars label="Score per service instance" bars={page.instance_scores} />
        ) : (
          <Subtitle2>No service instance: documentation and operational actions only.</Subtitle2>
        )}
      </Card>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Score per control family</Subtitle2>} />
        <ScoreBars label="Score per control family" bars={page.families} />
      </Card>
    </div>
  );
}
