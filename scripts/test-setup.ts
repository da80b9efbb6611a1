// The system programs the test suite uses, found or installed before `npm test` runs (its `pretest`
// step; `.ci/run` runs the same through `npm test`). Where an npm package does the job (reading PDF
// text: pdf.js), the suite uses it instead; what is left is a system program on purpose:
//   xmllint   a partner XML test checks that our XSD agrees with libxml2's own command-line validator;
//   chromium  the browser tests drive Debian's Chromium (playwright-core never downloads a browser);
//   java, Saxon HE  the e-invoice conformance tests run the official EN 16931 / Peppol / XRechnung rules;
//   pdfdetach  the ZUGFeRD test extracts the XML from the PDF with poppler's own tool.
// Missing ones are installed with apt-get when this runs as root on a Debian-like system; otherwise it
// stops at once with one message naming the packages and the command. KASSA_SKIP_TEST_SETUP=1 skips it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Tool {
  /** What is looked for: a command on the PATH or a file. */
  found: () => boolean;
  name: string;
  packages: string[];
}

const onPath = (command: string) => () =>
  spawnSync('/bin/sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const TOOLS: Tool[] = [
  { name: 'xmllint', found: onPath('xmllint'), packages: ['libxml2-utils'] },
  { name: 'chromium', found: () => existsSync('/usr/bin/chromium'), packages: ['chromium'] },
  { name: 'java', found: onPath('java'), packages: ['default-jre-headless'] },
  {
    name: 'Saxon HE',
    found: () => existsSync('/usr/share/java/Saxon-HE.jar'),
    packages: ['libsaxonhe-java'],
  },
  { name: 'pdfdetach', found: onPath('pdfdetach'), packages: ['poppler-utils'] },
];

function main(): number {
  if (process.env.KASSA_SKIP_TEST_SETUP === '1') return 0;
  const missing = TOOLS.filter((tool) => !tool.found());
  if (missing.length === 0) return 0;
  const packages = [...new Set(missing.flatMap((tool) => tool.packages))];
  const names = missing.map((tool) => tool.name).join(', ');
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const root = process.getuid?.() === 0;
  if (root && onPath('apt-get')()) {
    process.stderr.write(`test setup: installing ${names} (${packages.join(' ')}) with apt-get\n`);
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      process.stderr.write(`test setup: apt-get failed; install them yourself: ${command}\n`);
      return 1;
    }
    const still = missing.filter((tool) => !tool.found());
    if (still.length === 0) return 0;
    process.stderr.write(`test setup: still missing after apt-get: ${still.map((t) => t.name).join(', ')}\n`);
    return 1;
  }
  process.stderr.write(
    `The test suite needs ${names}, which this machine lacks.\nInstall them (as root, on Debian or Ubuntu): ${command}\nThen run npm test again.\n`,
  );
  return 1;
}

process.exitCode = main();
