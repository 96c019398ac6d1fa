// Bundles the handler into one ESM file, dist/handler.mjs, and zips it into
// dist/lambda.zip for `aws lambda update-function-code --zip-file fileb://dist/lambda.zip`.
// Usage: npm run package -w @provider-data/example-lambda
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import yazl from 'yazl';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const outfile = path.join(dist, 'handler.mjs');
const zipPath = path.join(dist, 'lambda.zip');

// The Lambda talks to real PostgreSQL. The sink also supports embedded PGlite,
// whose wasm and data files would have to ship beside the bundle; here it is
// replaced by a stand-in that says so if a non-postgres:// URL is configured.
const PGLITE_STUB = `
const message = 'PGlite is not included in the Lambda bundle: set PDM_DATABASE_URL to a postgres:// URL';
export class PGlite {
  static async create() { throw new Error(message); }
  constructor() { throw new Error(message); }
}
export class PGliteDialect {
  constructor() { throw new Error(message); }
}
`;

/** @type {import('esbuild').Plugin} */
const withoutPGlite = {
  name: 'without-pglite',
  setup(builder) {
    builder.onResolve({ filter: /^(@electric-sql\/pglite|kysely-pglite-dialect)(\/.*)?$/ }, (args) => ({
      path: args.path,
      namespace: 'pglite-stub',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'pglite-stub' }, () => ({
      contents: PGLITE_STUB,
      loader: 'js',
    }));
  },
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const result = await build({
  entryPoints: [path.join(root, 'src/handler.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Workspace packages are bundled from their TypeScript sources: no build of them first.
  conditions: ['source'],
  mainFields: ['module', 'main'],
  // The AWS SDK v3 is bundled too: the version tested here, not whichever the runtime ships.
  external: ['pg-native'],
  plugins: [withoutPGlite],
  // CommonJS dependencies (pg, pino) call require() for Node's built-ins.
  banner: {
    js: [
      "import { createRequire as __pdmCreateRequire } from 'node:module';",
      "import { fileURLToPath as __pdmFileURLToPath } from 'node:url';",
      "import { dirname as __pdmDirname } from 'node:path';",
      'const require = __pdmCreateRequire(import.meta.url);',
      'const __filename = __pdmFileURLToPath(import.meta.url);',
      'const __dirname = __pdmDirname(__filename);',
    ].join('\n'),
  },
  minify: true,
  keepNames: true,
  sourcemap: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const zip = new yazl.ZipFile();
// A fixed time keeps the archive byte-identical for identical code.
const mtime = new Date('2020-01-01T00:00:00Z');
for (const name of ['handler.mjs', 'handler.mjs.map']) {
  zip.addFile(path.join(dist, name), name, { mtime, mode: 0o644 });
}
zip.end();
await new Promise((resolve, reject) => {
  zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject);
});

const kib = async (file) => `${Math.round((await stat(file)).size / 1024)} KiB`;
const inputs = Object.keys(result.metafile.inputs).length;
console.log(
  `dist/handler.mjs ${await kib(outfile)} (${inputs} modules), dist/lambda.zip ${await kib(zipPath)}`,
);
