import { Button, Link, makeStyles, MessageBar, MessageBarBody, Text, tokens } from "@fluentui/react-components";
import { FolderOpen20Regular } from "@fluentui/react-icons";
import { Link as RouterLink } from "@tanstack/react-router";
import { useState } from "react";
import type { AppFolder } from "../../bindings/AppFolder";
import type { IpcError } from "../../bindings/IpcError";
import { Loading } from "../../components/Loading";
import { call } from "../../ipc";
import { useCommand } from "../../useCommand";
import { Updates } from "./Updates";

const useStyles = makeStyles({
  folders: { display: "grid", gridTemplateColumns: "max-content 1fr max-content", gap: tokens.spacingHorizontalM, alignItems: "center" },
  path: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
});

/** Version, where the workspace and logs live, updates and third-party licences. */
export function About() {
  const styles = useStyles();
  const [info] = useCommand("app_info", {});
  const [error, setError] = useState<string | null>(null);
  const open = (folder: AppFolder) =>
    void call("open_folder", { folder }).then(
      () => setError(null),
      (e: IpcError) => setError(e.message),
    );
  return (
    <Loading loaded={info} what="the app's information">
      {(app) => (
        <>
          <Text>Compliance Desk {app.version}</Text>
          <div className={styles.folders}>
            {(
              [
                ["Workspace", app.data_dir, "data"],
                ["Logs", app.log_dir, "logs"],
              ] as const
            ).map(([label, path, folder]) => (
              <div key={folder} style={{ display: "contents" }}>
                <Text weight="semibold">{label}</Text>
                <Text className={styles.path}>{path}</Text>
                <Button size="small" icon={<FolderOpen20Regular />} onClick={() => open(folder)} aria-label={`Open the ${label.toLowerCase()} folder`}>
                  Open
                </Button>
              </div>
            ))}
          </div>
          {error && (
            <MessageBar intent="error">
              <MessageBarBody>{error}</MessageBarBody>
            </MessageBar>
          )}
          <Updates version={app.version} />
          <Text>
            Compliance Desk is built on open-source software.{" "}
            <RouterLink to="/settings/licences">
              {({ isActive }) => <Link as="span" aria-current={isActive ? "page" : undefined}>Third-party licences</Link>}
            </RouterLink>
          </Text>
        </>
      )}
    </Loading>
  );
}
