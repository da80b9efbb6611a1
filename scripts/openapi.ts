/**
 * Writes the OpenAPI document (default tmp/openapi.json) without a server or a database:
 * `npm run lint` lints it with Redocly.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { openApiDocument } from './openapi-document.ts';

const target = resolve(process.argv[2] ?? 'tmp/openapi.json');
await mkdir(dirname(target), { recursive: true });
await writeFile(target, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
