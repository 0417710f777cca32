import {
  Checkbox,
  Link,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { Add16Regular } from "@fluentui/react-icons";
import type { InstanceSummary } from "../../bindings/InstanceSummary";
import { localDateTime, withTimeZone } from "../../format";
import { ConnectionStatus } from "../connectors/ConnectionStatus";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground2 },
  service: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalL },
  table: { tableLayout: "auto", maxWidth: "900px" },
  add: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
});

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** Step 3: the services the template supports, each with its activated instances. */
export function SelectServices(props: {
  supported: string[];
  selected: string[];
  change: (services: string[]) => void;
  names: Record<string, string>;
  instances: InstanceSummary[];
}) {
  const styles = useStyles();
  if (props.supported.length === 0) {
    return (
      <Text className={styles.muted}>
        This template tests no service: its actions are documented and tested by hand. Continue to review.
      </Text>
    );
  }
  return (
    <div className={styles.list} role="group" aria-label="Services to assess">
      {props.supported.map((service) => {
        const count = props.instances.filter((i) => i.service === service).length;
        const name = props.names[service] ?? service;
        return (
          <Checkbox
            key={service}
            checked={props.selected.includes(service)}
            onChange={(_, data) =>
              props.change(
                data.checked === true
                  ? props.supported.filter((s) => s === service || props.selected.includes(s))
                  : props.selected.filter((s) => s !== service),
              )
            }
            label={`${name} (${count === 0 ? "no activated instance yet; you can add one in the next step" : `${plural(count, "activated instance")}`})`}
          />
        );
      })}
    </div>
  );
}

/** Step 4: every activated instance of the selected services, ticked unless the
 * person unticked it, and a way to add a new one. */
export function ServiceInstances(props: {
  services: string[];
  names: Record<string, string>;
  instances: InstanceSummary[];
  unticked: string[];
  change: (unticked: string[]) => void;
  addNew: (service: string) => void;
}) {
  const styles = useStyles();
  return (
    <div>
      {props.services.map((service) => {
        const name = props.names[service] ?? service;
        const rows = props.instances.filter((i) => i.service === service);
        return (
          <section key={service} className={styles.service} aria-label={`${name} instances`}>
            <Subtitle2 as="h2">{name}</Subtitle2>
            {rows.length === 0 ? (
              <Text className={styles.muted}>No {name} connector is activated yet.</Text>
            ) : (
              <Table aria-label={`${name} service instances`} className={styles.table} size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell style={{ width: 44 }} aria-label="Included" />
                    <TableHeaderCell>Name</TableHeaderCell>
                    <TableHeaderCell>Status</TableHeaderCell>
                    <TableHeaderCell>Last successful sync</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((i) => (
                    <TableRow key={i.uid}>
                      <TableCell>
                        <Checkbox
                          checked={!props.unticked.includes(i.uid)}
                          aria-label={`Include ${i.name}`}
                          onChange={(_, data) =>
                            props.change(
                              data.checked === true
                                ? props.unticked.filter((u) => u !== i.uid)
                                : [...props.unticked, i.uid],
                            )
                          }
                        />
                      </TableCell>
                      <TableCell>
                        <Text weight="semibold">{i.name}</Text>
                      </TableCell>
                      <TableCell>
                        <ConnectionStatus instance={i} progress={undefined} />
                      </TableCell>
                      <TableCell title={i.last_successful_sync ? withTimeZone(i.last_successful_sync) : undefined}>
                        {i.last_successful_sync ? localDateTime(i.last_successful_sync) : "Not synced yet"}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            <Link onClick={() => props.addNew(service)} className={styles.add}>
              <Add16Regular aria-hidden /> Add new {name} connector
            </Link>
          </section>
        );
      })}
    </div>
  );
}
