import {
  Input,
  makeStyles,
  Radio,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { Search20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import type { TemplateSummary } from "../../bindings/TemplateSummary";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  table: { tableLayout: "auto" },
  number: { textAlign: "end", fontVariantNumeric: "tabular-nums" },
  muted: { color: tokens.colorNeutralForeground2, display: "block" },
  row: { cursor: "pointer" },
  radio: { width: "44px" },
  regulation: { minWidth: "150px" },
});

/** Service ids as names ("Salesforce, Zoom"), with a note when none is activated. */
export function serviceNames(ids: string[], names: Record<string, string>): string {
  return ids.map((id) => names[id] ?? id).join(", ");
}

/** Step 1: a searchable list of templates with what each supports. */
export function SelectRegulation(props: {
  templates: TemplateSummary[];
  selected: string | undefined;
  select: (uid: string) => void;
  serviceNames: Record<string, string>;
  activated: Set<string>;
}) {
  const styles = useStyles();
  const [query, setQuery] = useState("");
  const words = query.trim().toLowerCase();
  const shown = props.templates.filter(
    (t) => words === "" || `${t.title} ${t.product} ${t.certification ?? ""}`.toLowerCase().includes(words),
  );
  return (
    <div className={styles.root}>
      <Input
        contentBefore={<Search20Regular />}
        placeholder="Search regulations"
        aria-label="Search regulations"
        value={query}
        onChange={(_, data) => setQuery(data.value)}
        style={{ maxWidth: 420 }}
      />
      <Table aria-label="Regulation templates" className={styles.table} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.radio} aria-label="Selected" />
            <TableHeaderCell className={styles.regulation}>Regulation</TableHeaderCell>
            <TableHeaderCell>Version</TableHeaderCell>
            <TableHeaderCell className={styles.number}>Controls</TableHeaderCell>
            <TableHeaderCell className={styles.number}>Actions</TableHeaderCell>
            <TableHeaderCell>Supported services</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((t) => {
            const active = t.supported_services.filter((s) => props.activated.has(s));
            return (
              <TableRow
                key={t.uid}
                className={styles.row}
                onClick={() => props.select(t.uid)}
                aria-selected={props.selected === t.uid}
              >
                <TableCell>
                  <Radio
                    name="regulation"
                    value={t.uid}
                    checked={props.selected === t.uid}
                    onChange={() => props.select(t.uid)}
                    aria-label={t.title}
                  />
                </TableCell>
                <TableCell>
                  <Text weight="semibold">{t.title}</Text>
                  {t.certification && (
                    <Text size={200} className={styles.muted}>
                      {t.certification}
                    </Text>
                  )}
                </TableCell>
                <TableCell>{t.version}</TableCell>
                <TableCell className={styles.number}>{t.controls}</TableCell>
                <TableCell className={styles.number}>{t.actions}</TableCell>
                <TableCell>
                  {t.supported_services.length === 0 ? (
                    <Text className={styles.muted}>None: documentation and manual tests only</Text>
                  ) : (
                    <>
                      <Text>{serviceNames(t.supported_services, props.serviceNames)}</Text>
                      {active.length === 0 && (
                        <Text size={200} className={styles.muted} title="Its checks run once you add a connector; until then its documentation work can start.">
                          Not activated yet
                        </Text>
                      )}
                    </>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {shown.length === 0 && <Text className={styles.muted}>No template matches "{query}".</Text>}
    </div>
  );
}
