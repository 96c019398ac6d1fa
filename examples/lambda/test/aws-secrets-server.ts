import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server answered. */
export interface SecretsRequest {
  /** The `X-Amz-Target` operation: `secretsmanager.GetSecretValue`, `AmazonSSM.GetParameter`, … */
  target: string;
  /** The secret id or parameter name asked for. */
  id: string;
  /** `WithDecryption` of an SSM request. */
  decrypt?: boolean;
  /** The request carried a SigV4 signature, as the real SDK sends. */
  signed: boolean;
}

/** A local stand-in for AWS Secrets Manager and SSM Parameter Store, speaking their JSON 1.1 protocol. */
export interface AwsSecretsTestServer {
  /** The endpoint, for `AWS_ENDPOINT_URL_SECRETS_MANAGER` and `AWS_ENDPOINT_URL_SSM`. */
  url: string;
  /** Secrets Manager: secret id (name or ARN) to `SecretString`. */
  secrets: Map<string, string>;
  /** Parameter Store: parameter name (or ARN) to the value of a SecureString. */
  parameters: Map<string, string>;
  requests: SecretsRequest[];
  close(): Promise<void>;
}

const ACCOUNT_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret';

function send(res: ServerResponse, status: number, body: unknown, errorType?: string) {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': `req-${Date.now()}`,
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/**
 * Starts the server on 127.0.0.1 with a random port. It answers
 * `secretsmanager.GetSecretValue` and `AmazonSSM.GetParameter` from its maps,
 * with the services' own error shapes for a missing secret or parameter; a
 * SecureString asked for without `WithDecryption` comes back as ciphertext.
 */
export async function startAwsSecretsServer(): Promise<AwsSecretsTestServer> {
  const secrets = new Map<string, string>();
  const parameters = new Map<string, string>();
  const requests: SecretsRequest[] = [];

  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const signed = String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ');
    const body = await readJson(req);
    if (target === 'secretsmanager.GetSecretValue') {
      const id = String(body.SecretId);
      requests.push({ target, id, signed });
      const value = secrets.get(id);
      if (value === undefined) {
        const message = "Secrets Manager can't find the specified secret.";
        return send(res, 400, { __type: 'ResourceNotFoundException', message }, 'ResourceNotFoundException');
      }
      const name = id.startsWith('arn:') ? id.split(':secret:')[1]! : id;
      return send(res, 200, {
        ARN: id.startsWith('arn:') ? id : `${ACCOUNT_ARN}:${name}-AbCdEf`,
        Name: name,
        SecretString: value,
        VersionId: '6f1c1c1e-0000-4000-8000-000000000001',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_796_000_000,
      });
    }
    if (target === 'AmazonSSM.GetParameter') {
      const id = String(body.Name);
      const decrypt = body.WithDecryption === true;
      requests.push({ target, id, decrypt, signed });
      const value = parameters.get(id);
      if (value === undefined) return send(res, 400, { __type: 'ParameterNotFound' }, 'ParameterNotFound');
      return send(res, 200, {
        Parameter: {
          Name: id,
          Type: 'SecureString',
          Value: decrypt ? value : `AQICAHh-ciphertext-${Buffer.from(id).toString('base64')}`,
          Version: 1,
          DataType: 'text',
          LastModifiedDate: 1_796_000_000,
        },
      });
    }
    requests.push({ target, id: '', signed });
    send(res, 400, { __type: 'UnknownOperationException', message: `unknown ${target}` }, 'UnknownOperation');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets,
    parameters,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
