import type { Config } from './config.ts';
import type { Services } from './context.ts';
import { lockDataDir } from './db/data-dir-lock.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { integrationsFromConfig } from './integrations.ts';

export interface Runtime {
  services: Services;
  handle: DatabaseHandle;
  appliedMigrations: string[];
  close(): Promise<void>;
}

/**
 * Opens the configured database (locking the data folder when it is the embedded one), brings its
 * schema up to date, and answers the services every command and the server share.
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    release();
    throw error;
  }
  try {
    const appliedMigrations = await migrate(handle);
    return {
      services: {
        db: handle.db,
        clock: config.clock,
        integrations: integrationsFromConfig(config),
        webhooks: { allowPrivate: config.webhooksAllowPrivate },
      },
      handle,
      appliedMigrations,
      async close() {
        await handle.close();
        release();
      },
    };
  } catch (error) {
    await handle.close();
    release();
    throw error;
  }
}
