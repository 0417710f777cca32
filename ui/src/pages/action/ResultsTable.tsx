import { Badge, Button, makeStyles, mergeClasses, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, Tooltip } from "@fluentui/react-components";
import type { ActionDetails } from "../../bindings/ActionDetails";
import type { InstanceResult } from "../../bindings/InstanceResult";
import { TestStatusBadge, testStatusLabel } from "../../components/StatusBadge";
import { localDateTime, withTimeZone } from "../../format";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, paddingBlock: tokens.spacingVerticalXS, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: "break-all" },
  commands: { display: "flex", gap: tokens.spacingHorizontalS },
  // Setting paths are long words: break them anywhere rather than spill into the next cell.
  wrap: { wordBreak: "break-all", overflowWrap: "anywhere", whiteSpace: "normal", minWidth: 0 },
});

function value(v: unknown): string {
  if (v === null || v === undefined) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function Review({ result }: { result: InstanceResult }) {
  const styles = useStyles();
  const r = result.review;
  if (!r.state) return <Text className={styles.muted}>Not reviewed</Text>;
  const label = r.state === "accepted" ? "Accepted" : r.state === "overridden" ? "Overridden" : "Override needs review";
  return (
    <span className={styles.stack}>
      <Badge appearance="tint" shape="rounded" color={r.state === "needs_review" ? "warning" : r.state === "accepted" ? "success" : "informative"}>
        {label}
      </Badge>
      {r.override_status && (
        <Text size={200}>
          {testStatusLabel(r.override_status)} instead of {r.reviewed_status ? testStatusLabel(r.reviewed_status) : "—"}
        </Text>
      )}
      {r.justification && <Text size={200}>“{r.justification}”</Text>}
      {r.reviewed_by && (
        <Text size={200} className={styles.muted}>
          {r.reviewed_by}
          {r.reviewed_at ? `, ${localDateTime(r.reviewed_at)}` : ""}
        </Text>
      )}
    </span>
  );
}

/** Automatic results per instance: what was observed against what was expected, when,
 * from which snapshot, and the assessor's review. */
export function ResultsTable(props: { details: ActionDetails; onReview: (result: InstanceResult, mode: "accept" | "override") => void }) {
  const styles = useStyles();
  return (
    <Table aria-label="Automatic results per instance" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Instance</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Observed</TableHeaderCell>
          <TableHeaderCell>Expected</TableHeaderCell>
          <TableHeaderCell>Collected</TableHeaderCell>
          <TableHeaderCell>Assessor review</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.details.results.map((r) => {
          const a = r.automatic;
          return (
            <TableRow key={r.instance_uid ?? "assessment"}>
              <TableCell>{r.instance_name ?? "—"}</TableCell>
              <TableCell>
                <span className={styles.stack}>
                  <TestStatusBadge status={r.test_status} />
                  {a?.stale && (
                    <Badge appearance="tint" color="severe" shape="rounded">
                      Stale data
                    </Badge>
                  )}
                  {a?.reason && <Text size={200}>{a.reason}</Text>}
                  {a?.next_step && (
                    <Text size={200} weight="semibold">
                      Next step: {a.next_step}
                    </Text>
                  )}
                </span>
              </TableCell>
              <TableCell>
                <span className={styles.stack}>
                  <Text className={styles.mono}>{value(a?.observed)}</Text>
                  {a && (
                    <Text size={200} className={mergeClasses(styles.muted, styles.wrap)}>
                      {a.setting}
                    </Text>
                  )}
                </span>
              </TableCell>
              <TableCell>{a?.expected ?? "—"}</TableCell>
              <TableCell>
                {a?.collected_at ? (
                  <span className={styles.stack}>
                    <Tooltip content={withTimeZone(a.collected_at)} relationship="description">
                      <Text>{localDateTime(a.collected_at)}</Text>
                    </Tooltip>
                    <Text className={styles.mono} title={`Snapshot ${a.snapshot_uid ?? ""}`}>
                      SHA-256 {a.snapshot_sha256}
                    </Text>
                  </span>
                ) : (
                  "—"
                )}
              </TableCell>
              <TableCell>
                <span className={styles.stack}>
                  <Review result={r} />
                  {r.testing_source === "automatic" && a && (
                    <span className={styles.commands}>
                      <Button size="small" onClick={() => props.onReview(r, "accept")}>
                        Accept
                      </Button>
                      <Button size="small" onClick={() => props.onReview(r, "override")}>
                        Override…
                      </Button>
                    </span>
                  )}
                </span>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
