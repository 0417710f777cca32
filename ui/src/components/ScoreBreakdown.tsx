import { makeStyles, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { percent, points } from "../format";
import { useCommand } from "../useCommand";
import { Loading } from "./Loading";
import { ScoreDonut } from "./ScoreDonut";
import { OutcomeBadge } from "./StatusBadge";

const useStyles = makeStyles({
  head: { display: "flex", gap: tokens.spacingHorizontalL, alignItems: "center", paddingBottom: tokens.spacingVerticalL },
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, margin: 0, padding: 0 },
  item: {
    listStyleType: "none",
    display: "grid",
    gridTemplateColumns: "1fr auto",
    gap: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalM,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  summary: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, "& > *": { margin: 0 } },
  heading: { display: "block", paddingBottom: tokens.spacingVerticalS },
  why: { gridColumn: "1 / span 2", color: tokens.colorNeutralForeground2 },
  number: { fontVariantNumeric: "tabular-nums", textAlign: "end" },
});

/** "Why not 100%?": every action's share of the score, as the engine explains it. */
export function ScoreBreakdown({ assessment }: { assessment: string }) {
  const styles = useStyles();
  const [report] = useCommand("get_assessment_score", { assessment });
  return (
    <Loading loaded={report} what="the score breakdown">
      {({ assessment: summary, actions: explained }) => {
        // Actions that lost the most points first: that is where the score goes.
        const actions = [...explained].sort(
          (a, b) => b.possible - b.achieved - (a.possible - a.achieved) || a.title.localeCompare(b.title),
        );
        return (
          <>
            <div className={styles.head}>
              <ScoreDonut ratio={summary.score} size={96} label={`Assessment score ${percent(summary.score)}`} />
              <div className={styles.summary}>
                <Subtitle2 as="h3">
                  {points(summary.points.achieved)} / {points(summary.points.possible)} points
                </Subtitle2>
                <Text as="p">{percent(summary.progress)} of in-scope controls passed.</Text>
              </div>
            </div>
            <Subtitle2 as="h3" className={styles.heading}>
              Why not 100%?
            </Subtitle2>
            <ul className={styles.list} aria-label="Score breakdown by improvement action">
              {actions.map((a) => (
                <li key={a.action_id} className={styles.item}>
                  <Text weight="semibold">{a.title}</Text>
                  <Text className={styles.number}>
                    {points(a.achieved)} / {points(a.possible)}
                  </Text>
                  <span>
                    <OutcomeBadge outcome={a.outcome} />
                  </span>
                  <span />
                  <Text className={styles.why}>{a.explanation}</Text>
                </li>
              ))}
            </ul>
          </>
        );
      }}
    </Loading>
  );
}
