// Loaded on demand: the charting library stays out of the start-up bundle.
import { tokens } from "@fluentui/react-components";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ScorePoint } from "../../bindings/ScorePoint";

export default function TrendChart({ trend }: { trend: ScorePoint[] }) {
  const data = trend.map((p) => ({ day: p.day, score: p.possible > 0 ? Math.round((p.achieved / p.possible) * 1000) / 10 : 0 }));
  return (
    <ResponsiveContainer width="100%" height={180}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={tokens.colorNeutralStroke2} vertical={false} />
        <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={24} />
        <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} width={44} />
        <Tooltip formatter={(v) => [`${String(v)}%`, "Overall score"]} />
        <Line type="monotone" dataKey="score" stroke={tokens.colorBrandForeground1} strokeWidth={2} dot={data.length < 40} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
