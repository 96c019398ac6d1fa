import { defineCommand, runtimeOptionsOf } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { DATABASE_OPTIONS, DatabaseInput, OutputInput } from '../options.js';
import { writeJson, writeText } from '../output.js';

/** `pdm migrate`: creates or updates the tables. */
export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'create or update the database tables (safe to run again)',
  usage: 'pdm migrate [--database URL|DIR] [--schema NAME] [--pull-schema NAME]',
  details:
    'Creates the canonical tables, quarantine, checkpoints and enrichment cache, and data_pulls when the\n' +
    "connector has not created it (an existing data_pulls keeps its rows and gains this project's columns).",
  positionals: [],
  options: { ...DATABASE_OPTIONS },
  examples: ['pdm migrate', 'pdm migrate --database postgres://app@db.internal/providers'],
  schema: DatabaseInput.extend(OutputInput.shape),
  async action(input, io) {
    const runtime = await (await import('../runtime.js')).createRuntime(runtimeOptionsOf(input, io));
    try {
      const { applied } = runtime.migrated;
      if (input.json) {
        writeJson(io, { database: runtime.databaseLabel, ...runtime.schemas, applied });
      } else if (applied.length === 0) {
        writeText(io, `${runtime.databaseLabel}: already up to date`);
      } else {
        writeText(io, `${runtime.databaseLabel}: applied ${applied.join(', ')}`);
      }
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
});
