import { makeStyles, Text, tokens } from "@fluentui/react-components";
import { CheckmarkCircle20Filled, Circle20Regular, RecordStop20Regular } from "@fluentui/react-icons";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  item: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground2 },
  current: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  done: { color: tokens.colorPaletteGreenForeground1, display: "flex" },
  icon: { display: "flex", color: tokens.colorBrandForeground1 },
});

/** The wizard's vertical step indicator: done, current, to do (in words for screen readers). */
export function StepList(props: { steps: string[]; current: number; label: string }) {
  const styles = useStyles();
  return (
    <nav aria-label={props.label}>
      <ol className={styles.list}>
        {props.steps.map((label, index) => {
          const state = index < props.current ? "done" : index === props.current ? "current" : "to do";
          return (
            <li
              key={label}
              className={`${styles.item} ${index === props.current ? styles.current : ""}`}
              aria-current={index === props.current ? "step" : undefined}
            >
              <span className={index < props.current ? styles.done : styles.icon} aria-hidden>
                {index < props.current ? <CheckmarkCircle20Filled /> : index === props.current ? <RecordStop20Regular /> : <Circle20Regular />}
              </span>
              <Text>{label}</Text>
              <span style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
                ({state})
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
