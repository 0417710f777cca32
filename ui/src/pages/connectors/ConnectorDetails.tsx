import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Button,
  Card,
  makeStyles,
  Subtitle2,
  Text,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import type { ConnectorEntry } from "../../bindings/ConnectorEntry";
import { CopyField } from "./CopyField";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "880px" },
  muted: { color: tokens.colorNeutralForeground2 },
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  commands: { display: "flex", gap: tokens.spacingHorizontalS },
  heading: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  title: { ...typographyStyles.title2, margin: 0 },
});

/** What a connector does and needs before the person starts setting it up. */
export function ConnectorDetails(props: { connector: ConnectorEntry; back: () => void; add: () => void }) {
  const styles = useStyles();
  const c = props.connector;
  const title = useRef<HTMLHeadingElement>(null);
  // A new page: keyboard and screen-reader users start at its title.
  useEffect(() => title.current?.focus(), []);
  const r = c.requirements;
  return (
    <div className={styles.root}>
      <Breadcrumb aria-label="Where you are">
        <BreadcrumbItem>
          <BreadcrumbButton onClick={props.back}>Data connectors</BreadcrumbButton>
        </BreadcrumbItem>
        <BreadcrumbDivider />
        <BreadcrumbItem>
          <BreadcrumbButton current>{c.name}</BreadcrumbButton>
        </BreadcrumbItem>
      </Breadcrumb>
      <div className={styles.heading}>
        <h1 className={styles.title} ref={title} tabIndex={-1}>
          {c.name} connector
        </h1>
        <Text className={styles.muted}>
          {c.description} Published by {c.publisher}.
        </Text>
      </div>
      <div className={styles.commands} role="toolbar" aria-label="Connector commands">
        <Button appearance="primary" onClick={props.add}>
          Add connector
        </Button>
        <Button onClick={props.back}>Back to the catalog</Button>
      </div>
      <Card className={styles.card}>
        <Subtitle2 as="h2">What it reads</Subtitle2>
        <ul className={styles.list}>
          {c.reads.map((item) => (
            <li key={item}>
              <Text>{item}</Text>
            </li>
          ))}
        </ul>
        <Text className={styles.muted}>It never changes anything in {c.name}.</Text>
      </Card>
      <Card className={styles.card}>
        <Subtitle2 as="h2">Before you start</Subtitle2>
        <Text>
          <strong>Who signs in:</strong> {r.admin_role}
        </Text>
        <Text weight="semibold">Register an app in {c.name}:</Text>
        <ol className={styles.list}>
          {r.app_registration.map((step) => (
            <li key={step}>
              <Text>{step}</Text>
            </li>
          ))}
        </ol>
        {r.callback_url && <CopyField label="Callback URL" value={r.callback_url} />}
        <CopyField label="Scopes" value={r.scopes.join(" ")} />
      </Card>
      <Card className={styles.card}>
        <Subtitle2 as="h2">How you can sign in</Subtitle2>
        {c.auth_methods.map((m) => (
          <Text key={m.id}>
            <strong>{m.label}:</strong> {m.description}
          </Text>
        ))}
      </Card>
    </div>
  );
}
