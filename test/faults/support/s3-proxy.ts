// A small HTTP proxy on 127.0.0.1 in front of an S3-compatible server that
// misbehaves on purpose: 500s, delays, slow bodies, bodies cut part way.
// Every decision is a pure function of (seed, request, how many times that
// request was seen), so a run is the same whatever order the pipeline's
// requests interleave in.
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to one request. */
export type ProxyAction =
  | { kind: 'pass'; delayMs?: number; slowBody?: boolean }
  | { kind: 'error500' }
  /** Forward the headers and about half of the body, then drop the connection. */
  | { kind: 'cut' };

export interface ProxyRequest {
  method: string;
  /** The path without the query string: `/bucket/key`. */
  path: string;
  /** The listing (a GET on the bucket) or an object. */
  isListing: boolean;
  /** 1 for the first time this method and path are requested, 2 for the next, … */
  seen: number;
}

export interface FaultPlan {
  decide(request: ProxyRequest, chance: (salt: string) => number): ProxyAction;
}

export interface FaultyS3Proxy {
  url: string;
  stats: {
    requests: number;
    passed: number;
    error500: number;
    cut: number;
    delayed: number;
    slowBodies: number;
  };
  setPlan(plan: FaultPlan): void;
  /** How many times requests whose path ends with `suffix` reached the proxy. */
  timesSeen(suffix: string): number;
  close(): Promise<void>;
}

/** A number in [0, 1) from the seed and the parts. */
export function seededChance(seed: number, ...parts: (string | number)[]): number {
  const digest = createHash('sha256')
    .update(`${seed}|${parts.join('|')}`)
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

const INTERNAL_ERROR =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code>' +
  '<Message>We encountered an internal error. Please try again.</Message></Error>';

export async function startFaultyS3Proxy(target: string, seed: number): Promise<FaultyS3Proxy> {
  const upstream = new URL(target);
  const seen = new Map<string, number>();
  const stats = { requests: 0, passed: 0, error500: 0, cut: 0, delayed: 0, slowBodies: 0 };
  let plan: FaultPlan = { decide: () => ({ kind: 'pass' }) };
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    const path = (req.url ?? '/').split('?')[0]!;
    const id = `${req.method} ${path}`;
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    const info: ProxyRequest = {
      method: req.method ?? 'GET',
      path,
      isListing: path.split('/').filter(Boolean).length <= 1,
      seen: count,
    };
    const action = plan.decide(info, (salt) => seededChance(seed, id, count, salt));
    if (action.kind === 'error500') {
      stats.error500++;
      req.resume();
      res.writeHead(500, { 'content-type': 'application/xml' }).end(INTERNAL_ERROR);
      return;
    }
    if (action.kind === 'pass' && action.delayMs) {
      stats.delayed++;
      await wait(action.delayMs);
    }
    const headers = { ...req.headers, host: upstream.host };
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (up) => {
        if (action.kind === 'cut') {
          stats.cut++;
          res.writeHead(up.statusCode ?? 502, up.headers);
          const length = Number(up.headers['content-length'] ?? 0);
          let sent = 0;
          up.on('data', (chunk: Buffer) => {
            if (sent >= length / 2) return;
            const part = chunk.subarray(0, Math.max(1, Math.ceil(length / 2 - sent)));
            sent += part.length;
            res.write(part);
            if (sent >= length / 2) {
              up.destroy();
              res.socket?.destroy();
            }
          });
          return;
        }
        stats.passed++;
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (action.kind === 'pass' && action.slowBody) {
          stats.slowBodies++;
          // Trickle the body out: pause after every chunk.
          up.on('data', (chunk: Buffer) => {
            up.pause();
            res.write(chunk, () => {
              wait(20).then(() => up.resume());
            });
          });
          up.on('end', () => res.end());
        } else {
          up.pipe(res);
        }
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.socket?.destroy();
    });
    req.pipe(forward);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setPlan(next) {
      plan = next;
      seen.clear();
    },
    timesSeen(suffix) {
      let n = 0;
      for (const [id, count] of seen) if (id.endsWith(suffix)) n += count;
      return n;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
