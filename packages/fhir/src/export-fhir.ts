import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@provider-data/sink-postgres';
import { type Kysely, sql } from 'kysely';
import { bundleOutput, type ExportFile, ndjsonOutput, type ResourceOutput } from './export-output.js';
import { type FhirReadOptions, intSetting, readSettings } from './export-options.js';
import type { ExportScope } from './export-scope.js';
import { RESOURCE_TYPES, type ResourceType } from './fhir-resources.js';
import { buildMembers, identityTablesExist } from './identity-members.js';
import { mappingContext } from './mapping-context.js';
import { resourcePages } from './resource-stream.js';
import { findSincePull, type SincePull } from './since-pull.js';

/** What an export read and wrote. */
export interface FhirExportSummary {
  /** When the export's snapshot of the database was taken (ISO 8601). */
  transactionTime: string;
  /** Resources written, per type. */
  counts: Record<ResourceType, number>;
  total: number;
  /** True when Practitioners are persons (identity's tables were found and used). */
  identity: boolean;
  healthSystem: string | null;
  /** The pull an incremental export started after; null for a full export. */
  since: { pullId: string; finishedAt: string } | null;
  durationMs: number;
}

/**
 * Reads the canonical tables in one repeatable-read snapshot and hands every
 * FHIR resource of the export to `output`, a page at a time, each resource
 * after those it references. Memory holds a page or two, whatever the size
 * of the tables. Use it to send resources somewhere other than files;
 * {@link exportFhir} writes them to a folder.
 *
 * ### Examples
 * ```ts
 * import { exportFhirResources } from '@provider-data/fhir';
 * import { createDatabase } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * let practitioners = 0;
 * await exportFhirResources(db, { healthSystem: 'apollo' }, {
 *   async write(resources) {
 *     practitioners += resources.filter((r) => r.resourceType === 'Practitioner').length;
 *   },
 *   async close() {
 *     return [];
 *   },
 * });
 * await close();
 * ```
 */
export async function exportFhirResources(
  db: Kysely<Database>,
  options: FhirReadOptions,
  output: ResourceOutput,
): Promise<FhirExportSummary & { files: ExportFile[] }> {
  const started = Date.now();
  const settings = readSettings(options);
  const context = mappingContext(options);
  const counts = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, 0])) as Record<ResourceType, number>;
  const read = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const conn = trx as unknown as Kysely<unknown>;
      const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(conn);
      const since: SincePull | undefined =
        settings.sincePullId === undefined
          ? undefined
          : await findSincePull(conn, settings.pullSchema, settings.sincePullId);
      const scope: ExportScope = { ...settings, since: since?.finishedAt, members: undefined };
      const identity = settings.identity === 'auto' && (await identityTablesExist(conn, settings.schema));
      if (identity) scope.members = await buildMembers(conn, scope);
      for await (const page of resourcePages(conn, scope, context)) {
        for (const resource of page) counts[resource.resourceType]++;
        await output.write(page);
      }
      return { transactionTime: new Date(rows[0]!.now), identity, since };
    });
  const files = await output.close();
  return {
    transactionTime: read.transactionTime.toISOString(),
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    identity: read.identity,
    healthSystem: settings.healthSystem ?? null,
    since: read.since ? { pullId: read.since.pullId, finishedAt: read.since.finishedAt.toISOString() } : null,
    durationMs: Date.now() - started,
    files,
  };
}

/** Options of {@link exportFhir}. */
export interface FhirExportOptions extends FhirReadOptions {
  /**
   * The folder to write into; created when missing. The files of an earlier
   * export there are replaced when this one succeeds, and kept when it fails.
   */
  out: string;
  /** Write transaction Bundles (`bundle-000001.json`, …) instead of NDJSON. */
  bundle?: boolean;
  /** Entries per Bundle. Default 500. */
  bundleSize?: number;
}

/** What {@link exportFhir} wrote: the summary, the folder and its files as the manifest lists them. */
export interface FhirExportResult extends FhirExportSummary {
  outDir: string;
  files: ExportFile[];
  /** `manifest.json`, written last: its presence means the export is complete. */
  manifest: string;
}

const EXPORT_FILE = /^(?:[A-Za-z]+\.ndjson|bundle-\d{6}\.json|manifest\.json)$/;

/**
 * Exports the canonical tables as FHIR R4: Bulk Data NDJSON, one file per
 * resource type (or transaction Bundles with `bundle`), and a Bulk Data
 * manifest. Full by default; with `sincePullId`, only what changed after
 * that pull finished (deactivated rows as `active: false`) together with
 * every resource those reference, so that each export is complete in
 * itself.
 *
 * ### Examples
 * ```ts
 * import { exportFhir } from '@provider-data/fhir';
 * import { createDatabase } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('postgres://app@db.internal:5432/providers');
 * const result = await exportFhir(db, { out: './fhir', healthSystem: 'apollo' });
 * console.log(result.counts.Practitioner, result.files.map((f) => f.url));
 * await close();
 * ```
 */
export async function exportFhir(
  db: Kysely<Database>,
  options: FhirExportOptions,
): Promise<FhirExportResult> {
  const bundleSize = intSetting('bundleSize', options.bundleSize, 500, 100_000);
  readSettings(options);
  const outDir = path.resolve(options.out);
  await mkdir(outDir, { recursive: true });
  // Written beside the folder's files and moved in at the end: a failed
  // export leaves the previous one as it was.
  const staging = await mkdtemp(path.join(outDir, '.export-'));
  try {
    const output = options.bundle ? bundleOutput(staging, bundleSize) : ndjsonOutput(staging);
    const { files, ...summary } = await exportFhirResources(db, options, output);
    for (const name of await readdir(outDir)) {
      if (EXPORT_FILE.test(name)) await rm(path.join(outDir, name));
    }
    for (const file of files) await rename(path.join(staging, file.url), path.join(outDir, file.url));
    const manifest = path.join(outDir, 'manifest.json');
    await writeFile(manifest, `${JSON.stringify(bulkDataManifest(summary, files, options), null, 2)}\n`);
    return { ...summary, outDir, files, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** A Bulk Data export manifest (the body of a completed `$export` status request), with relative file URLs. */
function bulkDataManifest(summary: FhirExportSummary, files: ExportFile[], options: FhirExportOptions) {
  const query = [
    summary.since ? `_since=${summary.since.finishedAt}` : '',
    `_type=${RESOURCE_TYPES.join(',')}`,
  ].filter(Boolean);
  return {
    transactionTime: summary.transactionTime,
    request: `${mappingContext(options).systems.baseUrl}/$export?${query.join('&')}`,
    requiresAccessToken: false,
    output: files,
    error: [],
    extension: {
      'https://provider-data.dev/fhir/export': {
        format: options.bundle ? 'transaction-bundle' : 'ndjson',
        healthSystem: summary.healthSystem,
        sincePull: summary.since?.pullId ?? null,
        identity: summary.identity,
        counts: summary.counts,
      },
    },
  };
}
