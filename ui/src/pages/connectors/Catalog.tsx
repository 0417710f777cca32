import {
  Button,
  Checkbox,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import type { ConnectorEntry } from "../../bindings/ConnectorEntry";

const useStyles = makeStyles({
  toolbar: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    paddingBottom: tokens.spacingVerticalM,
  },
  check: { width: "44px" },
  description: { color: tokens.colorNeutralForeground2 },
});

/** The available connectors; one at a time can be activated, as in Purview. */
export function Catalog(props: { connectors: ConnectorEntry[]; activate: (connector: ConnectorEntry) => void }) {
  const styles = useStyles();
  const [selected, setSelected] = useState<string | null>(null);
  const chosen = props.connectors.find((c) => c.id === selected) ?? null;
  return (
    <>
      <div className={styles.toolbar} role="toolbar" aria-label="Connector commands">
        <Button appearance="primary" disabled={!chosen} onClick={() => chosen && props.activate(chosen)}>
          Activate connector
        </Button>
        <Text className={styles.description} aria-live="polite">
          {chosen ? `1 selected: ${chosen.name}` : "Select one connector to activate it."}
        </Text>
      </div>
      <Table aria-label="Available connectors">
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.check} aria-label="Select" />
            <TableHeaderCell>Connector</TableHeaderCell>
            <TableHeaderCell>Publisher</TableHeaderCell>
            <TableHeaderCell>Description</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.connectors.map((c) => (
            <TableRow key={c.id} aria-selected={selected === c.id}>
              <TableCell className={styles.check}>
                <Checkbox
                  aria-label={`Select ${c.name}`}
                  checked={selected === c.id}
                  onChange={(_, data) => setSelected(data.checked ? c.id : null)}
                />
              </TableCell>
              <TableCell>{c.name}</TableCell>
              <TableCell>{c.publisher}</TableCell>
              <TableCell className={styles.description}>{c.description}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
