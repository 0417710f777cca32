import { Badge, ProgressBar, makeStyles, Text, tokens } from "@fluentui/react-components";
import {
  ArrowSync16Regular,
  CheckmarkCircle16Regular,
  ErrorCircle16Regular,
  PersonKey20Regular,
} from "@fluentui/react-icons";
import type { InstanceSummary } from "../../bindings/InstanceSummary";
import type { SyncProgress } from "../../bindings/SyncProgress";

const useStyles = makeStyles({
  syncing: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, minWidth: "160px" },
  badge: { whiteSpace: "nowrap" },
  muted: { color: tokens.colorNeutralForeground2 },
});

const stageWords: Record<SyncProgress["stage"], string> = {
  connecting: "Connecting",
  collecting: "Collecting settings",
  saving: "Saving the snapshot",
  succeeded: "Finished",
  failed: "Failed",
};

/** Connected / syncing (with progress) / needs re-authentication / error: icon and word. */
export function ConnectionStatus(props: { instance: InstanceSummary; progress?: SyncProgress }) {
  const styles = useStyles();
  const { instance, progress } = props;
  if (progress && progress.stage !== "succeeded" && progress.stage !== "failed") {
    return (
      <div className={styles.syncing}>
        <Badge className={styles.badge} appearance="tint" color="informative" icon={<ArrowSync16Regular />} shape="rounded">
          Syncing
        </Badge>
        <ProgressBar thickness="medium" aria-label={`Sync of ${instance.name}`} />
        <Text size={200} className={styles.muted}>
          {stageWords[progress.stage]}: {progress.pages} answers{progress.retries > 0 ? `, ${progress.retries} retried` : ""}
        </Text>
      </div>
    );
  }
  switch (instance.status) {
    case "needs_reauthentication":
      return (
        <Badge className={styles.badge} appearance="tint" color="warning" icon={<PersonKey20Regular />} shape="rounded" title={instance.status_reason ?? undefined}>
          Needs re-authentication
        </Badge>
      );
    case "error":
      return (
        <Badge className={styles.badge} appearance="tint" color="danger" icon={<ErrorCircle16Regular />} shape="rounded" title={instance.status_reason ?? undefined}>
          Error
        </Badge>
      );
    default:
      return (
        <Badge className={styles.badge} appearance="tint" color="success" icon={<CheckmarkCircle16Regular />} shape="rounded">
          Connected
        </Badge>
      );
  }
}
