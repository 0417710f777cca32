import { Button, MessageBar, MessageBarBody, Spinner, Text } from "@fluentui/react-components";
import { ArrowDownload20Regular, ArrowSync20Regular, ArrowClockwise20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import type { IpcError } from "../../bindings/IpcError";
import type { UpdateOffer } from "../../bindings/UpdateOffer";
import { call } from "../../ipc";

type Step =
  | { at: "idle" }
  | { at: "working"; doing: string }
  | { at: "latest" }
  | { at: "offered"; offer: UpdateOffer }
  | { at: "ready"; offer: UpdateOffer }
  | { at: "failed"; message: string; refused: boolean };

/** "Check for updates": find a newer version, download it with its signature checked,
 * and install it only when asked. */
export function Updates({ version }: { version: string }) {
  const [step, setStep] = useState<Step>({ at: "idle" });
  const attempt = async (doing: string, work: () => Promise<Step>) => {
    setStep({ at: "working", doing });
    try {
      setStep(await work());
    } catch (e) {
      const error = e as IpcError;
      setStep({ at: "failed", message: error.message, refused: error.code === "update_refused" });
    }
  };
  const check = () =>
    attempt("Checking for updates…", async () => {
      const offer = await call("check_for_update", {});
      return offer ? { at: "offered", offer } : { at: "latest" };
    });
  const download = () =>
    attempt("Downloading and checking its signature…", async () => ({ at: "ready", offer: await call("download_update", {}) }));
  const install = () => attempt("Installing; the app restarts when done…", async () => (await call("install_update", {}), { at: "idle" }));

  return (
    <>
      <div>
        <Button icon={<ArrowSync20Regular />} disabled={step.at === "working"} onClick={() => void check()}>
          Check for updates
        </Button>
      </div>
      {step.at === "working" && <Spinner size="tiny" label={step.doing} labelPosition="after" />}
      {step.at === "latest" && <Text role="status">Compliance Desk {version} is the latest version.</Text>}
      {step.at === "offered" && (
        <>
          <Text role="status">
            Version {step.offer.version} is available (you have {step.offer.current_version})
            {step.offer.published ? `, published ${new Date(step.offer.published).toLocaleDateString()}` : ""}.
          </Text>
          {step.offer.notes && <Text size={200}>{step.offer.notes}</Text>}
          <div>
            <Button appearance="primary" icon={<ArrowDownload20Regular />} onClick={() => void download()}>
              Download version {step.offer.version}
            </Button>
          </div>
        </>
      )}
      {step.at === "ready" && (
        <>
          <MessageBar intent="success">
            <MessageBarBody>
              Version {step.offer.version} is downloaded and its signature matches Compliance Desk's signing key.
            </MessageBarBody>
          </MessageBar>
          <div>
            <Button appearance="primary" icon={<ArrowClockwise20Regular />} onClick={() => void install()}>
              Install and restart
            </Button>
          </div>
        </>
      )}
      {step.at === "failed" && (
        <MessageBar intent="error">
          <MessageBarBody>
            {step.refused && <strong>Update refused. </strong>}
            {step.message}
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
