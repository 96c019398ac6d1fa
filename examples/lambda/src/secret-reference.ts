/** Where a secret is kept: an AWS Secrets Manager secret or an SSM Parameter Store parameter. */
export interface SecretReference {
  service: 'secrets-manager' | 'ssm';
  /** The secret's name or ARN, or the parameter's name or ARN, as the service's API takes it. */
  id: string;
}

const SSM_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/.+$/;
const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
// Secrets Manager names: letters, digits and /_+=.@- (the service's own rule).
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
// Parameter Store names: letters, digits and _.-/ , at most 2048 characters.
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;

/**
 * Reads a secret reference from a `PDM_*_SECRET` variable: an SSM parameter as
 * `ssm:/provider-data/database-url` or its ARN; a Secrets Manager secret as its
 * ARN, its name, or `secretsmanager:<name>`. Returns the reason when the text
 * is neither.
 */
export function parseSecretReference(text: string): SecretReference | { error: string } {
  const value = text.trim();
  if (SSM_ARN.test(value)) return { service: 'ssm', id: value };
  if (SECRETS_MANAGER_ARN.test(value)) return { service: 'secrets-manager', id: value };
  if (value.startsWith('arn:')) {
    return { error: 'expected the ARN of a Secrets Manager secret or of an SSM parameter' };
  }
  if (value.startsWith('ssm:')) {
    const name = value.slice('ssm:'.length);
    return PARAMETER_NAME.test(name)
      ? { service: 'ssm', id: name }
      : { error: 'expected ssm: followed by a parameter name such as /provider-data/database-url' };
  }
  const name = value.startsWith('secretsmanager:') ? value.slice('secretsmanager:'.length) : value;
  return SECRET_NAME.test(name)
    ? { service: 'secrets-manager', id: name }
    : { error: 'expected a Secrets Manager secret name or ARN, or ssm:<parameter name>' };
}

/** How a reference reads in a log line or an error message (it names the secret, never holds its value). */
export function describeSecretReference(reference: SecretReference): string {
  return `${reference.service === 'ssm' ? 'SSM parameter' : 'Secrets Manager secret'} ${reference.id}`;
}
