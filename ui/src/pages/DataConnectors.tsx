import {
  Button,
  Checkbox,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  OverlayDrawer,
  Subtitle2,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TabList,
  Text,
  tokens,
} from "@fluentui/react-components";
import { Dismiss24Regular, PlugConnected24Regular, PlugDisconnectedRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { ConnectorEntry } from "../bindings/ConnectorEntry";
import type { InstanceSummary } from "../bindings/InstanceSummary";
import { EmptyState } from "../components/EmptyState";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { localDateTime, withTimeZone } from "../format";
import { useCommand } from "../useCommand";

const useStyles = makeStyles({
  tabs: { paddingBottom: tokens.spacingVerticalL },
  toolbar: { display: "flex", gap: tokens.spacingHorizontalS, paddingBottom: tokens.spacingVerticalM },
  check: { width: "44px" },
  description: { color: tokens.colorNeutralForeground2 },
  drawer: { width: "520px" },
  section: { paddingTop: tokens.spacingVerticalL },
});

function Catalog(props: { connectors: ConnectorEntry[] }) {
  const styles = useStyles();
  // Only one connector can be set up at a time, as in Purview.
  const [selected, setSelected] = useState<string | null>(null);
  const [details, setDetails] = useState<ConnectorEntry | null>(null);
  const chosen = props.connectors.find((c) => c.id === selected) ?? null;
  return (
    <>
      <div className={styles.toolbar} role="toolbar" aria-label="Connector commands">
        <Button appearance="primary" disabled={!chosen} onClick={() => setDetails(chosen)}>
          View details
        </Button>
        <Text className={styles.description} aria-live="polite">
          {chosen ? `1 selected: ${chosen.name}` : "Select a connector to see what it reads."}
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
      <OverlayDrawer
        position="end"
        className={styles.drawer}
        open={details !== null}
        onOpenChange={(_, { open }) => !open && setDetails(null)}
      >
        <DrawerHeader>
          <DrawerHeaderTitle
            action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={() => setDetails(null)} />}
          >
            {details?.name} connector
          </DrawerHeaderTitle>
        </DrawerHeader>
        <DrawerBody>
          <Text as="p">{details?.description}</Text>
          <div className={styles.section}>
            <Subtitle2 as="h3">What it reads</Subtitle2>
            <ul>
              {details?.reads.map((r) => (
                <li key={r}>
                  <Text>{r}</Text>
                </li>
              ))}
            </ul>
            <Text className={styles.description}>Publisher: {details?.publisher}</Text>
          </div>
        </DrawerBody>
      </OverlayDrawer>
    </>
  );
}

function Activated(props: { instances: InstanceSummary[]; showCatalog: () => void }) {
  if (props.instances.length === 0) {
    return (
      <EmptyState
        icon={<PlugDisconnectedRegular />}
        title="No connectors activated yet"
        body="An activated connector is one connected account of a service, such as your production Salesforce org. Its settings then test technical improvement actions automatically, every day."
        action={{ label: "Browse available connectors", onClick: props.showCatalog }}
      />
    );
  }
  return (
    <Table aria-label="My activated connectors">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Name</TableHeaderCell>
          <TableHeaderCell>Connector</TableHeaderCell>
          <TableHeaderCell>Activated</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.instances.map((i) => (
          <TableRow key={i.uid}>
            <TableCell>
              <PlugConnected24Regular aria-hidden /> {i.name}
            </TableCell>
            <TableCell>{i.connector}</TableCell>
            <TableCell title={withTimeZone(i.created_at)}>{localDateTime(i.created_at)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function DataConnectors() {
  const styles = useStyles();
  const [tab, setTab] = useState<"available" | "activated">("available");
  const [catalog] = useCommand("list_connectors", {});
  const [instances] = useCommand("list_activated_connectors", {});
  return (
    <>
      <PageHeader
        title="Data connectors"
        description="Connect non-Microsoft services so that their security settings test your improvement actions automatically."
      />
      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_, data) => setTab(data.value as "available" | "activated")}
      >
        <Tab value="available">Available connectors</Tab>
        <Tab value="activated">My activated connectors</Tab>
      </TabList>
      {tab === "available" ? (
        <Loading loaded={catalog} what="the connector catalog">
          {(connectors) => <Catalog connectors={connectors} />}
        </Loading>
      ) : (
        <Loading loaded={instances} what="your activated connectors">
          {(list) => <Activated instances={list} showCatalog={() => setTab("available")} />}
        </Loading>
      )}
    </>
  );
}
