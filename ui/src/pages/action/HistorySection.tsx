import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, Tooltip } from "@fluentui/react-components";
import type { ActionDetails } from "../../bindings/ActionDetails";
import { localDateTime, withTimeZone } from "../../format";

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2 },
  value: { whiteSpace: "pre-wrap", wordBreak: "break-word" },
});

const fields: Record<string, string> = {
  implementation_status: "Implementation status",
  implementation_date: "Implementation date",
  implementation_notes: "Implementation notes",
  assigned_to: "Assigned to",
  testing_source: "Testing source",
  parent_action: "Parent action",
  test_status: "Test status",
  partial_credit: "Partial credit",
  test_date: "Test date",
  testing_notes: "Testing notes",
  automatic_result: "Automatic result",
  review: "Assessor review",
  override_justification: "Override justification",
  evidence: "Evidence",
};

/** Every change to the action, newest first: who, when, what, before and after. */
export function HistorySection({ details }: { details: ActionDetails }) {
  const styles = useStyles();
  const instance = (uid: string | null) => details.results.find((r) => r.instance_uid === uid)?.instance_name ?? "";
  if (details.history.length === 0) {
    return <Text className={styles.muted}>No change recorded yet. Every edit, review and evidence file will be listed here.</Text>;
  }
  return (
    <Table aria-label="History" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>When</TableHeaderCell>
          <TableHeaderCell>Who</TableHeaderCell>
          <TableHeaderCell>Instance</TableHeaderCell>
          <TableHeaderCell>Field</TableHeaderCell>
          <TableHeaderCell>Before</TableHeaderCell>
          <TableHeaderCell>After</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {details.history.map((h) => (
          <TableRow key={h.id}>
            <TableCell>
              <Tooltip content={`${withTimeZone(h.at)} · entry SHA-256 ${h.sha256}`} relationship="description">
                <Text>{localDateTime(h.at)}</Text>
              </Tooltip>
            </TableCell>
            <TableCell>{h.actor}</TableCell>
            <TableCell>{instance(h.instance_uid)}</TableCell>
            <TableCell>{fields[h.field] ?? h.field}</TableCell>
            <TableCell className={styles.value}>{h.before ?? "—"}</TableCell>
            <TableCell className={styles.value}>{h.after ?? "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
