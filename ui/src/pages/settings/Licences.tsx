import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Card,
  makeStyles,
  SearchBox,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "../../components/PageHeader";

/** One licence text and the packages that ship under it (written by `.ci/licences`). */
export interface LicenceGroup {
  licence: string;
  text: string;
  packages: { name: string; version: string; ecosystem: "Rust" | "npm" }[];
}

const useStyles = makeStyles({
  card: { maxWidth: "960px", padding: tokens.spacingHorizontalL },
  text: { whiteSpace: "pre-wrap", fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, maxHeight: "320px", overflowY: "auto" },
});

/** Stable across filtering, so an open entry stays the same entry. */
const groupKey = (g: LicenceGroup) => `${g.licence} ${g.packages.map((p) => `${p.name}@${p.version}`).join(" ")}`;

/** The list is about 1 MB: a chunk of its own, loaded when this page opens. */
async function loadLicences(): Promise<LicenceGroup[]> {
  const list = await import("../../generated/third-party-licences.json?raw");
  return JSON.parse(list.default) as LicenceGroup[];
}

/** The third-party licences of everything the app ships, from Cargo and npm metadata. */
export function Licences() {
  const styles = useStyles();
  const [filter, setFilter] = useState("");
  const list = useQuery({ queryKey: ["third-party-licences"], queryFn: loadLicences, staleTime: Infinity });
  const needle = filter.trim().toLowerCase();
  const shown = (list.data ?? []).filter(
    (g) => !needle || g.licence.toLowerCase().includes(needle) || g.packages.some((p) => p.name.toLowerCase().includes(needle)),
  );
  // A package under two licences (texts of its own and a shared one) counts once.
  const packages = new Set((list.data ?? []).flatMap((g) => g.packages.map((p) => `${p.ecosystem} ${p.name}@${p.version}`))).size;
  return (
    <>
      <PageHeader title="Third-party licences" description="The open-source software inside Compliance Desk, and the licence each is used under." />
      <Card className={styles.card}>
        {list.isError && <Text role="alert">{String(list.error)}</Text>}
        {list.isPending && <Text>Loading the licences…</Text>}
        {list.data && (
          <>
            <Text>
              {packages} packages (Rust crates and npm packages) under {list.data.length} licence texts.
            </Text>
            <SearchBox placeholder="Find a package or licence" value={filter} onChange={(_, d) => setFilter(d.value)} aria-label="Find a package or licence" />
            <Accordion collapsible multiple>
              {shown.map((g) => (
                <AccordionItem key={groupKey(g)} value={groupKey(g)}>
                  <AccordionHeader>
                    {g.licence}: {g.packages.length === 1 ? g.packages.map((p) => `${p.name} ${p.version}`).join("") : `${g.packages.length} packages`}
                  </AccordionHeader>
                  <AccordionPanel>
                    <Text size={200}>{g.packages.map((p) => `${p.name} ${p.version} (${p.ecosystem})`).join(", ")}</Text>
                    <pre className={styles.text}>{g.text}</pre>
                  </AccordionPanel>
                </AccordionItem>
              ))}
            </Accordion>
          </>
        )}
      </Card>
    </>
  );
}
