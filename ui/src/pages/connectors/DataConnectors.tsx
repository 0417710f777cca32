import { makeStyles, Tab, TabList, tokens } from "@fluentui/react-components";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import type { Added } from "../../bindings/Added";
import type { ConnectorEntry } from "../../bindings/ConnectorEntry";
import { Loading } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { call } from "../../ipc";
import { useCommand, useRefreshAll } from "../../useCommand";
import { wizardSearch } from "../assessments/wizardSearch";
import { Activated, type Notice } from "./Activated";
import { Catalog } from "./Catalog";
import { ConnectorDetails } from "./ConnectorDetails";
import { SetupWizard } from "./SetupWizard";

const useStyles = makeStyles({
  tabs: { paddingBottom: tokens.spacingVerticalL },
});

type View =
  | { at: "list"; tab: "available" | "activated"; notice: Notice | null }
  | { at: "details"; connector: ConnectorEntry }
  | { at: "wizard"; connector: ConnectorEntry };

/** The first sync starts at once, so that a new connector tests actions today. */
function startFirstSync(added: Added) {
  void call("sync_connector", { instance: added.instance.uid }).catch(() => undefined);
}

/** Data connectors: the catalog, a connector's details, its set-up wizard, and the
 * activated ones. Opened from the assessment wizard's "Add new service", it starts
 * on that connector's set-up and goes back to the wizard after Finish or Cancel. */
export function DataConnectors() {
  const styles = useStyles();
  const { setup, returnTo } = useSearch({ from: "/connectors" });
  const navigate = useNavigate();
  const refreshAll = useRefreshAll();
  const [view, setView] = useState<View>({ at: "list", tab: "available", notice: null });
  const [catalog] = useCommand("list_connectors", {});
  const [instances, reload] = useCommand("list_activated_connectors", {});

  const requested = setup && catalog.state === "ready" ? catalog.data.find((c) => c.id === setup) : undefined;
  if (requested) {
    const back = () => {
      let search = {};
      try {
        search = wizardSearch(JSON.parse(returnTo ?? "{}") as Record<string, unknown>);
      } catch {
        // A damaged return address: start the wizard over rather than fail.
      }
      refreshAll();
      void navigate(returnTo ? { to: "/assessments/new", search } : { to: "/connectors", search: {} });
    };
    return (
      <SetupWizard
        connector={requested}
        done={(added) => {
          startFirstSync(added);
          back();
        }}
        cancel={back}
      />
    );
  }

  if (view.at === "details") {
    return (
      <ConnectorDetails
        connector={view.connector}
        back={() => setView({ at: "list", tab: "available", notice: null })}
        add={() => setView({ at: "wizard", connector: view.connector })}
      />
    );
  }
  if (view.at === "wizard") {
    const added = (a: Added) => {
      reload();
      startFirstSync(a);
      setView({
        at: "list",
        tab: "activated",
        notice: { intent: "success", title: `${a.instance.name} was added`, body: `${a.validation}. Its first sync has started.` },
      });
    };
    return (
      <SetupWizard
        connector={view.connector}
        done={added}
        cancel={() => setView({ at: "list", tab: "available", notice: null })}
      />
    );
  }
  return (
    <>
      <PageHeader
        title="Data connectors"
        description="Connect non-Microsoft services so that their security settings test your improvement actions automatically."
      />
      <TabList
        className={styles.tabs}
        selectedValue={view.tab}
        onTabSelect={(_, data) => setView({ at: "list", tab: data.value as "available" | "activated", notice: null })}
      >
        <Tab value="available">Available connectors</Tab>
        <Tab value="activated">My activated connectors</Tab>
      </TabList>
      {view.tab === "available" ? (
        <Loading loaded={catalog} what="the connector catalog">
          {(connectors) => <Catalog connectors={connectors} activate={(connector) => setView({ at: "details", connector })} />}
        </Loading>
      ) : (
        <Loading loaded={instances} what="your activated connectors">
          {(list) => (
            <Activated
              instances={list}
              catalog={catalog.state === "ready" ? catalog.data : []}
              reload={reload}
              notice={view.notice}
              showCatalog={() => setView({ at: "list", tab: "available", notice: null })}
            />
          )}
        </Loading>
      )}
    </>
  );
}
