/**
 * Test data of this package: generated Apollo and Fortis pulls, processed
 * into the canonical tables by the real pipeline and sink, and the files of
 * an export read back.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRegistry, processPull } from '@provider-data/core';
import { createMemoryObjectStore, type MemoryObjectStore } from '@provider-data/core/testing';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { generateApolloPull } from '@provider-data/plugin-apollo/testing';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import { generateFortisPull } from '@provider-data/plugin-fortis/testing';
import {
  createPostgresPullStore,
  createPostgresSink,
  type Database,
  registerPull,
  type SchemaNames,
} from '@provider-data/sink-postgres';
import type { Kysely } from 'kysely';
import type { FhirResource } from '../src/index.js';

/** What to generate per health system. */
export interface PullSize {
  doctors: number;
  cities: number;
  dirt: number;
  seed: number;
  timestamp?: string;
}

/** The generated pull's files, to change before the pull is processed (a later delivery of the chain). */
export type PullEdit = (store: MemoryObjectStore, keys: readonly string[]) => Promise<void>;

/** Generates, registers and processes one full pull of `system`; its pull id. */
export async function loadPull(
  db: Kysely<Database>,
  schemas: SchemaNames,
  system: 'apollo' | 'fortis',
  size: PullSize,
  edit?: PullEdit,
): Promise<string> {
  const store = createMemoryObjectStore();
  const generate = system === 'apollo' ? generateApolloPull : generateFortisPull;
  const generated = await generate({ ...size, target: { store } });
  await edit?.(store, generated.keys);
  const pull = await registerPull(
    db,
    { healthSystem: system, pullTimestamp: generated.pullTimestamp, dataType: 'full' },
    schemas,
  );
  const result = await processPull({
    pullId: pull.pullId,
    registry: createRegistry().register(apolloPlugin).register(fortisPlugin),
    pullStore: createPostgresPullStore(db, schemas),
    sink: createPostgresSink(db, schemas),
    store,
  });
  if (result.status !== 'processed') throw new Error(`pull of ${system} ended ${result.status}`);
  return pull.pullId;
}

/** Every resource of an NDJSON export folder, by the file it was in. */
export async function readNdjsonExport(dir: string): Promise<Record<string, FhirResource[]>> {
  const out: Record<string, FhirResource[]> = {};
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.ndjson'))) {
    const text = await readFile(path.join(dir, name), 'utf8');
    out[name.replace('.ndjson', '')] = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FhirResource);
  }
  return out;
}

/** All resources of an export, whatever their file. */
export function allResources(byType: Record<string, FhirResource[]>): FhirResource[] {
  return Object.values(byType).flat();
}
