import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import type { ReactNode } from "react";
import type { Added } from "../../bindings/Added";
import type { ConnectorEntry } from "../../bindings/ConnectorEntry";
import { Loading } from "../../components/Loading";
import { call } from "../../ipc";
import { useCommand, useRefreshAll } from "../../useCommand";
import { wizardSearch } from "../assessments/wizardSearch";
import { ConnectorDetails } from "./ConnectorDetails";
import { SetupWizard } from "./SetupWizard";

/** The catalog entry named by the route's `service`, or a sentence if there is none. */
function WithConnector(props: { service: string; children: (connector: ConnectorEntry) => ReactNode }) {
  const [catalog] = useCommand("list_connectors", {});
  return (
    <Loading loaded={catalog} what="the connector catalog">
      {(list) => {
        const connector = list.find((c) => c.id === props.service);
        return connector ? props.children(connector) : <>There is no {props.service} connector.</>;
      }}
    </Loading>
  );
}

/** A connector's details: what it needs, then Add connector. */
export function ConnectorDetailsPage() {
  const { service } = useParams({ from: "/connectors/$service" });
  const navigate = useNavigate();
  return (
    <WithConnector service={service}>
      {(connector) => (
        <ConnectorDetails
          connector={connector}
          back={() => void navigate({ to: "/connectors", search: { tab: "available" } })}
          add={() => void navigate({ to: "/connectors/$service/setup", params: { service }, search: {} })}
        />
      )}
    </WithConnector>
  );
}

/** The set-up wizard. Opened from the assessment wizard's "Add new service"
 * (`returnTo`: its answers), it goes back there after Finish or Cancel. */
export function SetupPage() {
  const { service } = useParams({ from: "/connectors/$service/setup" });
  const { returnTo } = useSearch({ from: "/connectors/$service/setup" });
  const navigate = useNavigate();
  const refreshAll = useRefreshAll();

  const back = (added: Added | null) => {
    refreshAll();
    if (returnTo !== undefined) {
      let search = {};
      try {
        search = wizardSearch(JSON.parse(returnTo) as Record<string, unknown>);
      } catch {
        // A damaged return address: start the wizard over rather than fail.
      }
      void navigate({ to: "/assessments/new", search });
    } else if (added) {
      const notice = {
        intent: "success" as const,
        title: `${added.instance.name} was added`,
        body: `${added.validation}. Its first sync has started.`,
      };
      void navigate({ to: "/connectors", search: { tab: "activated" }, state: (s) => ({ ...s, notice }) });
    } else {
      void navigate({ to: "/connectors", search: { tab: "available" } });
    }
  };

  return (
    <WithConnector service={service}>
      {(connector) => (
        <SetupWizard
          connector={connector}
          done={(added) => {
            // The first sync starts at once, so that the new connector tests actions today.
            void call("sync_connector", { instance: added.instance.uid }).catch(() => undefined);
            back(added);
          }}
          cancel={() => back(null)}
        />
      )}
    </WithConnector>
  );
}
