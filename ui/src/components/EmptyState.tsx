import { Button, makeStyles, Subtitle1, Text, tokens } from "@fluentui/react-components";
import type { ReactElement } from "react";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    textAlign: "center",
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  icon: { fontSize: "48px", color: tokens.colorBrandForeground1, display: "flex" },
  body: { maxWidth: "560px", color: tokens.colorNeutralForeground2 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

/** What this list is, why it matters, and the one next step. */
export function EmptyState(props: {
  icon: ReactElement;
  title: string;
  body: string;
  action?: { label: string; onClick: () => void };
  secondary?: { label: string; onClick: () => void };
}) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label={props.title}>
      <span className={styles.icon} aria-hidden>
        {props.icon}
      </span>
      <Subtitle1 as="h2">{props.title}</Subtitle1>
      <Text className={styles.body}>{props.body}</Text>
      {(props.action || props.secondary) && (
        <span className={styles.actions}>
          {props.action && (
            <Button appearance="primary" onClick={props.action.onClick}>
              {props.action.label}
            </Button>
          )}
          {props.secondary && <Button onClick={props.secondary.onClick}>{props.secondary.label}</Button>}
        </span>
      )}
    </section>
  );
}
