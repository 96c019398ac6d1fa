import { z } from 'zod';
import { defineCommand, runtimeOptionsOf } from '../command.js';
import { CliError, ExitCode, UsageError } from '../exit-codes.js';
import { DATABASE_OPTIONS, DatabaseInput, intOption, isEmbedded, OutputInput } from '../options.js';
import { formatCount, renderTable, writeJson, writeText } from '../output.js';

const ACTIONS = ['run', 'review', 'link', 'unlink', 'explain'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (name: string) =>
  z
    .string()
    .refine((id) => UUID.test(id), {
      error: (issue) => `<${name}> must be a UUID, got ${JSON.stringify(issue.input)}`,
    })
    .optional();

/** `pdm identity run|review|link|unlink|explain`: one person across health systems. */
export const identityCommand = defineCommand({
  name: 'identity',
  summary: 'link practitioners of all health systems into persons; review, override and explain the links',
  usage:
    'pdm identity run [--full] [--pull ID] | review [--limit N] | link <a> <b> | unlink <a> [<b>] | explain <id>',
  details:
    'run: decide the practitioners changed since the last run (or of one pull); --full decides every one again\n' +
    'and keeps the ids of existing persons. review: the pairs waiting for a person. link / unlink: a must-link\n' +
    'or cannot-link override of two practitioners (unlink with one: away from every other member of its\n' +
    "person), respected by every later run. explain: the members of a person (or of a practitioner's person)\n" +
    'and why each is there.',
  positionals: [
    { name: 'action', description: `one of ${ACTIONS.join(', ')}` },
    {
      name: 'first',
      description: 'a practitioner id (link, unlink), or a person or practitioner id (explain)',
    },
    { name: 'second', description: 'the other practitioner id (link, unlink)' },
  ],
  options: {
    full: { type: 'boolean', description: 'run: a full rebuild instead of an incremental run' },
    pull: {
      type: 'string',
      valueName: 'ID',
      description: 'run: only the practitioners last seen in this pull',
    },
    limit: { type: 'string', valueName: 'N', description: 'review: most pairs shown', defaultText: '20' },
    note: { type: 'string', valueName: 'TEXT', description: 'link, unlink: why, for the next reviewer' },
    ...DATABASE_OPTIONS,
  },
  examples: [
    'pdm identity run --full',
    'pdm identity run --pull f3e51f05-6517-4099-b216-d7850fd6a418',
    'pdm identity review --limit 50 --json',
    'pdm identity link "$APOLLO_ID" "$FORTIS_ID" --note "same registration, typo at Fortis"',
    'pdm identity explain "$PRACTITIONER_ID"',
  ],
  schema: DatabaseInput.extend(OutputInput.shape).extend({
    action: z.enum(ACTIONS, { error: `give an action: ${ACTIONS.join(', ')}` }),
    first: uuid('first'),
    second: uuid('second'),
    full: z.boolean().optional(),
    pull: uuid('pull'),
    limit: intOption('--limit', { max: 10_000 }).default(20),
    note: z.string().max(1000, { error: '--note must be at most 1000 characters' }).optional(),
  }),
  async action(input, io) {
    if (
      (input.action === 'link' && !input.second) ||
      (['link', 'unlink', 'explain'].includes(input.action) && !input.first)
    )
      throw new UsageError(
        `pdm identity ${input.action} needs ${input.action === 'link' ? 'two practitioner ids' : 'an id'}`,
      );
    const identity = await import('@provider-data/identity');
    const runtime = await (await import('../runtime.js')).createRuntime(
      runtimeOptionsOf(input, io, { migrate: isEmbedded(input.database) }),
    );
    const db = runtime.database.db;
    const schema = runtime.schemas.schema;
    try {
      switch (input.action) {
        case 'run': {
          const result = await identity.resolveIdentities(db, {
            schema,
            mode: input.full ? 'full' : 'incremental',
            ...(input.pull ? { pullId: input.pull } : {}),
          });
          if (input.json) {
            writeJson(io, result);
            return ExitCode.ok;
          }
          writeText(
            io,
            `Identity (${result.mode}, model ${result.model.source}): ${formatCount(result.practitioners.decided)} practitioners decided ` +
              `(${formatCount(result.practitioners.changed)} changed), ${formatCount(result.pairs.compared)} pairs compared, ` +
              `${formatCount(result.pairs.linked)} linked, ${formatCount(result.pairs.review)} to review; ` +
              `${formatCount(result.persons)} persons of two or more.`,
          );
          return ExitCode.ok;
        }
        case 'review': {
          const { items, total } = await identity.listReview(db, { schema, limit: input.limit });
          if (input.json) {
            writeJson(io, { total, items });
            return ExitCode.ok;
          }
          if (total === 0) {
            writeText(io, 'No pairs to review.');
            return ExitCode.ok;
          }
          writeText(
            io,
            renderTable(items, [
              { header: 'probability', value: (r) => r.matchProbability.toFixed(3) },
              {
                header: 'a',
                value: (r) => `${r.practitionerA.healthSystem} ${r.practitionerA.displayName}`,
                max: 30,
              },
              {
                header: 'b',
                value: (r) => `${r.practitionerB.healthSystem} ${r.practitionerB.displayName}`,
                max: 30,
              },
              { header: 'reason', value: (r) => r.reason },
              { header: 'evidence', value: (r) => r.evidence.summary ?? '', max: 60 },
            ]),
          );
          writeText(
            io,
            `${formatCount(items.length)} of ${formatCount(total)} pairs; decide with pdm identity link|unlink <a> <b>.`,
          );
          return ExitCode.ok;
        }
        case 'link':
        case 'unlink': {
          const first = input.first as string;
          let separated: string[] = [];
          if (input.second) {
            await identity.addOverride(db, {
              schema,
              practitioners: [first, input.second],
              kind: input.action === 'link' ? 'must_link' : 'cannot_link',
              ...(input.note ? { note: input.note } : {}),
            });
            separated = input.action === 'unlink' ? [input.second] : [];
          } else {
            separated = await identity.unlinkPractitioner(db, {
              schema,
              practitioner: first,
              ...(input.note ? { note: input.note } : {}),
            });
          }
          const what =
            input.action === 'link'
              ? `${first} and ${input.second} must be one person`
              : `${first} is kept apart from ${separated.length} practitioner(s)`;
          if (input.json)
            writeJson(io, {
              action: input.action,
              practitioner: first,
              other: input.second ?? null,
              separated,
            });
          else writeText(io, `Recorded: ${what}; the next pdm identity run applies it.`);
          return ExitCode.ok;
        }
        case 'explain': {
          const person = await identity.explainPerson(db, { schema, id: input.first as string });
          if (input.json) {
            writeJson(io, person);
            return ExitCode.ok;
          }
          writeText(
            io,
            `Person ${person.personId}${person.mergedInto ? ' (merged from the one asked for)' : ''}: ${person.members.length} practitioners`,
          );
          writeText(
            io,
            renderTable(person.members, [
              { header: 'system', value: (m) => m.healthSystem },
              { header: 'source id', value: (m) => m.sourceId, max: 18 },
              { header: 'name', value: (m) => m.displayName, max: 30 },
              { header: 'registration', value: (m) => m.registration ?? '', max: 34 },
              { header: 'method', value: (m) => m.method },
              { header: 'why', value: (m) => m.evidence, max: 70 },
            ]),
          );
          return ExitCode.ok;
        }
      }
    } catch (error) {
      if (error instanceof identity.IdentityError) {
        throw new CliError(
          error.message,
          error.code === 'same_practitioner' ? ExitCode.usage : ExitCode.notFound,
          error.code,
        );
      }
      throw error;
    } finally {
      await runtime.close();
    }
  },
});
