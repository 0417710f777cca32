import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, Tooltip } from "@fluentui/react-components";
import type { ActionDetails } from "../../bindings/ActionDetails";
import { isTestStatus, testStatusLabel } from "../../components/StatusBadge";
import { localDateTime, withTimeZone } from "../../format";
import { implementationStatuses } from "./statusOptions";

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

const implementation: Record<string, string> = Object.fromEntries(implementationStatuses);
const sources: Record<string, string> = { automatic: "Automatic", manual: "Manual", parent: "Parent" };

/** A stored value in words: status codes become their labels ("overridden: passed"
 * becomes "Overridden: Passed"); everything else is shown as recorded. */
function words(field: string, value: string | null): string {
  if (value === null) return "—";
  const status = (code: string) => (isTestStatus(code) ? testStatusLabel(code) : code);
  if (field === "implementation_status") return implementation[value] ?? value;
  if (field === "testing_source") return sources[value] ?? value;
  if (field === "test_status" || field === "automatic_result") return status(value);
  if (field === "review") {
    const [state, code] = value.split(": ");
    const said = { accepted: "Accepted", overridden: "Overridden", needs_review: "Needs review" }[state ?? ""] ?? state;
    return code ? `${said}: ${status(code)}` : (said ?? value);
  }
  return value;
}

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
            <TableCell className={styles.value}>{words(h.field, h.before)}</TableCell>
            <TableCell className={styles.value}>{words(h.field, h.after)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
