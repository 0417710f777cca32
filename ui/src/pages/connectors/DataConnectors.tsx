import { makeStyles, Tab, TabList, tokens } from "@fluentui/react-components";
import { useNavigate, useRouterState, useSearch } from "@tanstack/react-router";
import { Loading } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { useCommand } from "../../useCommand";
import { Activated } from "./Activated";
import { Catalog } from "./Catalog";

const useStyles = makeStyles({
  tabs: { paddingBottom: tokens.spacingVerticalL },
});

/** Data connectors: the catalog and the activated ones, a tab each. A connector's
 * details and set-up wizard are pages of their own (ConnectorPages). */
export function DataConnectors() {
  const styles = useStyles();
  const { tab = "available" } = useSearch({ from: "/connectors" });
  // What the set-up wizard reports after Finish, carried in the history entry.
  const notice = useRouterState({ select: (s) => s.location.state.notice ?? null });
  const navigate = useNavigate({ from: "/connectors" });
  const [catalog] = useCommand("list_connectors", {});
  const [instances, reload] = useCommand("list_activated_connectors", {});
  const show = (next: "available" | "activated") => void navigate({ search: { tab: next } });

  return (
    <>
      <PageHeader
        title="Data connectors"
        description="Connect non-Microsoft services so that their security settings test your improvement actions automatically."
      />
      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_, data) => show(data.value as "available" | "activated")}
      >
        <Tab value="available">Available connectors</Tab>
        <Tab value="activated">My activated connectors</Tab>
      </TabList>
      {tab === "available" ? (
        <Loading loaded={catalog} what="the connector catalog">
          {(connectors) => (
            <Catalog
              connectors={connectors}
              activate={(connector) => void navigate({ to: "/connectors/$service", params: { service: connector.id } })}
            />
          )}
        </Loading>
      ) : (
        <Loading loaded={instances} what="your activated connectors">
          {(list) => (
            <Activated
              instances={list}
              catalog={catalog.state === "ready" ? catalog.data : []}
              reload={reload}
              notice={notice}
              showCatalog={() => show("available")}
            />
          )}
        </Loading>
      )}
    </>
  );
}
