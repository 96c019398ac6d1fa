import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PullSummary } from '@provider-data/core';
import type { LambdaConfig } from './config.js';
import type { LineDestination } from './logger.js';

/** What one invocation did to a pull, as far as metrics care. */
export interface PullOutcome {
  pullId: string;
  action: string;
  statusCode: number;
  /** Wall time of the invocation's work on the pull. */
  durationMs: number;
  /** Files this invocation processed; unknown when it failed. */
  filesProcessed?: number;
  /** The pull's summary, when this invocation finished the pull. */
  finished?: PullSummary;
}

/** Powertools' metrics, serialized to a {@link LineDestination} instead of its own console. */
class LambdaMetrics extends Metrics {
  publishTo(destination: LineDestination): void {
    try {
      if (!this.isDisabled() && this.hasStoredMetrics()) {
        destination.write(`${JSON.stringify(this.serializeMetrics())}\n`);
      }
    } finally {
      this.clearMetrics();
      this.clearDimensions();
      this.clearMetadata();
    }
  }
}

/** Records a pull's metrics as CloudWatch Embedded Metric Format lines. */
export interface PullMetrics {
  record(outcome: PullOutcome): void;
}

/**
 * Metrics of the pulls this container works on, one EMF line per invocation in
 * the namespace `PDM_METRICS_NAMESPACE`, dimensions `service` (and
 * `healthSystem` for a finished pull), the pull id as metadata:
 *
 * - every invocation that worked on a pull: `FilesProcessed`, `ProcessingTime` (ms);
 * - the invocation that finished it: `PullsProcessed` 1, `RecordsRead`,
 *   `RecordsLoaded`, `RecordsQuarantined`, `FilesFailed` (whole-pull totals, once per pull);
 * - an invocation that failed on infrastructure (5xx): `PullsFailed` 1.
 */
export function createPullMetrics(
  config: Pick<LambdaConfig, 'metricsNamespace'>,
  destination: LineDestination,
  serviceName = 'provider-data-lambda',
): PullMetrics {
  const metrics = new LambdaMetrics({ namespace: config.metricsNamespace, serviceName });
  return {
    record(outcome) {
      const { finished } = outcome;
      metrics.addMetadata('pullId', outcome.pullId);
      metrics.addMetadata('action', outcome.action);
      metrics.addMetadata('statusCode', String(outcome.statusCode));
      if (outcome.filesProcessed !== undefined) {
        metrics.addMetric('FilesProcessed', MetricUnit.Count, outcome.filesProcessed);
      }
      metrics.addMetric('ProcessingTime', MetricUnit.Milliseconds, outcome.durationMs);
      if (outcome.statusCode >= 500) metrics.addMetric('PullsFailed', MetricUnit.Count, 1);
      if (finished) {
        metrics.addDimension('healthSystem', finished.healthSystem);
        metrics.addMetric('PullsProcessed', MetricUnit.Count, 1);
        metrics.addMetric('RecordsRead', MetricUnit.Count, finished.records.read);
        metrics.addMetric('RecordsLoaded', MetricUnit.Count, finished.records.loaded);
        metrics.addMetric('RecordsQuarantined', MetricUnit.Count, finished.records.quarantined);
        metrics.addMetric('FilesFailed', MetricUnit.Count, finished.files.failed.length);
      }
      metrics.publishTo(destination);
    },
  };
}
