import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { errorMessage, PdmError } from '@provider-data/core';
import type { LambdaConfig, ResolvedConfig } from './config.js';
import { describeSecretReference, type SecretReference } from './secret-reference.js';

/** Reads the configuration's secrets from AWS, or takes them from the environment for local runs. */
export interface SecretSource {
  /**
   * The configuration with its secrets filled in. A secret read from AWS is
   * kept for `PDM_SECRETS_MAX_AGE_S` across invocations; `fresh` reads it again
   * (after the database refused the password it gave, say).
   */
  resolve(options?: { fresh?: boolean }): Promise<ResolvedConfig>;
}

/** The JSON of an RDS-managed (or RDS-shaped) database secret in Secrets Manager. */
interface RdsSecret {
  username: string;
  password: string;
  host: string;
  port?: number | string;
  dbname?: string;
}

function isRdsSecret(value: unknown): value is RdsSecret {
  const v = value as Partial<RdsSecret> | null;
  return typeof v?.username === 'string' && typeof v.password === 'string' && typeof v.host === 'string';
}

/**
 * The database URL a secret holds: the URL itself, or the JSON that RDS keeps
 * in Secrets Manager (`username`, `password`, `host`, `port`, `dbname`), which
 * rotates without a redeploy. Errors never quote the value.
 */
export function databaseUrlFromSecret(text: string): string {
  if (!text.startsWith('{')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('it starts with { but is not JSON');
  }
  if (!isRdsSecret(parsed)) throw new Error('its JSON has no username, password and host');
  const user = encodeURIComponent(parsed.username);
  const password = encodeURIComponent(parsed.password);
  const port = parsed.port === undefined ? '' : `:${parsed.port}`;
  const database = encodeURIComponent(parsed.dbname ?? 'postgres');
  return `postgres://${user}:${password}@${parsed.host}${port}/${database}`;
}

/**
 * Makes the secret source of a configuration. Secrets Manager and Parameter
 * Store are read through Powertools' providers (their cache lives as long as
 * the container); a client is made only for a service a reference names.
 */
export function createSecretSource(config: LambdaConfig): SecretSource {
  let secretsManager: SecretsProvider | undefined;
  let ssm: SSMProvider | undefined;
  const clientConfig = (endpoint: string | undefined) => ({
    ...(endpoint ? { endpoint } : {}),
    ...(config.region ? { region: config.region } : {}),
  });

  const fetch = (reference: SecretReference, forceFetch: boolean) => {
    const options = { maxAge: config.secretsMaxAgeS, forceFetch };
    if (reference.service === 'ssm') {
      ssm ??= new SSMProvider({ clientConfig: clientConfig(config.ssmEndpoint) });
      return ssm.get(reference.id, { ...options, decrypt: true });
    }
    secretsManager ??= new SecretsProvider({ clientConfig: clientConfig(config.secretsManagerEndpoint) });
    return secretsManager.get(reference.id, options);
  };

  const read = async (
    variable: string,
    reference: SecretReference,
    fresh: boolean,
    parse: (text: string) => string = (text) => text,
  ): Promise<string> => {
    try {
      const value = await fetch(reference, fresh);
      if (typeof value !== 'string' || value.trim() === '') throw new Error('it is empty or binary');
      return parse(value.trim());
    } catch (error) {
      throw new PdmError(
        'secret_unavailable',
        `could not read ${variable} (${describeSecretReference(reference)}): ${errorMessage(error)}`,
        { stage: 'config', cause: error },
      );
    }
  };

  return {
    async resolve({ fresh = false } = {}) {
      const [databaseUrl, placesApiKey] = await Promise.all([
        config.databaseUrlSecret
          ? read('PDM_DATABASE_URL_SECRET', config.databaseUrlSecret, fresh, databaseUrlFromSecret)
          : config.databaseUrl,
        config.placesApiKeySecret
          ? read('PDM_PLACES_API_KEY_SECRET', config.placesApiKeySecret, fresh)
          : config.placesApiKey,
      ]);
      // The schema lets neither be missing: one of the URL and its secret is required.
      if (databaseUrl === undefined) throw new PdmError('invalid_config', 'no database URL configured');
      return { ...config, databaseUrl, placesApiKey };
    },
  };
}
