import { makeStyles, Text, Title2, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalL,
  },
  description: { color: tokens.colorNeutralForeground2 },
  commands: {
    display: "flex",
    gap: tokens.spacingHorizontalS,
    paddingTop: tokens.spacingVerticalM,
  },
});

/** Title, one line on what the page is for, then its commands (primary first). */
export function PageHeader(props: { title: string; description: string; commands?: ReactNode }) {
  const styles = useStyles();
  return (
    <header className={styles.root}>
      <Title2 as="h1">{props.title}</Title2>
      <Text className={styles.description}>{props.description}</Text>
      {props.commands && (
        <div className={styles.commands} role="toolbar" aria-label={`${props.title} commands`}>
          {props.commands}
        </div>
      )}
    </header>
  );
}
