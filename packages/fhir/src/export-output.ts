import path from 'node:path';
import type { FhirResource, ResourceType } from './fhir-resources.js';
import { openTextFile, type TextFile } from './text-file.js';

/** One file an export wrote, as a Bulk Data manifest lists it. */
export interface ExportFile {
  /** The resource type of an NDJSON file; `Bundle` for a transaction Bundle. */
  type: ResourceType | 'Bundle';
  /** The file name, relative to the output folder. */
  url: string;
  /** Resources in it (a Bundle's entries). */
  count: number;
}

/** Where an export's resources go, a page at a time. */
export interface ResourceOutput {
  write(resources: readonly FhirResource[]): Promise<void>;
  /** Finishes every file; lists them. */
  close(): Promise<ExportFile[]>;
}

/**
 * Bulk Data NDJSON: one file per resource type (`Practitioner.ndjson`, …),
 * one resource per line, opened when its first resource arrives.
 */
export function ndjsonOutput(dir: string): ResourceOutput {
  const files = new Map<ResourceType, { file: TextFile; count: number }>();
  return {
    async write(resources) {
      const lines = new Map<ResourceType, string[]>();
      for (const resource of resources) {
        const list = lines.get(resource.resourceType);
        if (list) list.push(JSON.stringify(resource));
        else lines.set(resource.resourceType, [JSON.stringify(resource)]);
      }
      for (const [type, list] of lines) {
        let entry = files.get(type);
        if (!entry) {
          entry = { file: openTextFile(path.join(dir, `${type}.ndjson`)), count: 0 };
          files.set(type, entry);
        }
        entry.count += list.length;
        await entry.file.write(`${list.join('\n')}\n`);
      }
    },
    async close() {
      const out: ExportFile[] = [];
      for (const [type, { file, count }] of files) {
        await file.close();
        out.push({ type, url: path.basename(file.path), count });
      }
      return out;
    },
  };
}

/** `bundle-000001.json`. */
export function bundleFileName(index: number): string {
  return `bundle-${String(index).padStart(6, '0')}.json`;
}

/**
 * FHIR transaction Bundles of at most `size` entries each, one per file, in
 * the order the resources come (a resource after those it references, so
 * that posting the files in order never references one not yet posted).
 * Each entry is a `PUT Type/id`: posting an export twice changes nothing.
 */
export function bundleOutput(dir: string, size: number): ResourceOutput {
  const written: ExportFile[] = [];
  let entries: string[] = [];
  const flush = async () => {
    if (entries.length === 0) return;
    const url = bundleFileName(written.length + 1);
    const file = openTextFile(path.join(dir, url));
    await file.write(`{"resourceType":"Bundle","type":"transaction","entry":[\n${entries.join(',\n')}\n]}\n`);
    await file.close();
    written.push({ type: 'Bundle', url, count: entries.length });
    entries = [];
  };
  return {
    async write(resources) {
      for (const resource of resources) {
        const request = { method: 'PUT', url: `${resource.resourceType}/${resource.id}` };
        entries.push(JSON.stringify({ resource, request }));
        if (entries.length >= size) await flush();
      }
    },
    async close() {
      await flush();
      return written;
    },
  };
}
