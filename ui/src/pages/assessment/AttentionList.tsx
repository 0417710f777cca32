import { Badge, Link, makeStyles, Text, tokens } from "@fluentui/react-components";
import { useNavigate } from "@tanstack/react-router";
import type { Attention } from "../../bindings/Attention";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  item: { listStyleType: "none", display: "grid", gridTemplateColumns: "9.5em 1fr", gap: tokens.spacingHorizontalS, alignItems: "start" },
  badge: { whiteSpace: "nowrap", justifySelf: "start" },
  text: { display: "flex", flexDirection: "column", minWidth: 0 },
  detail: { color: tokens.colorNeutralForeground2 },
});

const kinds: Record<string, { label: string; color: "danger" | "warning" | "informative" | "severe" }> = {
  failed_high_risk: { label: "Failed high risk", color: "danger" },
  needs_review: { label: "Review override", color: "warning" },
  stale_data: { label: "Stale data", color: "severe" },
  needs_reauthentication: { label: "Sign in again", color: "danger" },
  expired_evidence: { label: "Evidence expired", color: "severe" },
  expiring_evidence: { label: "Evidence expiring", color: "informative" },
};

/** What needs someone's attention, most urgent first, each linked to its action. */
export function AttentionList(props: { items: Attention[]; empty: string }) {
  const styles = useStyles();
  const navigate = useNavigate();
  if (props.items.length === 0) {
    return <Text className={styles.detail}>{props.empty}</Text>;
  }
  return (
    <ul className={styles.list} aria-label="Needs attention">
      {props.items.map((item, i) => {
        const kind = kinds[item.kind] ?? { label: item.kind, color: "informative" as const };
        const actionUid = item.action_uid;
        return (
          <li key={`${item.kind}-${item.title}-${i}`} className={styles.item}>
            <Badge className={styles.badge} appearance="tint" color={kind.color} shape="rounded">
              {kind.label}
            </Badge>
            <span className={styles.text}>
            {actionUid ? (
              <Link
                onClick={() =>
                  void navigate({
                    to: "/assessments/$assessment/actions/$action",
                    params: { assessment: item.assessment_uid, action: actionUid },
                  })
                }
              >
                {item.title}
              </Link>
            ) : (
              <Text weight="semibold">{item.title}</Text>
            )}
            <Text size={200} className={styles.detail}>
              {item.detail}
            </Text>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
