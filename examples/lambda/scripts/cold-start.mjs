// Measures the packaged function's cold start: in a fresh Node process, from
// the import of handler.mjs to its first answer (a 400 to an event without an
// action), median of --runs (default 5). Builds the zip first, unzips it into an
// empty folder and runs it there, as Lambda does.
// Usage: node scripts/cold-start.mjs [--runs 5] [--aws-sdk bundled|runtime] [--node /path/to/node]
//                                     [--zip other.zip --node-options '--enable-source-maps']
//   --aws-sdk runtime  builds without the AWS SDK and resolves it from the workspace's
//                      node_modules, as the runtime's own copy would be.
//   --node             the Node binary that runs the function (default: this one).
//   --zip              measures that zip (an older build, say) instead of building one.
//   --node-options     NODE_OPTIONS of the runs (default: the template's flags for 1024 MB).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspace = path.resolve(root, '../..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'aws-sdk': { type: 'string', default: 'bundled' },
    node: { type: 'string', default: process.execPath },
    zip: { type: 'string' },
    'node-options': { type: 'string', default: '--max-old-space-size=768 --max-semi-space-size=8' },
  },
});
const runs = Number(values.runs);
const awsSdk = values['aws-sdk'];

if (!values.zip) {
  execFileSync(process.execPath, [path.join(root, 'scripts/package.mjs'), `--aws-sdk=${awsSdk}`], {
    stdio: 'inherit',
  });
}
const zip = path.resolve(values.zip ?? path.join(root, 'dist/lambda.zip'));
const unpacked = mkdtempSync(path.join(tmpdir(), 'pdm-cold-start-'));
try {
  execFileSync('unzip', ['-q', zip, '-d', unpacked]);
} catch {
  if (values.zip) throw new Error('measuring another zip needs unzip on PATH');
  copyFileSync(path.join(root, 'dist/handler.mjs'), path.join(unpacked, 'handler.mjs'));
}
if (awsSdk === 'runtime')
  symlinkSync(path.join(workspace, 'node_modules'), path.join(unpacked, 'node_modules'));

// What the first invocation of a new container does, timed from inside the process.
const probe = `
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { handler } = await import('./handler.mjs');
  const imported = performance.now();
  const answer = await handler({ pull_id: 'f3e51f05-6517-4099-b216-d7850fd6a418' },
    { awsRequestId: 'cold-start', getRemainingTimeInMillis: () => 900000 });
  const answered = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  process.stdout.write('\\nCOLD ' + JSON.stringify({ statusCode: answer.statusCode,
    importMs: imported - started, firstAnswerMs: answered - started, sinceProcessStartMs: answered,
    cpuMs: (user + system) / 1000 }) + '\\n');
`;
const env = {
  PATH: process.env.PATH ?? '',
  // The template's memory flags for 1024 MB, and what Lambda sets without a request.
  NODE_OPTIONS: values['node-options'],
  AWS_REGION: 'ap-south-1',
  AWS_LAMBDA_FUNCTION_NAME: 'provider-data-processor',
  PDM_DATABASE_URL: 'postgres://lambda:not-a-password@127.0.0.1:9/providers',
};
const samples = [];
for (let i = 0; i < runs; i++) {
  const stdout = execFileSync(values.node, ['--input-type=module', '-e', probe], { cwd: unpacked, env });
  const line = stdout
    .toString()
    .split('\n')
    .find((l) => l.startsWith('COLD '));
  const sample = JSON.parse(line.slice('COLD '.length));
  if (sample.statusCode !== 400) throw new Error(`expected a 400, got ${sample.statusCode}`);
  samples.push(sample);
}
rmSync(unpacked, { recursive: true, force: true });

const median = (key) => {
  const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
};
const nodeVersion = execFileSync(values.node, ['--version']).toString().trim();
const kib = (file) => Math.round(statSync(file).size / 1024);
const what = values.zip ? path.basename(zip) : `AWS SDK ${awsSdk}`;
console.log(
  `cold start, ${what}, NODE_OPTIONS ${values['node-options']}, Node ${nodeVersion}, median of ${runs}: ` +
    `import ${median('importMs')} ms, first answer ${median('firstAnswerMs')} ms after the import began ` +
    `(${median('sinceProcessStartMs')} ms after the process started), ${median('cpuMs')} ms of CPU; ` +
    `${values.zip ? '' : `handler.mjs ${kib(path.join(root, 'dist/handler.mjs'))} KiB, `}zip ${kib(zip)} KiB`,
);
console.log(`runs (first answer, ms): ${samples.map((s) => Math.round(s.firstAnswerMs)).join(', ')}`);
