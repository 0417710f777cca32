// Loaded on demand: the charting library stays out of the start-up bundle. Scales
// are plain arithmetic: d3-color (behind d3 scales) assigns to a prototype that the
// window freezes (tauri.conf.json `freezePrototype`), so it is left out.
import { tokens } from "@fluentui/react-components";
import { Group } from "@visx/group";
import { ParentSize } from "@visx/responsive";
import { LinePath } from "@visx/shape";
import type { ScorePoint } from "../../bindings/ScorePoint";

const HEIGHT = 180;
const MARGIN = { top: 8, right: 16, bottom: 28, left: 44 };
const DAY = 86_400_000;

interface Point {
  at: number;
  score: number;
}

function Chart({ trend, width }: { trend: ScorePoint[]; width: number }) {
  const data: Point[] = trend.map((p) => ({ at: Date.parse(`${p.day}T00:00:00Z`), score: p.possible > 0 ? (p.achieved / p.possible) * 100 : 0 }));
  const innerWidth = Math.max(0, width - MARGIN.left - MARGIN.right);
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const first = data[0]?.at ?? 0;
  const last = Math.max(data[data.length - 1]?.at ?? 0, first + DAY);
  const x = (at: number) => ((at - first) / (last - first)) * innerWidth;
  const y = (score: number) => innerHeight - (score / 100) * innerHeight;
  const ticks = Math.max(2, Math.min(data.length, Math.floor(innerWidth / 110)));
  const days = Array.from({ length: ticks }, (_, i) => first + Math.round(((last - first) * i) / (ticks - 1) / DAY) * DAY);
  const label = { fill: tokens.colorNeutralForeground2, fontSize: 11 };
  return (
    <svg width={width} height={HEIGHT} role="presentation">
      <Group left={MARGIN.left} top={MARGIN.top}>
        {[0, 50, 100].map((v) => (
          <g key={v}>
            <line x1={0} x2={innerWidth} y1={y(v)} y2={y(v)} stroke={tokens.colorNeutralStroke2} />
            <text x={-6} y={y(v) + 4} textAnchor="end" {...label}>{`${v}%`}</text>
          </g>
        ))}
        {[...new Set(days)].map((at, i, all) => (
          <text key={at} x={x(at)} y={innerHeight + 18} textAnchor={i === 0 ? "start" : i === all.length - 1 ? "end" : "middle"} {...label}>
            {new Date(at).toISOString().slice(0, 10)}
          </text>
        ))}
        <LinePath<Point> data={data} x={(d) => x(d.at)} y={(d) => y(d.score)} stroke={tokens.colorBrandForeground1} strokeWidth={2} />
        {data.length < 40 && data.map((d) => <circle key={d.at} cx={x(d.at)} cy={y(d.score)} r={3} fill={tokens.colorBrandForeground1} />)}
      </Group>
    </svg>
  );
}

export default function TrendChart({ trend }: { trend: ScorePoint[] }) {
  return <ParentSize debounceTime={50}>{({ width }) => (width > 0 ? <Chart trend={trend} width={width} /> : null)}</ParentSize>;
}
