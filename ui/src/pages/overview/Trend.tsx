import { makeStyles, Spinner, Text, tokens } from "@fluentui/react-components";
import { lazy, Suspense } from "react";
import type { ScorePoint } from "../../bindings/ScorePoint";
import { percent } from "../../format";

const TrendChart = lazy(() => import("./TrendChart"));

const useStyles = makeStyles({
  hidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
  muted: { color: tokens.colorNeutralForeground2 },
  chart: { height: "180px" },
});

const ratio = (p: ScorePoint) => (p.possible > 0 ? p.achieved / p.possible : 0);

/** The chart, and the same figures in words for screen readers and for the record. */
export function Trend({ trend }: { trend: ScorePoint[] }) {
  const styles = useStyles();
  if (trend.length === 0) {
    return <Text className={styles.muted}>The trend starts with the first change to an assessment.</Text>;
  }
  const first = trend[0];
  const last = trend[trend.length - 1];
  const summary =
    first && last
      ? `The overall score went from ${percent(ratio(first))} on ${first.day} to ${percent(ratio(last))} on ${last.day}, over ${trend.length} ${trend.length === 1 ? "day" : "days"} with changes.`
      : "";
  return (
    <figure style={{ margin: 0 }} aria-label="Overall score per day">
      <div aria-hidden className={styles.chart}>
        <Suspense fallback={<Spinner size="tiny" label="Drawing the trend…" />}>
          <TrendChart trend={trend} />
        </Suspense>
      </div>
      <figcaption>
        <Text size={200} className={styles.muted}>
          {summary}
        </Text>
      </figcaption>
      <table className={styles.hidden}>
        <caption>Overall score per day</caption>
        <tbody>
          {trend.map((p) => (
            <tr key={p.day}>
              <th scope="row">{p.day}</th>
              <td>{percent(ratio(p))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
