import { makeStyles, Text, tokens, Tooltip } from "@fluentui/react-components";
import type { DriftItem } from "../../bindings/DriftItem";
import { TestStatusBadge } from "../../components/StatusBadge";
import { localDateTime, withTimeZone } from "../../format";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  item: { listStyleType: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  line: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground2 },
});

const shown = (v: unknown) => (v === null || v === undefined ? "nothing" : typeof v === "string" ? v : JSON.stringify(v));

/** What changed in the services between syncs, in the checks' words. */
export function DriftFeed({ items }: { items: DriftItem[] }) {
  const styles = useStyles();
  if (items.length === 0) {
    return <Text className={styles.muted}>No setting changed between the last syncs.</Text>;
  }
  return (
    <ul className={styles.list} aria-label="Drift between syncs">
      {items.map((d, i) => (
        <li key={`${d.instance_uid}-${d.check}-${d.seen_at}-${i}`} className={styles.item}>
          <Text>
            <Text weight="semibold">{d.instance}</Text>: {d.check}
          </Text>
          <span className={styles.line}>
            <TestStatusBadge status={d.before} />→<TestStatusBadge status={d.after} />
            <Text size={200} className={styles.muted}>
              {shown(d.observed_before)} → {shown(d.observed_after)}, seen{" "}
              <Tooltip content={withTimeZone(d.seen_at)} relationship="description">
                <span>{localDateTime(d.seen_at)}</span>
              </Tooltip>
            </Text>
          </span>
        </li>
      ))}
    </ul>
  );
}
