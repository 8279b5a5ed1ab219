/**
 * pptxgenjs stamps the document with the clock twice: the created and modified dates in
 * docProps/core.xml, and the date of every file in the zip. Both are set to one given instant
 * (the figures' as-of), and the zip is written again, so the same figures give the same bytes and
 * a deck says when its numbers are from rather than when a process happened to run.
 */
import JSZip from "jszip";

const W3CDTF = /(<dcterms:(created|modified) xsi:type="dcterms:W3CDTF">)[^<]*(<\/dcterms:\2>)/g;

export async function stablePptx(pptx: Buffer, createdAt: string): Promise<Buffer> {
  const instant = new Date(createdAt);
  if (Number.isNaN(instant.getTime())) throw new Error(`deck date "${createdAt}" is not an ISO instant`);
  const stamp = instant.toISOString().replace(/\.\d{3}Z$/, "Z");
  const zip = await JSZip.loadAsync(pptx);
  const core = zip.file("docProps/core.xml");
  if (core) zip.file("docProps/core.xml", (await core.async("string")).replace(W3CDTF, `$1${stamp}$3`));
  // zip entry dates have a 2-second grain and no zone; jszip writes them from the UTC fields
  for (const entry of Object.values(zip.files)) entry.date = instant;
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
}
