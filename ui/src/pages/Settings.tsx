import { Card, CardHeader, makeStyles, Text, tokens } from "@fluentui/react-components";
import { PageHeader } from "../components/PageHeader";
import { Backups } from "./settings/Backups";

const useStyles = makeStyles({
  card: { maxWidth: "960px", padding: tokens.spacingHorizontalL },
});

/** The app's own settings; today, the workspace's backups. */
export function Settings() {
  const styles = useStyles();
  return (
    <>
      <PageHeader title="Settings" description="How Compliance Desk keeps your workspace safe." />
      <Card className={styles.card}>
        <CardHeader
          header={<Text weight="semibold">Backups</Text>}
          description="A backup is taken each day the app runs, before every upgrade and before a restore; the newest 7 are kept. Restoring replaces the whole workspace and first backs up the workspace as it is, so a restore can be undone."
        />
        <Backups />
      </Card>
    </>
  );
}
