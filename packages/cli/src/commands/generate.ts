import path from 'node:path';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { GENERATED_SYSTEMS, type GeneratedPull, generatePull } from '../generators.js';
import { enumOption, intOption, numberOption, OutputInput } from '../options.js';
import { displayPath, formatCount, formatCounts, writeJson, writeText } from '../output.js';

/** The expected outcome of a generated pull, in one line. */
export function describeExpected(expected: GeneratedPull['expected']): string {
  const { rows, records } = expected;
  return (
    `records read ${formatCount(records.read)} (quarantined ${formatCount(records.quarantined)}); ` +
    `rows: ${formatCount(rows.practitioner)} practitioners, ${formatCount(rows.practice)} practices, ` +
    `${formatCount(rows.provider)} providers; quarantine: ${formatCounts(expected.quarantineByReason)}`
  );
}

/** `pdm generate`: writes a fake pull into a local folder laid out like the bucket. */
export const generateCommand = defineCommand({
  name: 'generate',
  summary: 'write a fake pull of Indian doctors and hospitals into a local folder laid out like the bucket',
  usage: 'pdm generate --system apollo|fortis --doctors N --cities N [--dirt R] [--seed S] [--out DIR]',
  details:
    'The same seed writes the same pull. --dirt is the share of records and files made bad on purpose\n' +
    '(missing fields, bad phones, broken lines, a cut-off file); the expected outcome is printed.',
  positionals: [],
  options: {
    system: { type: 'string', valueName: 'KEY', description: 'apollo or fortis' },
    doctors: { type: 'string', valueName: 'N', description: 'doctors in the pull' },
    cities: { type: 'string', valueName: 'N', description: 'cities (one or two files each)' },
    dirt: { type: 'string', valueName: 'R', description: 'share of dirty records, 0 to 1', defaultText: '0' },
    seed: { type: 'string', valueName: 'S', description: 'random seed, an integer', defaultText: '1' },
    timestamp: {
      type: 'string',
      valueName: 'TS',
      description: 'the pull timestamp, YYYYMMDDTHHMMSSZ',
      defaultText: '20261120T053000Z',
    },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'the folder (pdm process reads it with --store DIR)',
      defaultText: './.pdm/pulls',
    },
  },
  examples: [
    'pdm generate --system apollo --doctors 300 --cities 4 --dirt 0.05 --out ./pulls',
    'pdm generate --system fortis --doctors 100000 --cities 20 --seed 7 --json',
  ],
  schema: OutputInput.extend({
    system: enumOption('--system', GENERATED_SYSTEMS),
    doctors: intOption('--doctors', { max: 10_000_000 }),
    cities: intOption('--cities', { max: 500 }),
    dirt: numberOption('--dirt', 0, 1).default(0),
    seed: intOption('--seed', { min: 0 }).default(1),
    timestamp: z
      .string()
      .regex(/^\d{8}T\d{6}Z$/, { error: '--timestamp must be YYYYMMDDTHHMMSSZ, e.g. 20261120T053000Z' })
      .optional(),
    out: z.string().min(1, { error: '--out must be a folder' }).default('./.pdm/pulls'),
  }),
  async action(input, io) {
    const dir = path.resolve(io.cwd, input.out);
    const generated = await generatePull(input.system, {
      seed: input.seed,
      doctors: input.doctors,
      cities: input.cities,
      dirt: input.dirt,
      timestamp: input.timestamp,
      dir,
    });
    if (input.json) {
      writeJson(io, { system: input.system, dir, ...generated });
      return ExitCode.ok;
    }
    const shown = displayPath(dir, io.cwd);
    writeText(
      io,
      [
        `Wrote ${input.system} pull ${generated.pullTimestamp}: ${generated.expected.files} files under ${shown}`,
        `Expected: ${describeExpected(generated.expected)}`,
        `Register it: pdm register --system ${input.system} --timestamp ${generated.pullTimestamp} --type full`,
      ].join('\n'),
    );
    return ExitCode.ok;
  },
});
