import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/logger.js';
import { createMemoryObjectStore } from '../testing/memory-object-store.js';
import { testPull } from '../testing/run-plugin.js';
import { listPullFiles, NoDataFilesError } from './file-layout.js';

const prefix = 'acme/datapulls/20261120T053000Z/by_city/';
const layout = {
  match: (key: string) => /^([^/]+)\/doctors\.csv$/.exec(key) && { city: key.split('/')[0]! },
};

describe('listPullFiles', () => {
  it('matches keys relative to by_city/, in key order, and ignores the rest', async () => {
    const store = createMemoryObjectStore();
    for (const key of ['pune/doctors.csv', 'agra/doctors.csv', 'README.txt', 'agra/notes.txt']) {
      await store.put(prefix + key, 'x');
    }
    await store.put('acme/datapulls/20261120T053000Z/_manifest.json', '{}');
    const pull = testPull({ healthSystem: 'acme' });
    const files = await listPullFiles({ pull, store, logger: silentLogger }, layout);
    expect(files.map((f) => [f.relativeKey, f.city])).toEqual([
      ['agra/doctors.csv', 'agra'],
      ['pune/doctors.csv', 'pune'],
    ]);
  });

  it('fails a full pull with no data file, naming what it ignored; warns for an incremental one', async () => {
    const store = createMemoryObjectStore();
    // A layout written as if pullPrefix() did not already end in by_city/ matches nothing.
    await store.put(`${prefix}pune/doctors.csv`, 'x');
    const wrong = { match: (key: string) => (key.startsWith('by_city/') ? {} : null) };
    const full = testPull({ healthSystem: 'acme' });
    const error = await listPullFiles({ pull: full, store, logger: silentLogger }, wrong).catch((e) => e);
    expect(error).toBeInstanceOf(NoDataFilesError);
    expect(error).toMatchObject({ code: 'no_data_files', ignoredKeys: ['pune/doctors.csv'] });
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_: object, message?: string) => warnings.push(message ?? '') };
    const incremental = testPull({ healthSystem: 'acme', dataType: 'incremental' });
    expect(await listPullFiles({ pull: incremental, store, logger }, wrong)).toEqual([]);
    expect(warnings[0]).toMatch(/^no data files: none of the 1 keys/);
  });
});
