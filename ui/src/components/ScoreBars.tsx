import { makeStyles, ProgressBar, Text, tokens } from "@fluentui/react-components";
import type { ScoreBar } from "../bindings/ScoreBar";
import { percent, points } from "../format";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  item: {
    listStyleType: "none",
    display: "grid",
    gridTemplateColumns: "minmax(120px, 1.4fr) minmax(80px, 1fr) auto",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
  },
  number: { fontVariantNumeric: "tabular-nums", textAlign: "end", minWidth: "9em" },
});

/** One bar per family or instance, with its points written out beside it. */
export function ScoreBars(props: { label: string; bars: ScoreBar[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={props.label}>
      {props.bars.map((bar) => {
        const ratio = bar.possible > 0 ? bar.achieved / bar.possible : 0;
        const words = bar.possible > 0 ? `${percent(ratio)} · ${points(bar.achieved)} / ${points(bar.possible)}` : "not scored";
        return (
          <li key={bar.label} className={styles.item}>
            <Text truncate wrap={false} title={bar.label}>
              {bar.label}
            </Text>
            <ProgressBar value={ratio} thickness="large" aria-label={`${bar.label}: ${words}`} />
            <Text className={styles.number}>{words}</Text>
          </li>
        );
      })}
    </ul>
  );
}
