// Reading the charts of an .xlsx package back for tests: which sheet each chart's drawing hangs on, the
// ranges its series refer to and the values cached with them, and what openpyxl makes of the file.
import { spawnSync } from 'node:child_process';
import JSZip from 'jszip';

export interface ChartSeen {
  /** xl/charts/chartN.xml */
  part: string;
  /** The name of the sheet whose drawing holds the chart. */
  sheet: string;
  xml: string;
  title: string;
  categories: { ref: string; cached: string[] };
  series: { nameRef: string; name: string; ref: string; cached: (number | null)[] }[];
}

const all = (xml: string, re: RegExp): RegExpExecArray[] => [...xml.matchAll(new RegExp(re.source, 'g'))];
const unescape = (t: string): string => t.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const relsOf = (xml: string): Map<string, string> => new Map(all(xml, /<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/).map((m) => [m[1], m[2]]));

function resolve(from: string, target: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

function points(cache: string, count: number): (string | null)[] {
  const out: (string | null)[] = Array.from({ length: count }, () => null);
  for (const m of all(cache, /<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/)) out[Number(m[1])] = unescape(m[2]);
  return out;
}

/** A c:strRef (reference and cache) or, for a name given as text, a c:v (ref ''). */
function strRef(xml: string): { ref: string; cached: string[] } {
  const literal = /^<c:v>([^<]*)<\/c:v>$/.exec(xml);
  if (literal) return { ref: '', cached: [unescape(literal[1])] };
  const ref = unescape(/<c:f>([^<]*)<\/c:f>/.exec(xml)![1]);
  const count = Number(/<c:ptCount val="(\d+)"\/>/.exec(xml)![1]);
  return { ref, cached: points(xml, count).map((v) => v ?? '') };
}

/** Every chart of the package, followed from the workbook's sheets through their drawings. */
export async function chartsIn(bytes: ArrayBuffer | Uint8Array): Promise<ChartSeen[]> {
  const zip = await JSZip.loadAsync(bytes);
  const text = async (name: string): Promise<string | null> => (await zip.file(name)?.async('string')) ?? null;
  const workbook = (await text('xl/workbook.xml'))!;
  const workbookRels = relsOf((await text('xl/_rels/workbook.xml.rels'))!);
  const out: ChartSeen[] = [];
  for (const m of all(workbook, /<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/)) {
    const sheetPart = resolve('xl/workbook.xml', workbookRels.get(m[2])!.replace(/^\/xl\//, ''));
    const sheetXml = (await text(sheetPart))!;
    const drawingId = /<drawing r:id="([^"]+)"\/>/.exec(sheetXml)?.[1];
    if (!drawingId) continue;
    const sheetRels = relsOf((await text(sheetPart.replace(/([^/]+)$/, '_rels/$1.rels')))!);
    const drawingPart = resolve(sheetPart, sheetRels.get(drawingId)!);
    const drawingRels = relsOf((await text(drawingPart.replace(/([^/]+)$/, '_rels/$1.rels')))!);
    const drawing = (await text(drawingPart))!;
    for (const c of all(drawing, /<c:chart [^>]*r:id="([^"]+)"/)) {
      const part = resolve(drawingPart, drawingRels.get(c[1])!);
      const xml = (await text(part))!;
      const series = all(xml, /<c:ser>([\s\S]*?)<\/c:ser>/).map((s) => {
        const name = strRef(/<c:tx>([\s\S]*?)<\/c:tx>/.exec(s[1])![1]);
        const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(s[1])![1];
        const count = Number(/<c:ptCount val="(\d+)"\/>/.exec(val)![1]);
        return {
          nameRef: name.ref,
          name: name.cached[0],
          ref: unescape(/<c:f>([^<]*)<\/c:f>/.exec(val)![1]),
          cached: points(val, count).map((v) => (v === null ? null : Number(v))),
        };
      });
      const cat = /<c:cat>([\s\S]*?)<\/c:cat>/.exec(xml);
      out.push({
        part,
        sheet: unescape(m[1]),
        xml,
        title: unescape(/<a:t>([^<]*)<\/a:t>/.exec(xml)?.[1] ?? ''),
        categories: cat ? strRef(cat[1]) : { ref: '', cached: [] },
        series,
      });
    }
  }
  return out;
}

/** What openpyxl reads of each sheet's charts: type, bar direction, series references. Fails if it cannot open the file. */
export function openpyxlCharts(file: string): Record<string, { type: string; barDir: string; series: string[]; categories: string | null }[]> {
  const script = [
    'import json, sys, openpyxl',
    'wb = openpyxl.load_workbook(sys.argv[1])',
    'out = {}',
    'for ws in wb.worksheets:',
    '    out[ws.title] = [{"type": type(c).__name__, "barDir": getattr(c, "type", ""), "series": [s.val.numRef.f for s in c.series],',
    '                      "categories": (c.series[0].cat.strRef.f if c.series and c.series[0].cat is not None and c.series[0].cat.strRef is not None else None)} for c in ws._charts]',
    'print(json.dumps(out, ensure_ascii=False))',
  ].join('\n');
  const run = spawnSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openpyxl could not open ${file}: ${run.stderr || run.error}`);
  return JSON.parse(run.stdout) as ReturnType<typeof openpyxlCharts>;
}

/** "'完成情况'!$G$3:$G$9" → its sheet and 0-based cell box. */
export function parseRef(ref: string): { sheet: string; top: number; left: number; bottom: number; right: number } {
  const m = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$/.exec(ref);
  if (!m) throw new Error(`not a range reference: ${ref}`);
  const col = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { sheet: m[1].replace(/''/g, "'"), top: Number(m[3]) - 1, left: col(m[2]), bottom: Number(m[5] ?? m[3]) - 1, right: col(m[4] ?? m[2]) };
}
