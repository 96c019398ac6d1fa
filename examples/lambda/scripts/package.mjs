// Bundles the handler into one ESM file, dist/handler.mjs, and zips it into
// dist/lambda.zip, the `CodeUri` of template.yaml. The source map is written
// beside the zip (dist/handler.mjs.map), not into it.
// Usage: npm run package -w @provider-data/example-lambda
//        node scripts/package.mjs --aws-sdk=runtime   # leave the AWS SDK to the Lambda runtime
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import yazl from 'yazl';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const awsSdk =
  process.argv.find((arg) => arg.startsWith('--aws-sdk='))?.slice('--aws-sdk='.length) ?? 'bundled';
if (!['bundled', 'runtime'].includes(awsSdk)) throw new Error('--aws-sdk must be bundled or runtime');
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

// zod ships error messages in 63 languages, 258 KiB of the bundle, reached through its `locales`
// namespace; this function speaks English only (zod's default), so the others are left out.
/** @type {import('esbuild').Plugin} */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]zod[/\\]v4[/\\]/.test(args.importer)
        ? { path: path.join(path.dirname(args.importer), '../locales/index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

// Node gives the Google client and retry-axios one axios, the CommonJS build (both are CommonJS
// there); esbuild's `module` field would give retry-axios the ESM build as a second copy (87 KiB)
// whose global instance is not the one the tests exercised.
const nodeAxios = createRequire(path.join(root, 'package.json')).resolve('axios');
/** @type {import('esbuild').Plugin} */
const oneAxios = {
  name: 'one-axios',
  setup(builder) {
    builder.onResolve({ filter: /^axios$/ }, () => ({ path: nodeAxios }));
  },
};

// core's discoverPlugins() lists the plugin packages in node_modules at run time; a bundle has no
// node_modules, so its module is replaced by static imports of the plugins installed now, the
// ones whose package.json carries the "provider-data" marker (PDM_PLUGINS narrows them, as at run time).
function installedPlugins() {
  const found = new Map();
  for (let dir = root; ; dir = path.dirname(dir)) {
    const scope = path.join(dir, 'node_modules', '@provider-data');
    for (const name of existsSync(scope) ? readdirSync(scope) : []) {
      const file = path.join(scope, name, 'package.json');
      const marker = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8'))['provider-data'] : undefined;
      if (marker?.plugin && !found.has(name)) found.set(name, marker);
    }
    if (path.dirname(dir) === dir) break;
  }
  return [...found].map(([name, marker]) => ({ packageName: `@provider-data/${name}`, ...marker }));
}
// The template (marked "template": true) is bundled only when PDM_PLUGINS names its package.
const named = (process.env.PDM_PLUGINS ?? '')
  .split(',')
  .map((n) => n.trim())
  .filter(Boolean);
const bundledPlugins = installedPlugins().filter(
  (p) => !p.template || named.some((n) => p.packageName.endsWith(`-${n}`)),
);

/** @type {import('esbuild').Plugin} */
const staticPlugins = {
  name: 'static-plugins',
  setup(builder) {
    builder.onResolve({ filter: /^@provider-data\/core\/discover$/ }, (args) => ({
      path: args.path,
      namespace: 'static-plugins',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'static-plugins' }, () => ({
      contents: [
        "import { selectPlugins } from '@provider-data/core';",
        ...bundledPlugins.map((p, i) => `import { ${p.plugin} as plugin${i} } from '${p.packageName}';`),
        `const installed = [${bundledPlugins.map((p, i) => `{ packageName: '${p.packageName}', plugin: plugin${i}${p.template ? ', template: true' : ''} }`).join(', ')}];`,
        'export async function discoverPlugins(options = {}) { return selectPlugins(installed, options.only); }',
      ].join('\n'),
      resolveDir: root,
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
  // The lowest Node the tests run the bundle on; the function runs on nodejs24.x.
  target: 'node20',
  format: 'esm',
  // Workspace packages are bundled from their TypeScript sources: no build of them first.
  conditions: ['source'],
  mainFields: ['module', 'main'],
  // Bundled, the AWS SDK v3 is the version tested here, not whichever the runtime ships
  // (README, "Bundle size and cold start", has both ways measured).
  external: ['pg-native', ...(awsSdk === 'runtime' ? ['@aws-sdk/*', '@smithy/*'] : [])],
  plugins: [withoutPGlite, englishOnlyZod, oneAxios, staticPlugins],
  // CommonJS dependencies (pg, the Google client) call require() for Node's built-ins.
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
  // A map beside the zip, with no sourceMappingURL comment: the runtime never reads it (parsing
  // an 8 MB map at every cold start is what --enable-source-maps cost); decode a stack trace with it.
  sourcemap: 'external',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const zip = new yazl.ZipFile();
// A fixed time keeps the archive byte-identical for identical code.
const mtime = new Date('2020-01-01T00:00:00Z');
zip.addFile(outfile, 'handler.mjs', { mtime, mode: 0o644 });
zip.end();
await new Promise((resolve, reject) => {
  zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject);
});

const kib = async (file) => `${Math.round((await stat(file)).size / 1024)} KiB`;
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`health-system plugins bundled: ${bundledPlugins.map((p) => p.packageName).join(', ')}`);
console.log(
  `dist/handler.mjs ${await kib(outfile)} (${inputs} modules, AWS SDK ${awsSdk}), dist/lambda.zip ${await kib(zipPath)}, map beside it: dist/handler.mjs.map ${await kib(`${outfile}.map`)}`,
);
