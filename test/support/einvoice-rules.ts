import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The official e-invoice rules (CEN EN 16931, Peppol BIS, XRechnung) are not part of kassa: tests find
 * them in `../shared/einvoice` beside the repository, or where KASSA_EINVOICE_RULES points.
 */
export const RULES_DIR = resolve(
  process.env.KASSA_EINVOICE_RULES ?? resolve(import.meta.dirname, '../../../shared/einvoice'),
);
const SAXON_JAR = process.env.SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar';

/** Why the rules cannot run here, or null when they can. */
export function rulesUnavailable(): string | null {
  if (!existsSync(join(RULES_DIR, 'validate')))
    return `the official e-invoice rules are not at ${RULES_DIR} (set KASSA_EINVOICE_RULES): conformance NOT checked`;
  if (!existsSync(SAXON_JAR))
    return `Saxon HE is not at ${SAXON_JAR} (apt-get install default-jre-headless libsaxonhe-java): conformance NOT checked`;
  return null;
}

export type Profile = 'peppol' | 'xrechnung' | 'cen';
export interface Finding {
  flag: 'fatal' | 'warning';
  id: string;
  text: string;
}

/** The stylesheets `validate` runs for a syntax and profile: the CEN rules, then the profile's. */
function sheets(syntax: 'ubl' | 'cii', profile: Profile): string[] {
  const upper = syntax.toUpperCase();
  const cen = join(RULES_DIR, 'cen', `EN16931-${upper}-validation.xslt`);
  if (profile === 'cen') return [cen];
  return [
    cen,
    profile === 'peppol'
      ? join(RULES_DIR, 'peppol', `PEPPOL-EN16931-${upper}.xsl`)
      : join(RULES_DIR, 'xrechnung', syntax, `XRechnung-${upper}-validation.xsl`),
  ];
}

/**
 * Runs the same stylesheets as `validate`, batched: one JVM per stylesheet over a folder of documents
 * (Saxon's directory mode), the stylesheets side by side. Findings are read from the SVRL as
 * `validate` reads them: a failed assertion flagged warning or information is a warning, any other
 * (fatal, or unflagged) is fatal.
 */
export async function validateBatch(
  documents: { name: string; xml: string; profile: Profile }[],
): Promise<Map<string, Finding[]>> {
  const work = mkdtempSync(join(tmpdir(), 'kassa-einvoice-'));
  const findings = new Map<string, Finding[]>(documents.map((d) => [d.name, []]));
  try {
    const groups = new Map<string, { syntax: 'ubl' | 'cii'; profile: Profile }>();
    for (const doc of documents) {
      const syntax = /<([A-Za-z0-9]+:)?CrossIndustryInvoice[\s>]/.test(doc.xml) ? 'cii' : 'ubl';
      const key = `${syntax}-${doc.profile}`;
      groups.set(key, { syntax, profile: doc.profile });
      mkdirSync(join(work, key, 'in'), { recursive: true });
      writeFileSync(join(work, key, 'in', `${doc.name}.xml`), doc.xml);
    }
    const jobs = [...groups].flatMap(([key, { syntax, profile }]) =>
      sheets(syntax, profile).map(async (sheet, index) => {
        const out = join(work, key, `out-${index}`);
        mkdirSync(out);
        await run(
          'java',
          [
            '-cp',
            SAXON_JAR,
            'net.sf.saxon.Transform',
            `-s:${join(work, key, 'in')}`,
            `-xsl:${sheet}`,
            `-o:${out}`,
          ],
          {
            maxBuffer: 64 * 1024 * 1024,
          },
        );
        for (const file of readdirSync(out)) {
          const name = file.replace(/\.xml$/, '');
          findings.get(name)!.push(...failedAssertions(readFileSync(join(out, file), 'utf8')));
        }
      }),
    );
    await Promise.all(jobs);
    return findings;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function failedAssertions(svrl: string): Finding[] {
  const found: Finding[] = [];
  for (const match of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)) {
    const attributes = match[1]!;
    const flag = /\bflag="([^"]*)"/.exec(attributes)?.[1] ?? '';
    const id = /\bid="([^"]*)"/.exec(attributes)?.[1] ?? '';
    const text = (/<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(match[2]!)?.[1] ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    found.push({ flag: flag === 'warning' || flag === 'information' ? 'warning' : 'fatal', id, text });
  }
  return found;
}

/** Runs the official `validate` script on one document: its exit code and output. */
export async function runValidateScript(
  xml: string,
  profile: Profile,
): Promise<{ exitCode: number; output: string }> {
  const work = mkdtempSync(join(tmpdir(), 'kassa-einvoice-'));
  const file = join(work, 'document.xml');
  writeFileSync(file, xml);
  try {
    const { stdout } = await run(join(RULES_DIR, 'validate'), [file, profile], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return { exitCode: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
