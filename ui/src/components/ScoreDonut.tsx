import { makeStyles, tokens } from "@fluentui/react-components";
import { percent } from "../format";

const useStyles = makeStyles({
  track: { stroke: tokens.colorNeutralBackground5 },
  value: { stroke: tokens.colorBrandForeground1, transition: "stroke-dasharray 300ms" },
  label: { fill: tokens.colorNeutralForeground1, fontSize: "22px", fontWeight: 600 },
});

/** A ring filled to `ratio`, with the percentage in the middle. */
export function ScoreDonut(props: { ratio: number; size?: number; label: string }) {
  const styles = useStyles();
  const size = props.size ?? 128;
  const stroke = 12;
  const radius = (size - stroke) / 2;
  const circumference = 2 * Math.PI * radius;
  const filled = Math.max(0, Math.min(1, props.ratio)) * circumference;
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={props.label}>
      <circle className={styles.track} cx={size / 2} cy={size / 2} r={radius} fill="none" strokeWidth={stroke} />
      <circle
        className={styles.value}
        cx={size / 2}
        cy={size / 2}
        r={radius}
        fill="none"
        strokeWidth={stroke}
        strokeDasharray={`${filled} ${circumference}`}
        strokeLinecap="round"
        transform={`rotate(-90 ${size / 2} ${size / 2})`}
      />
      <text className={styles.label} x="50%" y="50%" dominantBaseline="central" textAnchor="middle">
        {percent(props.ratio)}
      </text>
    </svg>
  );
}
