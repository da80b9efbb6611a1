import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * libxml2 (xmllint-wasm) against an XSD, in a worker thread of its own that is ended when it takes too
 * long: a document libxml2 spends unbounded time on costs at most `timeoutMs`, and the slot it held is
 * free again. We start xmllint-wasm's own worker script and speak its message protocol (the one its
 * `validateXML` uses), because `validateXML` gives no handle to end its worker.
 *
 * libxml2 gets `--nonet` and no `--noent`/`--loaddtd`: no entity substitution and no network. The caller
 * has refused every DTD before this runs, so no entity can be declared at all.
 */

const WORKER_SCRIPT = createRequire(import.meta.url).resolve('xmllint-wasm/xmllint-node.js');
const MESSAGE_KEY = 'xmllint-wasm';
// WebAssembly pages of 64 KiB: 16 MiB to start, 32 MiB at most (xmllint-wasm's defaults).
const INITIAL_MEMORY_PAGES = 256;
const MAX_MEMORY_PAGES = 512;

export type XsdValidation =
  | { outcome: 'valid' }
  | { outcome: 'invalid'; output: string }
  | { outcome: 'timed_out' };

export interface XsdInput {
  documentName: string;
  document: string;
  schemaName: string;
  schema: string;
  timeoutMs: number;
}

export function validateAgainstXsd(input: XsdInput): Promise<XsdValidation> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT);
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      settle();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => resolve({ outcome: 'timed_out' })), input.timeoutMs);
    worker.on('message', (data: { [MESSAGE_KEY]?: boolean; exitCode?: number; stderr?: string }) => {
      if (data?.[MESSAGE_KEY] !== true) return;
      const output = data.stderr ?? '';
      // xmllint exits 0 when the document validates, 3 or 4 when it does not (or is not XML at all).
      if (data.exitCode === 0) finish(() => resolve({ outcome: 'valid' }));
      else if (data.exitCode === 3 || data.exitCode === 4)
        finish(() => resolve({ outcome: 'invalid', output }));
      else finish(() => reject(new Error(`xmllint failed (exit ${data.exitCode}): ${output}`)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`the xmllint worker ended (exit ${code}) without an answer`))),
    );
    worker.postMessage({
      [MESSAGE_KEY]: true,
      inputFiles: [
        { fileName: input.documentName, contents: input.document },
        { fileName: input.schemaName, contents: input.schema },
      ],
      args: ['--nonet', '--noout', '--schema', input.schemaName, input.documentName],
      initialMemory: INITIAL_MEMORY_PAGES,
      maxMemory: MAX_MEMORY_PAGES,
    });
  });
}
