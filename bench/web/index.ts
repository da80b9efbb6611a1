import { rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/build-web.ts';
import { openDatabase } from '../../src/db/database.ts';
import { WEB_DIST } from '../../src/http/web-app.ts';
import { launchChromium } from '../../test/web/chromium.ts';
import { runNode } from '../api/children.ts';
import {
  type BenchDatabase,
  type DatabaseName,
  DEFAULT_ADMIN_URL,
  embeddedDatabase,
  postgresDatabase,
} from '../api/databases.ts';
import { startKassa } from '../api/kassa.ts';
import { onInterrupt } from '../cleanup.ts';
import { cpuSeconds } from './cpu.ts';
import { seedAccounts, seededAccount } from './seed.ts';

const CLI = 'src/cli.ts';
const EMAIL = 'bench@example.com';
/** The baseline: a page of the same server, through the same static handler as the app's own files. */
const BARE = 'bench-bare.html';
const SEARCH_LABEL = 'Search by code, name, e-mail or VAT number';
// Each search a word of the seed's second list (index 2 … 6): its first account in creation order is the 10·k-th.
const WORDS = ['Revision', 'Data', 'Tømrer', 'Café', 'Klinik'];

export interface WebFigure {
  database: DatabaseName;
  accounts: number;
  /** medians of the runs, milliseconds */
  bareColdMs: number;
  bareWarmMs: number;
  listColdMs: number;
  listWarmMs: number;
  searchNumberMs: number;
  searchWordMs: number;
  /** the API's answers the page waits for, timed from the bench (same session), milliseconds */
  apiListMs: number;
  apiSearchNumberMs: number;
  apiSearchWordMs: number;
  /** CPU used by the browser and by the server for the list's load again and for a search (medians) */
  cpuListMs: { browser: number; server: number };
  cpuSearchMs: { browser: number; server: number };
  /** the JavaScript files the accounts page fetched on a first load, gzipped */
  scripts: number;
  scriptKb: number;
  /** the machine's load average over the last minute when the runs ended, and its cores */
  load: number;
  cores: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
}

/** The organization, a person to sign in as (the password kassa printed) and N accounts, set-based. */
async function prepare(db: BenchDatabase, n: number): Promise<string> {
  await runNode(
    [CLI, 'org', 'create', 'bench', '--name', 'Bench ApS', '--country', 'DK', '--currency', 'DKK'],
    db.env,
  );
  const out = await runNode(
    [CLI, 'user', 'create', '--org', 'bench', '--email', EMAIL, '--role', 'viewer', '--language', 'en'],
    db.env,
  );
  const password = out.trim().split('\n').at(-1)?.trim();
  if (!password) throw new Error(`user create printed no password:\n${out}`);
  const handle = await openDatabase(
    db.env.DATABASE_URL ? { url: db.env.DATABASE_URL } : { dataDir: db.env.KASSA_DATA_DIR ?? '' },
  );
  try {
    const { rows } = await sql<{ id: string }>`select id from organizations where slug = 'bench'`.execute(
      handle.db,
    );
    await seedAccounts(handle.db, rows[0]!.id, n);
  } finally {
    await handle.close();
  }
  return password;
}

const cell = (page: Page, code: string) => page.getByRole('cell', { name: code, exact: true }).first();

/** From the address typed to the first page of rows on screen. */
function openList(page: Page): Promise<number> {
  return timed(async () => {
    await page.goto('/accounts');
    await cell(page, seededAccount(1).code).waitFor();
  });
}

function openBare(page: Page): Promise<number> {
  return timed(async () => {
    await page.goto(`/${BARE}`);
    await page.getByText('kassa bench').waitFor();
  });
}

/** On the list's first page: from the text typed into its search box to the first account it finds on screen. */
function search(page: Page, text: string, firstCode: string): Promise<number> {
  return timed(async () => {
    await page.getByLabel(SEARCH_LABEL).fill(text);
    // The first page of the whole list is gone, the search's first account is there.
    await cell(page, seededAccount(1).code).waitFor({ state: 'detached' });
    await cell(page, firstCode).waitFor();
  });
}

async function signedIn(browser: Browser, url: string, password: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: url,
    locale: 'en-GB',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel(/^E-mail/).fill(EMAIL);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((address) => address.pathname !== '/sign-in');
  await page.close();
  return context;
}

async function measure(database: DatabaseName, n: number, runs: number): Promise<WebFigure> {
  const db =
    database === 'postgres'
      ? await postgresDatabase(process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL)
      : await embeddedDatabase();
  const unregister = onInterrupt(() => db.dispose());
  let browser: Browser | undefined;
  let stopServer = async () => {};
  try {
    const password = await prepare(db, n);
    const server = await startKassa(db.env);
    stopServer = server.stop;
    browser = await launchChromium();
    const session = await (await signedIn(browser, server.url, password)).storageState();
    // A first load: a new profile (empty cache) with the session's cookie; its scripts are counted.
    const fresh = () =>
      browser!.newContext({
        baseURL: server.url,
        locale: 'en-GB',
        storageState: session,
        viewport: { width: 1280, height: 800 },
      });
    const scriptBytes = new Map<string, number>();
    const bareCold: number[] = [];
    const listCold: number[] = [];
    const bareWarm: number[] = [];
    const listWarm: number[] = [];
    const searchNumber: number[] = [];
    const searchWord: number[] = [];
    const apiList: number[] = [];
    const apiNumber: number[] = [];
    const apiWord: number[] = [];
    const cpuList: { browser: number; server: number }[] = [];
    const cpuSearch: { browser: number; server: number }[] = [];
    const cpuOf = async (work: () => Promise<number>) => {
      const before = cpuSeconds(server.pid);
      const ms = await work();
      const after = cpuSeconds(server.pid);
      const used = {
        browser: Math.round((after.browser - before.browser) * 1000),
        server: Math.round((after.server - before.server) * 1000),
      };
      return { ms, used };
    };
    for (let run = 0; run <= runs; run++) {
      const context = await fresh();
      const page = await context.newPage();
      if (run === 0)
        page.on('response', async (response) => {
          if (response.request().resourceType() !== 'script') return;
          scriptBytes.set(response.url(), gzipSync(await response.body()).length);
        });
      const coldBare = await openBare(page);
      const coldList = await openList(page);
      const warmBare = await openBare(page);
      const { ms: warmList, used: listUsed } = await cpuOf(() => openList(page));
      const g = 70_000 + run * 1_111;
      await openList(page);
      const { ms: number, used: searchUsed } = await cpuOf(() =>
        search(page, String(g), seededAccount(g).code),
      );
      await openList(page);
      const word = await search(
        page,
        WORDS[run % WORDS.length]!,
        seededAccount(10 * ((run % WORDS.length) + 2)).code,
      );
      const api = (query: string) =>
        timed(async () => {
          const answer = await context.request.get(`/api/v1/accounts/${query}`);
          if (!answer.ok()) throw new Error(`GET /api/v1/accounts/${query} answered ${answer.status()}`);
        });
      apiList.push(await api(''));
      apiNumber.push(await api(`?search=${g + 1}`));
      apiWord.push(await api(`?search=${WORDS[(run + 1) % WORDS.length]}`));
      await context.close();
      if (run === 0) {
        // The first run warms the server, the database and the browser: only its scripts count.
        apiList.length = 0;
        apiNumber.length = 0;
        apiWord.length = 0;
        continue;
      }
      cpuList.push(listUsed);
      cpuSearch.push(searchUsed);
      bareCold.push(coldBare);
      listCold.push(coldList);
      bareWarm.push(warmBare);
      listWarm.push(warmList);
      searchNumber.push(number);
      searchWord.push(word);
    }
    return {
      database,
      accounts: n,
      bareColdMs: median(bareCold),
      bareWarmMs: median(bareWarm),
      listColdMs: median(listCold),
      listWarmMs: median(listWarm),
      searchNumberMs: median(searchNumber),
      searchWordMs: median(searchWord),
      apiListMs: median(apiList),
      apiSearchNumberMs: median(apiNumber),
      apiSearchWordMs: median(apiWord),
      cpuListMs: {
        browser: median(cpuList.map((c) => c.browser)),
        server: median(cpuList.map((c) => c.server)),
      },
      cpuSearchMs: {
        browser: median(cpuSearch.map((c) => c.browser)),
        server: median(cpuSearch.map((c) => c.server)),
      },
      scripts: scriptBytes.size,
      scriptKb: Math.round([...scriptBytes.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024),
      load: Number(loadavg()[0]!.toFixed(1)),
      cores: cpus().length,
    };
  } finally {
    await browser?.close().catch(() => {});
    await stopServer();
    unregister();
    await db.dispose();
  }
}

function line(f: WebFigure): string {
  const slowest = Math.max(f.listColdMs, f.listWarmMs, f.searchNumberMs, f.searchWordMs);
  const met = slowest < 1000 && f.scriptKb < 400 ? 'met' : 'NOT met';
  return `${f.database.padEnd(8)} ${f.accounts} accounts | list first page: new profile ${f.listColdMs} ms, again ${f.listWarmMs} ms | search answered (300 ms debounce included): a number ${f.searchNumberMs} ms, a word ${f.searchWordMs} ms | the API alone: list ${f.apiListMs} ms, number ${f.apiSearchNumberMs} ms, word ${f.apiSearchWordMs} ms | CPU: list again browser ${f.cpuListMs.browser} ms + server ${f.cpuListMs.server} ms, number search browser ${f.cpuSearchMs.browser} ms + server ${f.cpuSearchMs.server} ms | baseline bare page: new profile ${f.bareColdMs} ms, again ${f.bareWarmMs} ms | first-load JS ${f.scripts} files ${f.scriptKb} kB gzipped | target < 1000 ms each, < 400 kB: ${met} | load ${f.load} on ${f.cores} cores${f.load > f.cores ? ' NOISY' : ''}`;
}

/** bench/README.md, "web". */
export async function runWebBench(): Promise<WebFigure[]> {
  const n = Number(process.env.BENCH_WEB_ACCOUNTS ?? 100_000);
  const runs = Number(process.env.BENCH_WEB_RUNS ?? 5);
  const databases = (process.env.BENCH_WEB_DATABASES ?? 'postgres,embedded').split(',') as DatabaseName[];
  if (webBuildIsStale()) await buildWeb();
  const bare = join(WEB_DIST, BARE);
  writeFileSync(bare, '<!doctype html><html lang="en"><title>kassa bench</title><p>kassa bench</p></html>\n');
  const unregister = onInterrupt(async () => rmSync(bare, { force: true }));
  const figures: WebFigure[] = [];
  try {
    for (const database of databases) {
      const figure = await measure(database, n, runs);
      console.log(line(figure));
      figures.push(figure);
    }
  } finally {
    unregister();
    rmSync(bare, { force: true });
  }
  return figures;
}
