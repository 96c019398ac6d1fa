import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, parseTemplate, PSEUDO, references, type Template } from './cloudformation.js';

const lambdaDir = path.resolve(import.meta.dirname, '..');
let template: Template;
let readme: string;

// The Lambda runtimes for Node.js that AWS still creates functions on (nodejs20.x is retired).
const CURRENT_RUNTIMES = ['nodejs22.x', 'nodejs24.x'];
// The Python function this one is deployed beside; nothing may take its names.
const PYTHON_FUNCTION = 'provider-data-manager';

const SECRET_ARN = 'arn:aws:secretsmanager:ap-south-1:123456789012:secret:provider-data/database-AbCdEf';
const PLACES_ARN = 'arn:aws:ssm:ap-south-1:123456789012:parameter/provider-data/places-api-key';
const KEY_ARN = 'arn:aws:kms:ap-south-1:123456789012:key/1a2b3c4d-0000-4000-8000-000000000000';
const required = {
  DatabaseUrlSecretArn: SECRET_ARN,
  PullBuckets: 'apollo-pulls,fortis-pulls,provider-pulls',
  SubnetIds: 'subnet-0a1b,subnet-0c2d',
  SecurityGroupIds: 'sg-0e3f',
};

const fn = () => template.Resources.ProviderDataFunction!;
const statements = (given: Record<string, string>) => {
  const policies = evaluate(template, fn().Properties.Policies, { ...required, ...given }) as {
    Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[];
  }[];
  return policies.flatMap((p) => p.Statement);
};
/** The resources a policy allows an action on. */
const allowed = (given: Record<string, string>, action: string) =>
  statements(given)
    .filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes(action))
    .flatMap((s) => [s.Resource].flat());
const environment = (given: Record<string, string> = {}) =>
  (
    evaluate(template, fn().Properties.Environment, { ...required, ...given }) as {
      Variables: Record<string, string>;
    }
  ).Variables;

beforeAll(async () => {
  template = parseTemplate(await readFile(path.join(lambdaDir, 'template.yaml'), 'utf8'));
  readme = await readFile(path.join(lambdaDir, 'README.md'), 'utf8');
});

describe('template.yaml', () => {
  it('parses as CloudFormation, and every !Ref, !GetAtt and Sub placeholder names a parameter, resource or pseudo parameter', () => {
    expect(template.Resources).toHaveProperty('ProviderDataFunction');
    const known = new Set([
      ...Object.keys(template.Parameters),
      ...Object.keys(template.Resources),
      ...Object.keys(PSEUDO),
      'AWS::NoValue',
      'AWS::StackName',
    ]);
    const refs = references(template.Resources).concat(
      references(template.Outputs ?? {}),
      references(template.Conditions ?? {}),
    );
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const resolves = ref.kind === 'GetAtt' ? ref.name in template.Resources : known.has(ref.name);
      expect(resolves, `${ref.kind} ${ref.name} at ${ref.where}`).toBe(true);
    }
    // The state machine's ${…} are its DefinitionSubstitutions, not CloudFormation's.
    const machine = template.Resources.FanOutStateMachine!.Properties;
    const substitutions = Object.keys(machine.DefinitionSubstitutions as object);
    for (const [, name] of JSON.stringify(machine.Definition).matchAll(/\$\{([^}]+)\}/g))
      expect(substitutions).toContain(name);
    // Every condition used is defined, every mapping looked up exists: evaluating the whole template throws otherwise.
    expect(() => evaluate(template, template.Resources, required)).not.toThrow();
    expect(() =>
      evaluate(template, template.Resources, {
        ...required,
        PlacesApiKeySecretArn: PLACES_ARN,
        PullBucketsKmsKeyArn: KEY_ARN,
        LogGroupName: '/pdm/x',
      }),
    ).not.toThrow();
  });

  it('runs on a current Node.js runtime, from the zip the package script writes', async () => {
    expect(CURRENT_RUNTIMES).toContain(fn().Properties.Runtime);
    expect(fn().Properties).toMatchObject({ CodeUri: 'dist/lambda.zip', Handler: 'handler.handler' });
    const script = await readFile(path.join(lambdaDir, 'scripts/package.mjs'), 'utf8');
    expect(script).toContain("path.join(dist, 'lambda.zip')");
    expect(script).toContain("zip.addFile(outfile, 'handler.mjs'");
  });

  it("names the function, its log group and its state machine from parameters, none of them the Python function's", () => {
    const names = (given: Record<string, string>) =>
      evaluate(
        template,
        {
          fn: fn().Properties.FunctionName,
          logs: template.Resources.ProviderDataLogs!.Properties.LogGroupName,
          machine: template.Resources.FanOutStateMachine!.Properties.Name,
          logging: fn().Properties.LoggingConfig,
        },
        { ...required, ...given },
      );
    expect(names({})).toEqual({
      fn: 'provider-data-processor',
      logs: '/aws/lambda/provider-data-processor',
      machine: 'provider-data-processor-fan-out',
      logging: { LogGroup: '<ProviderDataLogs>' },
    });
    expect(names({ FunctionName: 'pdm-staging' })).toMatchObject({
      fn: 'pdm-staging',
      logs: '/aws/lambda/pdm-staging',
    });
    expect(names({ LogGroupName: '/teams/providers/lambda' })).toMatchObject({
      logs: '/teams/providers/lambda',
    });
    expect(template.Parameters.FunctionName!.Default).not.toBe(PYTHON_FUNCTION);
    expect(JSON.stringify(template)).not.toContain(`/aws/lambda/${PYTHON_FUNCTION}`);
  });

  it('lets the function list and read every pull bucket, and decrypt with the KMS key when one is given', () => {
    const buckets = required.PullBuckets.split(',');
    expect(allowed({}, 's3:ListBucket').sort()).toEqual(buckets.map((b) => `arn:aws:s3:::${b}`).sort());
    expect(allowed({}, 's3:GetObject').sort()).toEqual(buckets.map((b) => `arn:aws:s3:::${b}/*`).sort());
    expect(allowed({ PullBuckets: 'only-one' }, 's3:GetObject')).toEqual(['arn:aws:s3:::only-one/*']);
    expect(environment().PDM_DEFAULT_BUCKET).toBe('apollo-pulls');
    expect(allowed({}, 'kms:Decrypt')).toEqual([]);
    expect(allowed({ PullBucketsKmsKeyArn: KEY_ARN }, 'kms:Decrypt')).toEqual([KEY_ARN]);
  });

  it('keeps secrets out of the template: only where they are, which the function may read', () => {
    for (const [name, parameter] of Object.entries(template.Parameters)) {
      const looksSecret = /password|secret|key|token|url/i.test(name) && !/Arn$/.test(name);
      expect(looksSecret, `${name} looks like a secret passed as a plain parameter`).toBe(false);
      expect(String(parameter.Default ?? '')).not.toMatch(/:\/\/[^/\s]*:[^@\s]+@|AIza/);
    }
    expect(environment()).not.toHaveProperty('PDM_DATABASE_URL');
    expect(environment()).not.toHaveProperty('PDM_PLACES_API_KEY');
    expect(environment()).toMatchObject({ PDM_DATABASE_URL_SECRET: SECRET_ARN });
    expect(environment()).not.toHaveProperty('PDM_PLACES_API_KEY_SECRET');
    expect(environment({ PlacesApiKeySecretArn: PLACES_ARN })).toMatchObject({
      PDM_PLACES_API_KEY_SECRET: PLACES_ARN,
    });
    expect(allowed({}, 'secretsmanager:GetSecretValue')).toEqual([SECRET_ARN]);
    expect(allowed({ PlacesApiKeySecretArn: PLACES_ARN }, 'ssm:GetParameter')).toEqual([
      SECRET_ARN,
      PLACES_ARN,
    ]);
  });

  it("caps the heap below the function memory with the benchmark's 8 MB semi-space and two malloc arenas, for every memory size", () => {
    const sizes = template.Parameters.MemorySize!.AllowedValues as number[];
    expect(sizes).toContain(template.Parameters.MemorySize!.Default);
    for (const memory of sizes) {
      const options = environment({ MemorySize: String(memory) }).NODE_OPTIONS;
      const [, oldSpace] = /^--max-old-space-size=(\d+) --max-semi-space-size=8$/.exec(options!) ?? [];
      expect(environment({ MemorySize: String(memory) }).MALLOC_ARENA_MAX).toBe('2');
      // The 1,000,000-doctor benchmark needed 160 MB of old space; 256 MB stay for code, buffers, the young generation.
      expect(Number(oldSpace)).toBeGreaterThanOrEqual(160);
      expect(Number(oldSpace)).toBe(memory - 256);
    }
  });

  it('sends failed asynchronous invocations to an SQS queue, and never migrates at a cold start', () => {
    const invokeConfig = evaluate(template, fn().Properties.EventInvokeConfig, required);
    expect(invokeConfig).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Type: 'SQS', Destination: '<FailedInvocations.Arn>' } },
    });
    expect(template.Resources.FailedInvocations!.Type).toBe('AWS::SQS::Queue');
    expect(allowed({}, 'sqs:SendMessage')).toEqual(['<FailedInvocations.Arn>']);
    expect(environment()).toMatchObject({ PDM_MIGRATE: 'false', PDM_INVOCATION_TYPE: 'Event' });
    // The state machine reads the response table: its invocations say they wait.
    const payloads =
      JSON.stringify(template.Resources.FanOutStateMachine!.Properties.Definition).match(
        /"Payload":\{[^}]*\}/g,
      ) ?? [];
    expect(payloads).toHaveLength(2);
    for (const payload of payloads) expect(payload).toContain('"invocation_type":"RequestResponse"');
  });

  it("is deployed by the README's sam deploy, which gives every parameter without a default and no unknown one", () => {
    const deploy = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .find((block) => block.includes('sam deploy'));
    expect(deploy).toBeDefined();
    const overrides =
      deploy!.replace(/\\\n/g, ' ').match(/--parameter-overrides\s+((?:\S+=\S+\s*)+)/)?.[1] ?? '';
    const given = [...overrides.matchAll(/(\w+)=/g)].map((m) => m[1]!);
    for (const name of given) expect(Object.keys(template.Parameters)).toContain(name);
    const withoutDefault = Object.entries(template.Parameters)
      .filter(([, p]) => p.Default === undefined)
      .map(([name]) => name);
    expect(given).toEqual(expect.arrayContaining(withoutDefault));
    expect(deploy).toContain('npm run package -w @provider-data/example-lambda');
    expect(readme).toMatch(/"action":\s*"migrate"/);
  });
});
