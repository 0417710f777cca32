import {
  Badge,
  Button,
  Field,
  Input,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
  Tooltip,
} from "@fluentui/react-components";
import { FolderOpen20Regular } from "@fluentui/react-icons";
import { open } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import type { ActionDetails } from "../../bindings/ActionDetails";
import type { EvidenceItem } from "../../bindings/EvidenceItem";
import { localDateTime, withTimeZone } from "../../format";
import { call } from "../../ipc";
import { DayField, validDay } from "./fields";
import { useFormStyles } from "./formStyles";
import { FormFooter } from "./FormFooter";
import { useActionChange } from "./useActionChange";

const useStyles = makeStyles({
  source: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
  grow: { flexGrow: 1 },
  period: { display: "grid", gridTemplateColumns: "repeat(3, 1fr)", gap: tokens.spacingHorizontalL },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: "break-all" },
  muted: { color: tokens.colorNeutralForeground2 },
  table: { marginTop: tokens.spacingVerticalL },
});

function period(e: EvidenceItem): string {
  const { effective_from: from, effective_to: to } = e.period;
  if (!from && !to) return "—";
  return `${from ?? "…"} to ${to ?? "…"}`;
}

function bytes(size: number | null): string {
  if (size === null) return "";
  return size < 1024 ? `${size} B` : size < 1024 * 1024 ? `${(size / 1024).toFixed(1)} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export function EvidenceSection({ details }: { details: ActionDetails }) {
  const styles = useStyles();
  const form = useFormStyles();
  const [source, setSource] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [expires, setExpires] = useState("");
  const change = useActionChange(details.assessment_uid, details.action_uid);
  const browse = async () => {
    const picked = await open({ multiple: false, directory: false, title: "Attach evidence" });
    if (typeof picked === "string") setSource(picked);
  };
  const valid = source.trim() !== "" && validDay(from) && validDay(to) && validDay(expires);
  return (
    <>
      <form
        className={form.form}
        aria-label="Attach evidence"
        onSubmit={(e) => {
          e.preventDefault();
          void change
            .run(() =>
              call("add_evidence", {
                assessment: details.assessment_uid,
                action: details.action_uid,
                source: source.trim(),
                period: { effective_from: from || null, effective_to: to || null, expires_on: expires || null },
              }),
            )
            .then((ok) => ok && setSource(""));
        }}
      >
        <div className={styles.source}>
          <Field className={styles.grow} label="File or link" hint="Choose a file (it is copied into Compliance Desk and fingerprinted) or paste an https:// link.">
            <Input value={source} onChange={(_, d) => setSource(d.value)} />
          </Field>
          <Button icon={<FolderOpen20Regular />} onClick={() => void browse()}>
            Browse…
          </Button>
        </div>
        <div className={styles.period}>
          <DayField label="Effective from" value={from} onChange={setFrom} />
          <DayField label="Effective to" value={to} onChange={setTo} />
          <DayField label="Expires" value={expires} onChange={setExpires} />
        </div>
        <FormFooter error={change.error} label="Attach evidence" disabled={!valid || change.busy} />
      </form>
      {details.evidence.length === 0 ? (
        <Text className={styles.muted}>No evidence yet. Attach the documents and screenshots an auditor would ask for.</Text>
      ) : (
        <Table aria-label="Evidence" size="small" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Evidence</TableHeaderCell>
              <TableHeaderCell>Effective period</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
              <TableHeaderCell>Fingerprint</TableHeaderCell>
              <TableHeaderCell>Added</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {details.evidence.map((e) => (
              <TableRow key={e.uid}>
                <TableCell>
                  <Text weight="semibold">{e.name}</Text> <Text className={styles.muted}>{e.kind === "file" ? bytes(e.size) : e.url}</Text>
                </TableCell>
                <TableCell>{period(e)}</TableCell>
                <TableCell>
                  {e.period.expires_on ?? "—"}{" "}
                  {e.expired && (
                    <Badge appearance="tint" color="severe" shape="rounded">
                      Expired: stale
                    </Badge>
                  )}
                  {e.expiring && (
                    <Badge appearance="tint" color="warning" shape="rounded">
                      Expires soon
                    </Badge>
                  )}
                </TableCell>
                <TableCell className={styles.mono}>{e.sha256 ? `SHA-256 ${e.sha256}` : "link"}</TableCell>
                <TableCell>
                  <Tooltip content={withTimeZone(e.added_at)} relationship="description">
                    <Text>
                      {e.added_by}, {localDateTime(e.added_at)}
                    </Text>
                  </Tooltip>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
