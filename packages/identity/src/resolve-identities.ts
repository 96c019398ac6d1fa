import { type CopyIn, postgresCopyIn } from '@provider-data/sink-postgres';
import { type Kysely, sql } from 'kysely';
import { candidatePairs, dropRunTables, selectAffected } from './candidate-pairs.js';
import { PersonClusters } from './clustering.js';
import { comparisonIndex } from './comparisons.js';
import { createScorer, DEFAULT_THRESHOLDS, describeEvidence, type Thresholds } from './decision.js';
import { DEFAULT_PARAMETERS, estimateParameters, type FellegiSunterParameters } from './fellegi-sunter.js';
import { refreshFeatures } from './refresh-features.js';
import { trainingPairs } from './training-pairs.js';
import { comparePairs, NodeIdentifierTable, randomPatterns } from './score-pairs.js';
import { num, tableOf } from './tables.js';
import { RunResultWriter, writePersons } from './write-persons.js';

/** Options of {@link resolveIdentities}. */
export interface ResolveOptions {
  /** Schema of the canonical tables and identity's. Default `provider_data`. */
  schema?: string;
  /** `full`: every practitioner decided again; `incremental`: those a pull inserted or changed, and their neighbours. */
  mode: 'full' | 'incremental';
  /** Incremental: only practitioners last seen in this pull are checked for changes. */
  pullId?: string;
  /**
   * The model: `estimate` (EM, as Splink; the default of a full run with
   * enough data), `stored` (the last full run's; the default of an
   * incremental run), or parameters given in config.
   */
  parameters?: 'estimate' | 'stored' | FellegiSunterParameters;
  thresholds?: Thresholds;
  /** Keys of a practitioner's `raw` record that may hold an HPR id. Default `['hprId', 'hpr_id']`. */
  hprIdFields?: readonly string[];
  /** A blocking key shared by more practitioners than this makes no pairs (a switchboard phone). Default 100. */
  blockSizeLimit?: number;
  /**
   * A name key (a name word with an initial in a city) shared by more
   * practitioners than this makes no pairs itself; its keys with the
   * practitioners' specialties do. Default 5.
   */
  nameBlockSizeLimit?: number;
  /**
   * PostgreSQL only: streams a `COPY … FROM STDIN` on a connection of the
   * pool's own. With it, the features of practitioners identity has not seen
   * yet are COPYed, and a refresh that more than doubles them builds the
   * table's secondary indexes afresh (4 to 5 times cheaper at 1,000,000).
   * Default: `postgresCopyIn(db)` of `@provider-data/sink-postgres`, a COPY
   * through the pool when `db` was made by its `createDatabase` or
   * `databaseFromPool`; on PGlite, or a Kysely instance made elsewhere, the
   * features are inserted a JSON batch at a time, as they are with `false`.
   * Give one to COPY through a pool of your own:
   *
   * ```ts
   * import { resolveIdentities } from '@provider-data/identity';
   * import { Kysely, PostgresDialect } from 'kysely';
   * import { Readable } from 'node:stream';
   * import { pipeline } from 'node:stream/promises';
   * import pg from 'pg';
   * import { from as copyFrom } from 'pg-copy-streams';
   *
   * const pool = new pg.Pool({ connectionString: 'postgres://app@db.internal:5432/providers' });
   * const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
   * await resolveIdentities(db, {
   *   mode: 'full',
   *   copy: async (statement, chunks) => {
   *     const client = await pool.connect();
   *     try {
   *       await pipeline(Readable.from(chunks), client.query(copyFrom(statement)));
   *     } finally {
   *       client.release();
   *     }
   *   },
   * });
   * ```
   */
  copy?: CopyIn | false;
}

/** What a run did. */
export interface ResolveResult {
  mode: 'full' | 'incremental';
  /** Practitioners read, whose features were new or changed, and decided again. */
  practitioners: { read: number; changed: number; decided: number };
  /** Candidate pairs compared, linked, sent to review, refused by the chaining guard or an override. */
  pairs: { compared: number; linked: number; review: number; refused: number };
  /** Persons of two or more practitioners among those decided. */
  persons: number;
  personsCreated: number;
  personsMerged: number;
  linksWritten: number;
  linksRemoved: number;
  /** The model used; `estimated` when EM ran. */
  model: { source: 'estimated' | 'stored' | 'config' | 'default'; parameters: FellegiSunterParameters };
  durationMs: number;
  /** Milliseconds spent in each phase: features, affected, blocking, comparing, model, clustering, writing. */
  phasesMs: Record<string, number>;
}

const REGISTRATION = comparisonIndex('registration');
const REVIEW_REASONS = ['score', 'registration_typo'] as const;
const HPR = comparisonIndex('hpr_id');
/** Fewer blocked pairs than this, and EM is not trusted: the stored or default model is used. */
const MIN_PAIRS_FOR_EM = 2000;
const RANDOM_PAIRS = 20_000;
/** Practitioners of the whole cities whose broadly blocked pairs the model is estimated on (see `trainingPairs`). */
const TRAINING_SAMPLE = 20_000;

async function chooseModel(
  conn: Kysely<unknown>,
  schema: string,
  options: ResolveOptions,
  blocked: () => Promise<Map<string, number>>,
): Promise<ResolveResult['model']> {
  const wanted = options.parameters ?? (options.mode === 'full' ? 'estimate' : 'stored');
  if (typeof wanted === 'object') return { source: 'config', parameters: wanted };
  const { rows } = await sql<{ parameters: FellegiSunterParameters }>`
    SELECT parameters FROM ${tableOf(schema)('identity_runs')} WHERE mode = 'full' ORDER BY id DESC LIMIT 1`.execute(
    conn,
  );
  const stored = rows[0]?.parameters;
  if (wanted === 'estimate') {
    const patterns = await blocked();
    const total = [...patterns.values()].reduce((s, n) => s + n, 0);
    if (total >= MIN_PAIRS_FOR_EM) {
      const randoms = await randomPatterns(conn, schema, RANDOM_PAIRS);
      return {
        source: 'estimated',
        parameters: estimateParameters({ randomPatterns: randoms, blockedPatterns: patterns }),
      };
    }
  }
  return stored
    ? { source: 'stored', parameters: stored }
    : { source: 'default', parameters: DEFAULT_PARAMETERS };
}

/**
 * Links the practitioner rows of all health systems into persons and stores
 * the result (`persons`, `person_links`, `identity_review`): candidate pairs
 * from blocking keys, Fellegi–Sunter match probabilities, clustering with a
 * guard against chaining, and the overrides a person entered. A full run
 * gives the same persons as incremental runs on the same data, and keeps
 * the ids of existing persons.
 *
 * ### Examples
 * ```ts
 * import { resolveIdentities } from '@provider-data/identity';
 * import { createDatabase, migrate } from '@provider-data/sink-postgres';
 *
 * const { db, close } = await createDatabase('memory://');
 * await migrate(db);
 * const full = await resolveIdentities(db, { mode: 'full' });
 * console.log(full.persons, full.pairs.review);
 * // After a processed pull: the practitioners it inserted or changed.
 * await resolveIdentities(db, { mode: 'incremental', pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418' });
 * await close();
 * ```
 */
export async function resolveIdentities<DB>(db: Kysely<DB>, options: ResolveOptions): Promise<ResolveResult> {
  const started = Date.now();
  const schema = options.schema ?? 'provider_data';
  const t = tableOf(schema);
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const copy = options.copy === false ? undefined : (options.copy ?? postgresCopyIn(db));
  return (db as unknown as Kysely<unknown>).connection().execute(async (conn) => {
    await dropRunTables(conn);
    const phasesMs: Record<string, number> = {};
    let mark = Date.now();
    const phase = (name: string) => {
      const now = Date.now();
      phasesMs[name] = now - mark;
      mark = now;
    };
    try {
      const features = await refreshFeatures(conn, {
        schema,
        hprIdFields: options.hprIdFields ?? ['hprId', 'hpr_id'],
        ...(copy ? { copy } : {}),
        ...(options.mode === 'incremental' && options.pullId ? { pullId: options.pullId } : {}),
      });
      phase('features');
      const decided = await selectAffected(conn, schema, options.mode);
      phase('affected');
      const blockSizeLimit = options.blockSizeLimit ?? 100;
      await candidatePairs(conn, schema, {
        blockSizeLimit,
        nameBlockSizeLimit: options.nameBlockSizeLimit ?? 5,
        everyNode: options.mode === 'full',
      });
      phase('blocking');
      const { rows: maxRows } = await sql<{
        n: unknown;
      }>`SELECT coalesce(max(node), 0) AS n FROM ${t('identity_features')}`.execute(conn);
      const size = num(maxRows[0]?.n) + 1;
      const nodes = new NodeIdentifierTable(size);
      const { pairs, patterns } = await comparePairs(conn, schema, nodes);
      phase('comparing');
      const model = await chooseModel(conn, schema, options, async () => {
        await trainingPairs(conn, schema, blockSizeLimit, TRAINING_SAMPLE);
        const training = await comparePairs(conn, schema, new NodeIdentifierTable(size), {
          pairs: 'identity_training_pairs',
          side: 'identity_training_side',
        });
        return training.patterns.countsByKey();
      });
      phase('model');
      const scorer = createScorer(model.parameters, thresholds);

      // Decide each pair; keep the links in order of probability.
      const probability = new Float32Array(pairs.length);
      const decision = new Uint8Array(pairs.length); // 0 no link, 1 link, 2 review
      const reason = new Uint8Array(pairs.length); // index in REVIEW_REASONS
      for (let i = 0; i < pairs.length; i++) {
        const d = scorer.decide(patterns.vectors[pairs.pattern[i] as number] as Int8Array, {
          phoneSharedBy: 1,
          emailSharedBy: 1,
          nameFrequency: pairs.nameFrequency[i] as number,
        });
        probability[i] = d.probability;
        decision[i] = d.decision === 'link' ? 1 : d.decision === 'review' ? 2 : 0;
        if (d.decision === 'review') reason[i] = REVIEW_REASONS.indexOf(d.reason);
      }
      let linkCount = 0;
      for (let i = 0; i < pairs.length; i++) if (decision[i] === 1) linkCount++;
      const linked = new Int32Array(linkCount);
      for (let i = 0, j = 0; i < pairs.length; i++) if (decision[i] === 1) linked[j++] = i;
      linked.sort(
        (x, y) =>
          (probability[y] as number) - (probability[x] as number) ||
          (pairs.a[x] as number) - (pairs.a[y] as number) ||
          (pairs.b[x] as number) - (pairs.b[y] as number),
      );

      const clusters = new PersonClusters(size, (n) => ({
        council: nodes.council[n] as number,
        registration: nodes.registration[n] as number,
        hpr: nodes.hpr[n] as number,
      }));
      const { rows: overrides } = await sql<{ a: number; b: number; kind: string; note: string | null }>`
        SELECT fa.node AS a, fb.node AS b, o.kind, o.note FROM ${t('identity_overrides')} o
        JOIN ${t('identity_features')} fa ON fa.practitioner_id = o.practitioner_a
        JOIN ${t('identity_features')} fb ON fb.practitioner_id = o.practitioner_b
        WHERE fa.node IN (SELECT node FROM identity_affected) AND fb.node IN (SELECT node FROM identity_affected)
        ORDER BY o.kind DESC, fa.node, fb.node`.execute(conn);
      for (const o of overrides) if (o.kind === 'cannot_link') clusters.forbid(o.a, o.b);
      // Per node, the pair that tied it to its person: pair index, or -2 for a must-link override.
      const bestPair = new Int32Array(size).fill(-1);
      const bestProbability = new Float32Array(size).fill(-1);
      const overrideNote = new Map<number, { partner: number; note: string | null }>();
      for (const o of overrides) {
        if (o.kind !== 'must_link') continue;
        if (clusters.join(o.a, o.b, true) === null) {
          for (const n of [o.a, o.b]) {
            bestPair[n] = -2;
            bestProbability[n] = 2;
            overrideNote.set(n, { partner: n === o.a ? o.b : o.a, note: o.note });
          }
        }
      }
      let refused = 0;
      let joined = 0;
      for (const i of linked) {
        const a = pairs.a[i] as number;
        const b = pairs.b[i] as number;
        if (clusters.join(a, b) !== null) {
          refused++;
          continue;
        }
        joined++;
        const p = probability[i] as number;
        for (const n of [a, b]) {
          if (p > (bestProbability[n] as number)) {
            bestProbability[n] = p;
            bestPair[n] = i;
          }
        }
      }

      const writer = await RunResultWriter.open(conn);
      for (const [, list] of clusters.groups()) {
        const group = list[0] as number;
        for (const node of list) {
          const best = bestPair[node] as number;
          if (best === -2) {
            const o = overrideNote.get(node);
            await writer.member({
              node,
              group,
              method: 'must_link',
              probability: null,
              partner: o?.partner ?? -1,
              evidence: { summary: 'linked by a reviewer (must-link override)', note: o?.note ?? null },
            });
            continue;
          }
          if (best < 0) {
            // Joined through others only (cannot happen for a pair member); keep it explainable.
            await writer.member({
              node,
              group,
              method: 'probabilistic',
              probability: null,
              partner: -1,
              evidence: { summary: 'linked through its person' },
            });
            continue;
          }
          const vector = patterns.vectors[pairs.pattern[best] as number] as Int8Array;
          const deterministic = vector[REGISTRATION] === 0 || vector[HPR] === 0;
          await writer.member({
            node,
            group,
            method: deterministic ? 'deterministic' : 'probabilistic',
            probability: Math.round((probability[best] as number) * 1e6) / 1e6,
            partner: pairs.a[best] === node ? (pairs.b[best] as number) : (pairs.a[best] as number),
            evidence: pairs.pattern[best] as number,
          });
        }
      }
      let review = 0;
      for (let i = 0; i < pairs.length; i++) {
        if (decision[i] !== 2) continue;
        const a = pairs.a[i] as number;
        const b = pairs.b[i] as number;
        if (clusters.find(a) === clusters.find(b) || clusters.conflict(a, b) === 'cannot_link') continue;
        review++;
        await writer.review({
          a,
          b,
          probability: Math.round((probability[i] as number) * 1e6) / 1e6,
          reason: REVIEW_REASONS[reason[i] as number] ?? 'score',
          evidence: pairs.pattern[i] as number,
        });
      }
      await writer.flush();
      await writer.evidence((pattern) => {
        const comparisons = describeEvidence(patterns.vectors[pattern] as Int8Array, model.parameters);
        return {
          summary: comparisons
            .filter((c) => c.weight > 0)
            .map((c) => c.says)
            .join('; '),
          comparisons,
        };
      });
      phase('clustering');
      const written = await writePersons(conn, schema);
      phase('writing');
      const result: ResolveResult = {
        mode: options.mode,
        practitioners: { read: features.read, changed: features.changed, decided },
        pairs: { compared: pairs.length, linked: joined, review, refused },
        persons: clusters.count,
        ...written,
        model,
        durationMs: Date.now() - started,
        phasesMs,
      };
      const { model: _model, ...stats } = result;
      await sql`INSERT INTO ${t('identity_runs')} (mode, pull_id, parameters, stats)
        VALUES (${options.mode}, ${options.pullId ?? null}, ${JSON.stringify(model.parameters)}::jsonb,
          ${JSON.stringify({ ...stats, modelSource: model.source })}::jsonb)`.execute(conn);
      return result;
    } finally {
      await dropRunTables(conn);
    }
  });
}
