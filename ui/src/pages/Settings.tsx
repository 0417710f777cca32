import { Card, CardHeader, makeStyles, Text, tokens } from "@fluentui/react-components";
import { PageHeader } from "../components/PageHeader";
import { About } from "./settings/About";
import { Backups } from "./settings/Backups";
import { ScheduledSync } from "./settings/ScheduledSync";

const useStyles = makeStyles({
  card: { maxWidth: "960px", padding: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalL },
});

/** The app's own settings: backups, the daily sync while the window is closed, and About. */
export function Settings() {
  const styles = useStyles();
  return (
    <>
      <PageHeader title="Settings" description="Backups, scheduled syncs, updates, and where your workspace lives." />
      <Card className={styles.card}>
        <CardHeader
          header={<Text weight="semibold">Backups</Text>}
          description="A backup is taken each day the app runs, before every upgrade and before a restore; the newest 7 are kept. Restoring replaces the whole workspace and first backs up the workspace as it is, so a restore can be undone."
        />
        <Backups />
      </Card>
      <Card className={styles.card}>
        <CardHeader
          header={<Text weight="semibold">Scheduled sync</Text>}
          description="Keeps connector data fresh while the window is closed: the operating system's scheduler runs one sync of every connector each day. Syncs from the window, the scheduler and the command line take turns."
        />
        <ScheduledSync />
      </Card>
      <Card className={styles.card}>
        <CardHeader header={<Text weight="semibold">About</Text>} />
        <About />
      </Card>
    </>
  );
}
