import { Button, makeStyles, Subtitle1, tokens } from "@fluentui/react-components";
import type { TemplateSummary } from "../../bindings/TemplateSummary";

const useStyles = makeStyles({
  review: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, maxWidth: "820px", margin: 0 },
  row: { display: "grid", gridTemplateColumns: "200px 1fr", gap: tokens.spacingHorizontalL, alignItems: "center" },
  value: { margin: 0, display: "flex", justifyContent: "space-between", alignItems: "center", gap: tokens.spacingHorizontalM, minWidth: 0, overflowWrap: "anywhere" },
  term: { color: tokens.colorNeutralForeground2 },
});

/** Step 5: everything chosen, with an Edit link back to each step. */
export function Review(props: {
  template: TemplateSummary;
  name: string;
  group: string;
  services: string[];
  instances: string[];
  edit: (step: number) => void;
}) {
  const styles = useStyles();
  const t = props.template;
  const rows: [string, string, number][] = [
    ["Regulation", `${t.title} (version ${t.version}): ${t.controls} controls, ${t.actions} improvement actions`, 0],
    ["Name", props.name, 1],
    ["Group", props.group, 1],
    ["Services", props.services.join(", ") || "None: documentation and manual tests only", 2],
    ["Service instances", props.instances.join(", ") || "None", 3],
  ];
  return (
    <>
      <Subtitle1 as="h2">Check everything, then create the assessment</Subtitle1>
      <dl className={styles.review}>
        {rows.map(([term, value, step]) => (
          <div key={term} className={styles.row}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.value}>
              <span>{value}</span>
              <Button appearance="transparent" size="small" aria-label={`Edit ${term.toLowerCase()}`} onClick={() => props.edit(step)}>
                Edit
              </Button>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
